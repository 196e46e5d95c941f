import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { smsLocaleOf, type SmsLocale } from '../session-keys/sms-text-rules'
import type { CustomerVault } from './customer-vault'

/**
 * Issue 12: the language of a customer's SMS (kk/ru/en), stored with the customer. Set at
 * registration (the customer window's language) or by the teller; every session-key SMS to the
 * customer's phone is written in it (SessionKeyService asks `ofPhone`).
 */
export class CustomerSmsLocale {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly vault: CustomerVault,
  ) {}

  /** The teller sets it; an unknown language is refused (VALIDATION_FAILED) and nothing changes. */
  async set(customerId: string, locale: string, actor: Actor): Promise<void> {
    const chosen = smsLocaleOf(locale)
    if (!chosen) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Some fields are missing or invalid.', { field: 'smsLocale' })
    const row = await this.uow.repos.customers.findById(customerId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'This customer was not found.')
    const phone = this.vault.open(row).phone
    await this.uow.transaction([], async (tx) => {
      await tx.customers.setSmsLocale(customerId, chosen, this.clock.now().toISOString())
      await this.audit.recordIn(tx, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'customer.smsLocale',
        outcome: 'success',
        details: { result: chosen },
      })
    })
  }

  /** The stored language of the customer with this phone, or null (not registered, or none chosen). */
  async ofPhone(phone: string): Promise<SmsLocale | null> {
    return (await this.vault.findByPhone(phone))?.smsLocale ?? null
  }
}

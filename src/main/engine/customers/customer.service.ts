import type { CustomerLookupDto, LockoutDto, SessionKeySentDto, StaffRole } from '../../../shared/dto'
import type { AuditService } from '../audit/audit.service'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { SessionKeyService } from '../session-keys/session-keys.service'
import { CustomerAccessService } from './customer-access.service'
import { CustomerLookup, type LookupLimits } from './customer-lookup'
import type { CustomerRow } from './customer.repo'
import { CustomerRegistrationService, type Registration } from './customer-registration.service'
import { CustomerSmsLocale } from './customer-sms-locale'
import type { CustomerPublic } from './customer-rules'
import type { CustomerVault } from './customer-vault'

export { ADULT_AGE_YEARS, assertAdultBirthDate, assertCustomerPassword, LOCKOUT_MS, MAX_PASSWORD_ATTEMPTS } from './customer-rules'
export type { CustomerPublic } from './customer-rules'
export type { Registration } from './customer-registration.service'

/**
 * Customers, as the rest of the main process calls them: identity (lookup, verification,
 * registration, password change) and access (sign-in, lockouts, blocks), each in its own service.
 */
export class CustomerService {
  private readonly access: CustomerAccessService
  private readonly identity: CustomerRegistrationService

  private readonly finder: CustomerLookup
  private readonly smsLocale: CustomerSmsLocale

  constructor(uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, keys: SessionKeyService, audit: AuditService, vault: CustomerVault, lookupLimits?: LookupLimits) {
    this.access = new CustomerAccessService(uow, clock, hasher, audit, vault)
    this.identity = new CustomerRegistrationService(uow, clock, hasher, keys, audit, vault, this.access)
    this.finder = new CustomerLookup(uow, clock, vault, keys, audit, lookupLimits)
    this.smsLocale = new CustomerSmsLocale(uow, clock, audit, vault)
  }

  /** Registered / not registered / blocked, audited and within the staff member's allowance. */
  lookup(phoneInput: string, actor: Actor): Promise<CustomerLookupDto> {
    return this.finder.lookup(phoneInput, actor)
  }

  sendKey(phoneInput: string, purpose: 'verify' | 'register', actor: Actor): Promise<SessionKeySentDto> {
    return this.identity.sendKey(phoneInput, purpose, actor)
  }

  confirmVerification(phoneInput: string, code: string, actor: Actor): Promise<{ phone: string; verifiedUntil: string }> {
    return this.identity.confirmVerification(phoneInput, code, actor)
  }

  register(input: Registration, actor: Actor): Promise<CustomerPublic> {
    return this.identity.register(input, actor)
  }

  requestPasswordChange(customerId: string, actor: Actor): Promise<SessionKeySentDto> {
    return this.identity.requestPasswordChange(customerId, actor)
  }

  changePassword(customerId: string, code: string, newPassword: string, actor: Actor): Promise<void> {
    return this.identity.changePassword(customerId, code, newPassword, actor)
  }

  signIn(phoneInput: string, password: string, actor: Actor): Promise<CustomerPublic> {
    return this.access.signIn(phoneInput, password, actor)
  }

  requireActive(customerId: string): Promise<CustomerRow> {
    return this.access.requireActive(customerId)
  }

  block(phoneInput: string, reason: string, actor: Actor): Promise<CustomerPublic> {
    return this.access.block(phoneInput, reason, actor)
  }

  unblock(phoneInput: string, reason: string, actor: Actor): Promise<{ lifted: ('block' | 'lockout')[] }> {
    return this.access.unblock(phoneInput, reason, actor)
  }

  lockouts(actor: Actor, role: StaffRole): Promise<LockoutDto[]> {
    return this.access.lockouts(actor, role)
  }

  /** Issue 12: the language of the customer's SMS, set by the teller (kk/ru/en; anything else refused). */
  setSmsLocale(customerId: string, locale: string, actor: Actor): Promise<void> {
    return this.smsLocale.set(customerId, locale, actor)
  }
}

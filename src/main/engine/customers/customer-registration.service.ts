import { randomUUID } from 'node:crypto'
import type { SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { normalisePassword } from '../../../shared/password-rules'
import type { AuditService } from '../audit/audit.service'
import type { PasswordHasher } from '../crypto/password-hasher'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import { normaliseKzMobile } from '../kernel/phone'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { sessionKeyLock, type SessionKeyService } from '../session-keys/session-keys.service'
import { smsLocaleOf } from '../session-keys/sms-text-rules'
import type { CustomerAccessService } from './customer-access.service'
import type { CustomerRow } from './customer.repo'
import {
  assertAdultBirthDate,
  assertCustomerPassword,
  blockedError,
  iso,
  normaliseName,
  publicView,
  type CustomerPublic,
} from './customer-rules'
import type { CustomerVault } from './customer-vault'

export interface Registration {
  phone: string
  name: string
  dateOfBirth: string
  password: string
  code: string
  /** The customer window's language (kk/ru/en) for the customer's SMS; anything else is not stored. */
  smsLocale?: string
}

const alreadyRegistered = () => new EngineError(ErrorCode.ALREADY_REGISTERED, 'A customer with this phone is already registered.')
const notVerified = () => new EngineError(ErrorCode.NOT_VERIFIED, 'Verify the phone with a session key first.')

/** A customer's identity: phone verification (S5.1), registration (S5.2, S7, S8), password change (S10). */
export class CustomerRegistrationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly hasher: PasswordHasher,
    private readonly keys: SessionKeyService,
    private readonly audit: AuditService,
    private readonly vault: CustomerVault,
    private readonly access: CustomerAccessService,
  ) {}

  /** S5.1(b) and S8: a key to verify the phone, or (once verified) to confirm the new password. */
  async sendKey(phoneInput: string, purpose: 'verify' | 'register', actor: Actor): Promise<SessionKeySentDto> {
    const phone = normaliseKzMobile(phoneInput)
    // Registration needs a verified phone first: only then (the customer is here with that phone)
    // may the answer say whether the phone is registered or blocked. Otherwise this would be an
    // unlimited, unaudited "is this phone a customer?" oracle beside the rate-limited lookup.
    if (purpose === 'register' && !(await this.keys.verifiedUntil(phone))) throw notVerified()
    const row = await this.vault.findByPhone(phone)
    if (row?.blocked) {
      await this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'sessionKey.send', outcome: 'denied', details: { purpose, reason: ErrorCode.CUSTOMER_BLOCKED } })
      throw blockedError()
    }
    if (purpose === 'register' && row) throw alreadyRegistered()
    return this.keys.issue(phone, purpose, actor)
  }

  /** S5.1(c): the customer entered the key; the phone counts as verified for 15 minutes. */
  async confirmVerification(phoneInput: string, code: string, actor: Actor): Promise<{ phone: string; verifiedUntil: string }> {
    const phone = normaliseKzMobile(phoneInput)
    const nowMs = this.clock.now().getTime()
    // The key spent, its event and the verification event commit together: a full disk leaves none (issue 17).
    const checked = await this.uow.transaction([sessionKeyLock(phone)], async (tx) => {
      const c = await this.keys.confirmIn(tx, phone, 'verify', code, actor, null, nowMs)
      if (c.ok) await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'customer.verify', outcome: 'success' })
      return c
    })
    if (!checked.ok) throw checked.error
    return { phone, verifiedUntil: iso(Date.parse(checked.key.usedAt) + 15 * 60_000) }
  }

  /**
   * S5.2: verified phone + name + date of birth + password (S7), the password confirmed by a
   * fresh key (S8). Everything that can be checked without spending the key is checked first.
   */
  async register(input: Registration, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(input.phone)
    const name = normaliseName(input.name)
    if (name === null) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Some fields are missing or invalid.')
    assertAdultBirthDate(input.dateOfBirth, this.clock.now())
    assertCustomerPassword(input.password)
    if (await this.vault.findByPhone(phone)) throw alreadyRegistered()
    if (!(await this.keys.verifiedUntil(phone))) throw notVerified()
    const passwordHash = await this.hasher.hash(normalisePassword(input.password))
    const nowMs = this.clock.now().getTime()
    // The key spent, the customer and both events commit together: a full disk leaves none of them
    // (issue 17). A wrong key is counted and committed, then refused.
    const outcome = await this.uow.transaction([sessionKeyLock(phone)], async (repos): Promise<{ refused: EngineError } | { row: CustomerRow }> => {
      if (await this.vault.findByPhone(phone, repos.customers)) throw alreadyRegistered()
      const checked = await this.keys.confirmIn(repos, phone, 'register', input.code, actor, null, nowMs)
      if (!checked.ok) return { refused: checked.error }
      const now = this.clock.now().toISOString()
      const id = randomUUID()
      const created: CustomerRow = {
        id,
        ...(await this.vault.seal(id, { phone, name, dateOfBirth: input.dateOfBirth })),
        passwordHash,
        failedAttempts: 0,
        lockedUntil: null,
        blocked: false,
        blockReason: null,
        blockedBy: null,
        blockedAt: null,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
        smsLocale: smsLocaleOf(input.smsLocale),
      }
      await repos.customers.insert(created)
      await this.audit.recordIn(repos, {
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'customer.register',
        outcome: 'success',
        details: { customerId: id },
      })
      return { row: created }
    })
    if ('refused' in outcome) throw outcome.refused
    return publicView(outcome.row, this.vault.open(outcome.row))
  }

  /** S10: each password-change request gets a newly generated key; any older one stops working. */
  async requestPasswordChange(customerId: string, actor: Actor): Promise<SessionKeySentDto> {
    const row = await this.access.requireActive(customerId)
    return this.keys.issue(this.vault.open(row).phone, 'password-change', actor)
  }

  /** S10 + S7 + S8: the new password is set only with the newest password-change key. */
  async changePassword(customerId: string, code: string, newPassword: string, actor: Actor): Promise<void> {
    const row = await this.access.requireActive(customerId)
    assertCustomerPassword(newPassword)
    const { phone } = this.vault.open(row)
    const passwordHash = await this.hasher.hash(normalisePassword(newPassword))
    const nowMs = this.clock.now().getTime()
    const now = new Date(nowMs).toISOString()
    // The key spent, the new password and its event commit together: a full disk leaves the old password and the key (issue 17).
    const checked = await this.uow.transaction([sessionKeyLock(phone)], async (tx) => {
      const c = await this.keys.confirmIn(tx, phone, 'password-change', code, actor, null, nowMs)
      if (c.ok) {
        await tx.customers.setPassword(row.id, passwordHash, now)
        await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'customer.passwordChange', outcome: 'success' })
      }
      return c
    })
    if (!checked.ok) throw checked.error
  }
}

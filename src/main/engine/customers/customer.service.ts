import { randomUUID } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { CustomerLookupDto, LockoutDto, SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { customerPasswordChecks } from '../../../shared/password-rules'
import { CustomerEntity, type CustomerRow } from '../../store/entities/customer.entity'
import { almatyDay } from '../kernel/almaty-time'
import type { AuditService } from '../audit/audit.service'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { PasswordHasher } from '../crypto/password-hasher'
import { normaliseKzMobile } from '../kernel/phone'
import type { SerialQueue } from '../../store/serial-queue'
import type { SessionKeyService } from '../session-keys/session-keys.service'
import type { CustomerVault } from './customer-vault'
import type { Actor } from '../kernel/actor'

/** S11: three wrong passwords, then 15 minutes without access. */
export const MAX_PASSWORD_ATTEMPTS = 3
export const LOCKOUT_MS = 15 * 60_000
export const ADULT_AGE_YEARS = 18

export interface CustomerPublic {
  id: string
  phone: string
  name: string
  dateOfBirth: string
  createdAt: string
}

export interface Registration {
  phone: string
  name: string
  dateOfBirth: string
  password: string
  code: string
}

const iso = (ms: number) => new Date(ms).toISOString()


/** S7, applied by the engine whatever the UI showed. The reply names the failed rules, never the password. */
export function assertCustomerPassword(password: string): void {
  const failed = customerPasswordChecks(password).filter((c) => !c.ok).map((c) => c.id)
  if (failed.length > 0) {
    throw new EngineError(ErrorCode.WEAK_PASSWORD, 'The password does not meet the rules.', { failedRules: failed.join(',') })
  }
}

/** S5.2(b): a real calendar date, not in the future, and an adult customer (Almaty "today"). */
export function assertAdultBirthDate(dateOfBirth: string, now: Date): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth)
  const parsed = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null
  const real = parsed !== null && parsed.toISOString().slice(0, 10) === dateOfBirth && dateOfBirth >= '1900-01-01'
  const today = almatyDay(now)
  const adultIfBornBy = `${Number(today.slice(0, 4)) - ADULT_AGE_YEARS}${today.slice(4)}`
  if (!real || dateOfBirth > today || dateOfBirth > adultIfBornBy) {
    throw new EngineError(
      ErrorCode.INVALID_BIRTH_DATE,
      'The date of birth is not valid: the customer must be an adult and the date cannot be in the future.',
    )
  }
}

/**
 * Customers: lookup, verification (S5.1), registration (S5.2, S7, S8), sign-in with the atomic
 * three-strike lockout (S5, S11), password change (S10), manual blocks and early unlocks (S13).
 * Counters and locks live in the store, so every window and every workstation sharing the store
 * sees the same state.
 */
export class CustomerService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queue: SerialQueue,
    private readonly hasher: PasswordHasher,
    private readonly keys: SessionKeyService,
    private readonly audit: AuditService,
    private readonly vault: CustomerVault,
  ) {}

  private toPublic(row: CustomerRow): CustomerPublic {
    return { id: row.id, ...this.vault.open(row), createdAt: row.createdAt }
  }

  private get repo() {
    return this.ds.getRepository(CustomerEntity)
  }

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  private async byPhone(phone: string): Promise<CustomerRow | null> {
    return this.vault.findByPhone(phone)
  }

  private async requireRegistered(phone: string): Promise<CustomerRow> {
    const row = await this.byPhone(phone)
    if (!row) throw new EngineError(ErrorCode.NOT_REGISTERED, 'No customer is registered with this phone.')
    return row
  }

  private lockedUntil(row: CustomerRow): string | null {
    return row.lockedUntil !== null && Date.parse(row.lockedUntil) > this.nowMs() ? row.lockedUntil : null
  }

  private blockedError(): EngineError {
    return new EngineError(ErrorCode.CUSTOMER_BLOCKED, 'Access is blocked by the bank. A supervisor can lift the block.')
  }

  private lockedError(until: string): EngineError {
    return new EngineError(ErrorCode.CUSTOMER_LOCKED, 'Access is locked for 15 minutes after 3 wrong passwords.', { lockedUntil: until })
  }

  /** Why a customer row may not sign in now: blocked by the bank, else locked out. */
  private refusalFor(row: CustomerRow): EngineError {
    return row.blocked ? this.blockedError() : this.lockedError(row.lockedUntil ?? iso(this.nowMs() + LOCKOUT_MS))
  }

  async lookup(phoneInput: string): Promise<CustomerLookupDto> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.byPhone(phone)
    const verifiedUntil = await this.keys.verifiedUntil(phone)
    if (!row) return { phone, registered: false, name: null, verifiedUntil, access: { kind: 'active' } }
    const until = this.lockedUntil(row)
    return {
      phone,
      registered: true,
      name: this.vault.open(row).name,
      verifiedUntil,
      access: row.blocked
        ? { kind: 'block', reason: row.blockReason }
        : until
          ? { kind: 'lockout', until }
          : { kind: 'active' },
    }
  }

  /** S5.1(b) and S8: a key to verify the phone, or (once verified) to confirm the new password. */
  async sendKey(phoneInput: string, purpose: 'verify' | 'register', actor: Actor): Promise<SessionKeySentDto> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.byPhone(phone)
    if (row?.blocked) throw this.blockedError()
    if (purpose === 'register') {
      if (row) throw new EngineError(ErrorCode.ALREADY_REGISTERED, 'A customer with this phone is already registered.')
      if (!(await this.keys.verifiedUntil(phone))) throw new EngineError(ErrorCode.NOT_VERIFIED, 'Verify the phone with a session key first.')
    }
    return this.keys.issue(phone, purpose, actor)
  }

  /** S5.1(c): the customer entered the key; the phone counts as verified for 15 minutes. */
  async confirmVerification(phoneInput: string, code: string, actor: Actor): Promise<{ phone: string; verifiedUntil: string }> {
    const phone = normaliseKzMobile(phoneInput)
    const { usedAt } = await this.keys.confirm(phone, 'verify', code, actor)
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'customer.verify',
      outcome: 'success',
    })
    return { phone, verifiedUntil: iso(Date.parse(usedAt) + 15 * 60_000) }
  }

  /**
   * S5.2: verified phone + name + date of birth + password (S7), the password confirmed by a
   * fresh key (S8). Everything that can be checked without spending the key is checked first.
   */
  async register(input: Registration, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(input.phone)
    const name = input.name.trim().replace(/\s+/g, ' ')
    if (name.length < 2 || name.length > 120) {
      throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Some fields are missing or invalid.')
    }
    assertAdultBirthDate(input.dateOfBirth, this.clock.now())
    assertCustomerPassword(input.password)
    if (await this.byPhone(phone)) throw new EngineError(ErrorCode.ALREADY_REGISTERED, 'A customer with this phone is already registered.')
    if (!(await this.keys.verifiedUntil(phone))) throw new EngineError(ErrorCode.NOT_VERIFIED, 'Verify the phone with a session key first.')
    await this.keys.confirm(phone, 'register', input.code, actor)
    const passwordHash = await this.hasher.hash(input.password)
    const row = await this.queue.run(async () => {
      if (await this.byPhone(phone)) throw new EngineError(ErrorCode.ALREADY_REGISTERED, 'A customer with this phone is already registered.')
      const now = iso(this.nowMs())
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
      }
      await this.repo.insert(created)
      return created
    })
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'customer.register',
      outcome: 'success',
      details: { customerId: row.id },
    })
    return this.toPublic(row)
  }

  /**
   * S5 login + password with S11. Each attempt first reserves one of the three checks in a single
   * conditional UPDATE; only a reserved attempt reaches the password hash, so however many
   * attempts race, at most three passwords are ever checked before the lockout.
   */
  async signIn(phoneInput: string, password: string, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.byPhone(phone)
    const audit = (outcome: 'success' | 'failure' | 'denied', details: Record<string, string | number | boolean | null>) =>
      this.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'customer.signIn', outcome, details })
    if (!row) {
      await this.hasher.verify(null, password) // same cost as a real check: no "unknown phone" oracle
      await audit('failure', { reason: ErrorCode.NOT_REGISTERED })
      throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'Wrong login or password.')
    }

    const nowIso = iso(this.nowMs())
    const reservation = await this.queue.run(() =>
      this.ds.transaction(async (m) => {
        const r = await m
          .createQueryBuilder()
          .update(CustomerEntity)
          .set({
            failedAttempts: () => `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN 1 ELSE failed_attempts + 1 END`,
            // The reservation that fills the count locks at once (provisionally): a crash or an error
            // during the password check can never leave a lock without an end.
            lockedUntil: () =>
              `CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL WHEN failed_attempts + 1 >= :max THEN :until ELSE locked_until END`,
          })
          .where(
            'id = :id AND blocked = :no AND ((locked_until IS NULL AND failed_attempts < :max) OR (locked_until IS NOT NULL AND locked_until <= :now))',
            { id: row.id, max: MAX_PASSWORD_ATTEMPTS, no: false },
          )
          .setParameter('now', nowIso)
          .setParameter('until', iso(this.nowMs() + LOCKOUT_MS))
          .execute()
        const after = await m.getRepository(CustomerEntity).findOneOrFail({ where: { id: row.id } })
        return { reserved: (r.affected ?? 0) === 1, after }
      }),
    )
    if (!reservation.reserved) {
      const refusal = this.refusalFor(reservation.after)
      await audit('denied', { reason: refusal.code })
      throw refusal
    }
    const attempt = reservation.after.failedAttempts
    // Set when this attempt took the last of the three checks: its own provisional lock.
    const provisional = attempt >= MAX_PASSWORD_ATTEMPTS ? reservation.after.lockedUntil : null

    const good = await this.hasher.verify(row.passwordHash, password)
    if (good) {
      const rehash = this.hasher.needsRehash(row.passwordHash) ? await this.hasher.hash(password) : null
      const cleared = await this.queue.run(async () => {
        const r = await this.repo
          .createQueryBuilder()
          .update()
          .set({ failedAttempts: 0, lockedUntil: null, updatedAt: iso(this.nowMs()), ...(rehash ? { passwordHash: rehash } : {}) })
          .where('id = :id AND blocked = :no AND (locked_until IS NULL OR locked_until = :mine)', { id: row.id, mine: provisional ?? '', no: false })
          .execute()
        return (r.affected ?? 0) === 1
      })
      if (cleared) {
        await audit('success', { attempt })
        return this.toPublic(row)
      }
      // Locked or blocked by a concurrent attempt or a supervisor while this one was checked.
      const refusal = this.refusalFor(await this.requireRegistered(phone))
      await audit('denied', { reason: refusal.code })
      throw refusal
    }

    // Wrong: the reserved attempt stays counted; the attempt that filled the count already locked.
    await audit('failure', { reason: ErrorCode.INVALID_CREDENTIALS, attempt })
    if (provisional !== null) {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'customer.lockout',
        outcome: 'success',
        details: { lockedUntil: provisional, attempts: MAX_PASSWORD_ATTEMPTS },
      })
      throw new EngineError(ErrorCode.CUSTOMER_LOCKED, 'Wrong password 3 times: access is locked for 15 minutes.', { lockedUntil: provisional })
    }
    throw new EngineError(ErrorCode.INVALID_CREDENTIALS, 'Wrong login or password.', {
      attemptsLeft: Math.max(0, MAX_PASSWORD_ATTEMPTS - attempt),
    })
  }

  /** The customer must still be allowed in (not blocked) to act at the counter. */
  async requireActive(customerId: string): Promise<CustomerRow> {
    const row = await this.repo.findOne({ where: { id: customerId } })
    if (!row) throw new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')
    if (row.blocked) throw this.blockedError()
    return row
  }

  /** S10: each password-change request gets a newly generated key; any older one stops working. */
  async requestPasswordChange(customerId: string, actor: Actor): Promise<SessionKeySentDto> {
    const row = await this.requireActive(customerId)
    return this.keys.issue(this.vault.open(row).phone, 'password-change', actor)
  }

  /** S10 + S7 + S8: the new password is set only with the newest password-change key. */
  async changePassword(customerId: string, code: string, newPassword: string, actor: Actor): Promise<void> {
    const row = await this.requireActive(customerId)
    assertCustomerPassword(newPassword)
    const { phone } = this.vault.open(row)
    await this.keys.confirm(phone, 'password-change', code, actor)
    const passwordHash = await this.hasher.hash(newPassword)
    const now = iso(this.nowMs())
    await this.queue.run(() => this.repo.update({ id: row.id }, { passwordHash, passwordChangedAt: now, updatedAt: now }))
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'customer.passwordChange',
      outcome: 'success',
    })
  }

  /** S13: the bank blocks a customer's access to protect their funds; a supervisor, with a reason. */
  async block(phoneInput: string, reason: string, actor: Actor): Promise<CustomerPublic> {
    const phone = normaliseKzMobile(phoneInput)
    const row = await this.queue.run(async () => {
      const current = await this.requireRegistered(phone)
      if (current.blocked) throw new EngineError(ErrorCode.CONFLICT, 'This customer is already blocked.')
      const now = iso(this.nowMs())
      await this.repo.update(
        { id: current.id },
        { blocked: true, blockReason: reason.trim(), blockedBy: actor.staffId, blockedAt: now, updatedAt: now },
      )
      return current
    })
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'customer.block',
      outcome: 'success',
      details: { reason: reason.trim() },
    })
    return this.toPublic(row)
  }

  /** Lifts a manual block (S13) and/or a password lockout before its 15 minutes (S11), with a reason. */
  async unblock(phoneInput: string, reason: string, actor: Actor): Promise<{ lifted: ('block' | 'lockout')[] }> {
    const phone = normaliseKzMobile(phoneInput)
    const lifted = await this.queue.run(async () => {
      const current = await this.requireRegistered(phone)
      const what: ('block' | 'lockout')[] = []
      if (current.blocked) what.push('block')
      if (this.lockedUntil(current) || current.failedAttempts >= MAX_PASSWORD_ATTEMPTS) what.push('lockout')
      if (what.length === 0) throw new EngineError(ErrorCode.NOT_LOCKED, 'This customer is neither locked out nor blocked.')
      await this.repo.update(
        { id: current.id },
        { blocked: false, blockReason: null, blockedBy: null, blockedAt: null, failedAttempts: 0, lockedUntil: null, updatedAt: iso(this.nowMs()) },
      )
      return what
    })
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: lifted.includes('block') ? 'customer.unblock' : 'customer.unlock',
      outcome: 'success',
      details: { reason: reason.trim(), lifted: lifted.join(',') },
    })
    return { lifted }
  }

  /** Everyone currently without access: manual blocks first, then lockouts by time left. */
  async lockouts(): Promise<LockoutDto[]> {
    const nowMs = this.nowMs()
    const rows = await this.repo
      .createQueryBuilder('c')
      .where('c.blocked = :yes OR c.locked_until > :now', { now: iso(nowMs), yes: true })
      .getMany()
    return rows
      .map((r): LockoutDto => {
        const { phone, name } = this.vault.open(r)
        if (r.blocked) return { phone, name, kind: 'block', until: null, secondsLeft: null, reason: r.blockReason }
        return {
          phone,
          name,
          kind: 'lockout',
          until: r.lockedUntil,
          secondsLeft: Math.ceil((Date.parse(r.lockedUntil!) - nowMs) / 1000),
          reason: null,
        }
      })
      .sort((a, b) => (a.kind === b.kind ? (a.secondsLeft ?? 0) - (b.secondsLeft ?? 0) : a.kind === 'block' ? -1 : 1))
  }
}

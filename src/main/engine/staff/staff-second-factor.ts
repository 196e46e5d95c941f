import { Secret, TOTP } from 'otpauth'
import { toDataURL } from 'qrcode'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { KeyRing } from '../crypto/key-ring'
import type { Actor } from '../kernel/actor'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import {
  decideStep, looksLikeTotp, matchingStep, newRecoveryCodes, recoveryCodeHash, TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD_MS, TOTP_SECRET_BYTES,
} from './staff-totp-rules'

/** What the enrolling staff member sees once: the QR code to scan and the same secret as text. */
export interface TotpEnrolment {
  secret: string
  otpauthUri: string
  qrDataUrl: string
}

interface Pending {
  staffId: string
  /** Null until `begin` made one. */
  secret: string | null
  until: number
  wrong: number
}

/** An enrolment left unconfirmed this long is dropped: the staff member signs in again. */
const ENROLMENT_MS = 10 * 60_000
/** Wrong confirmation codes before the enrolment is dropped (signing in again counts toward the lockout). */
const MAX_ENROLMENT_TRIES = 5
const MAX_PENDING = 1_000
const ISSUER = 'Teller'

/** AAD of the sealed secret: table, column and row. */
export const totpAad = (staffId: string) => `staff_totp.secret_sealed:${staffId}`

type Details = Record<string, string | number | boolean | null>

/**
 * PCI DSS v4 8.4.2: the second factor of every staff account (TOTP, RFC 6238). Enrolment is kept in
 * memory for the enrolling window until a code from the new secret confirms it; the secret is then
 * stored sealed with the key ring and ten one-time recovery codes as hashes. `verify` is the one
 * check of a code for sign-in and for re-authentication: it consumes the step (or the recovery
 * code) by a conditional UPDATE, so a code is accepted once however many windows submit it.
 */
export class StaffSecondFactor {
  private readonly pending = new Map<string, Pending>()

  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: KeyRing,
    private readonly audit: AuditService,
  ) {}

  private now(): number {
    return this.clock.now().getTime()
  }

  /** Records an event: on its own, or with `tx` in the caller's transaction (it commits with the change it records, issue 14). */
  private record(actor: Actor, action: string, outcome: 'success' | 'failure' | 'denied', details: Details, tx?: Repos): Promise<unknown> {
    const input = { actorStaffId: actor.staffId, workstation: actor.workstation, action, outcome, details }
    return tx ? this.audit.recordIn(tx, input) : this.audit.record(input)
  }

  async isEnrolled(staffId: string): Promise<boolean> {
    return (await this.uow.repos.staffTotp.find(staffId)) !== null
  }

  /** Opens an enrolment at this window for a staff member who has just proved their password and has no second factor. */
  open(clientId: string, staffId: string): void {
    this.pending.delete(clientId)
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string)
    this.pending.set(clientId, { staffId, secret: null, until: this.now() + ENROLMENT_MS, wrong: 0 })
  }

  /** A new secret for the enrolment open at this window (again: a new secret, the previous one forgotten). */
  async begin(clientId: string, login: string, workstation: string): Promise<TotpEnrolment> {
    const staffId = this.enrolling(clientId)
    const p = this.pending.get(clientId)
    if (staffId === null || !p) throw new EngineError(ErrorCode.UNAUTHENTICATED, 'Please sign in first.')
    if (await this.isEnrolled(staffId)) {
      this.pending.delete(clientId)
      throw new EngineError(ErrorCode.CONFLICT, 'This account already has a second factor.')
    }
    p.secret = new Secret({ size: TOTP_SECRET_BYTES }).base32
    await this.record({ staffId, workstation }, 'staff.totp.enrolStart', 'success', { staffId })
    const totp = new TOTP({ issuer: ISSUER, label: login, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_MS / 1000, secret: Secret.fromBase32(p.secret) })
    const otpauthUri = totp.toString()
    return { secret: p.secret, otpauthUri, qrDataUrl: await toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 2, width: 240 }) }
  }

  /** The staff member enrolling at this window, if the enrolment is still open. */
  enrolling(clientId: string): string | null {
    const p = this.pending.get(clientId)
    if (!p) return null
    if (p.until <= this.now()) {
      this.pending.delete(clientId)
      return null
    }
    return p.staffId
  }

  forget(clientId: string): void {
    this.pending.delete(clientId)
  }

  /** Confirms the enrolment with a code from the new secret; returns the recovery codes, shown this once. */
  async confirm(clientId: string, code: string, workstation: string): Promise<{ staffId: string; recoveryCodes: string[] }> {
    const staffId = this.enrolling(clientId)
    const p = this.pending.get(clientId)
    if (staffId === null || !p || p.secret === null) throw new EngineError(ErrorCode.UNAUTHENTICATED, 'Please sign in first.')
    const actor = { staffId, workstation }
    const secret = p.secret
    const step = looksLikeTotp(code) ? matchingStep(secret, code, this.now()) : null
    if (step === null) {
      p.wrong += 1
      if (p.wrong >= MAX_ENROLMENT_TRIES) this.pending.delete(clientId)
      await this.record(actor, 'staff.totp.enrol', 'failure', { staffId, reason: 'wrong_code', tries: p.wrong })
      throw new EngineError(ErrorCode.SECOND_FACTOR_INVALID, 'The code is wrong or has been used.')
    }
    const recoveryCodes = newRecoveryCodes()
    const row = { staffId, secretSealed: this.keys.sealField(secret, totpAad(staffId)), lastStep: step, enrolledAt: new Date(this.now()).toISOString() }
    const done = await this.uow.transaction([`staff-totp:${staffId}`], async (tx) => {
      if (!(await tx.staffTotp.enrol(row, recoveryCodes.map((c) => recoveryCodeHash(staffId, c))))) return false
      await this.record(actor, 'staff.totp.enrol', 'success', { staffId, recoveryCodes: recoveryCodes.length }, tx)
      return true
    })
    this.pending.delete(clientId)
    if (!done) {
      await this.record(actor, 'staff.totp.enrol', 'denied', { staffId, reason: 'already_enrolled' })
      throw new EngineError(ErrorCode.CONFLICT, 'This account already has a second factor.')
    }
    return { staffId, recoveryCodes }
  }

  /**
   * Checks a TOTP code (±1 step, each step once) or a one-time recovery code of a staff member, for
   * `purpose` (sign-in, re-authentication...). Audited either way; the code itself never is.
   */
  async verify(staffId: string, code: string, actor: Actor, purpose: string): Promise<boolean> {
    const typed = code.trim()
    const base = { staffId, purpose }
    const row = await this.uow.repos.staffTotp.find(staffId)
    if (!row) {
      await this.record(actor, 'staff.totp.verify', 'failure', { ...base, reason: 'not_enrolled' })
      return false
    }
    if (looksLikeTotp(typed)) {
      const step = matchingStep(this.keys.openField(row.secretSealed, totpAad(staffId)), typed, this.now())
      if (step === null) {
        await this.record(actor, 'staff.totp.verify', 'failure', { ...base, method: 'totp', reason: 'wrong_code' })
        return false
      }
      // The spent step commits with its audit event (issue 14).
      const fresh =
        decideStep(step, row.lastStep) === 'accepted' &&
        (await this.uow.transaction([], async (tx) => {
          if (!(await tx.staffTotp.consumeStep(staffId, step))) return false
          await this.record(actor, 'staff.totp.verify', 'success', { ...base, method: 'totp' }, tx)
          return true
        }))
      if (!fresh) await this.record(actor, 'staff.totp.verify', 'failure', { ...base, method: 'totp', reason: 'replayed' })
      return fresh
    }
    // A used recovery code commits with its audit event (issue 14).
    const used =
      typed.length > 0 &&
      typed.length <= 64 &&
      (await this.uow.transaction([], async (tx) => {
        if (!(await tx.staffTotp.useRecoveryCode(staffId, recoveryCodeHash(staffId, typed), new Date(this.now()).toISOString()))) return false
        await this.record(actor, 'staff.totp.verify', 'success', { ...base, method: 'recovery_code', recoveryCodesLeft: await tx.staffTotp.unusedRecoveryCodes(staffId) }, tx)
        return true
      }))
    if (!used) await this.record(actor, 'staff.totp.verify', 'failure', { ...base, method: 'recovery_code', reason: 'wrong_recovery_code' })
    return used
  }

  /**
   * A supervisor removes another staff member's second factor (lost phone), with a reason; the
   * account must enrol again at its next sign-in. Never one's own: that would leave a password only.
   */
  async reset(staffId: string, reason: string, actor: Actor): Promise<void> {
    const details = { staffId, reason: reason.trim() }
    if (staffId === actor.staffId) {
      await this.record(actor, 'staff.totp.reset', 'denied', { ...details, refused: 'self' })
      throw new EngineError(ErrorCode.CONFLICT, 'You cannot reset your own second factor: another supervisor must.')
    }
    // The removal commits with its audit event (issue 14).
    await this.uow.transaction([`staff-totp:${staffId}`], async (tx) => {
      if (!(await tx.staff.findById(staffId))) throw new EngineError(ErrorCode.NOT_FOUND, 'No such staff member.')
      const had = await tx.staffTotp.remove(staffId)
      await this.record(actor, 'staff.totp.reset', 'success', { ...details, hadSecondFactor: had }, tx)
    })
  }

  /**
   * Development stores only (the caller, `createDevStaff`, refuses production): enrols with a fixed,
   * documented secret so a newcomer can sign in with a code from it. No recovery codes.
   */
  async enrolDevelopment(staffId: string, secretBase32: string, workstation: string): Promise<void> {
    const row = { staffId, secretSealed: this.keys.sealField(secretBase32, totpAad(staffId)), lastStep: null, enrolledAt: new Date(this.now()).toISOString() }
    await this.uow.transaction([`staff-totp:${staffId}`], async (tx) => {
      if (await tx.staffTotp.enrol(row, [])) await this.record({ staffId: null, workstation }, 'staff.totp.enrol', 'success', { staffId, development: true }, tx)
    })
  }
}

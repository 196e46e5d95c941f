import { randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import type { SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import { blindIndexes, INDEX_DOMAIN } from '../crypto/field-seal'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { KeyStore, SmsGateway } from '../kernel/ports'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import type { Actor } from '../kernel/actor'
import { macTag, macVersionOf } from '../crypto/mac-tag'
import { almatyDayBegan, dailyQuota } from '../staff/staff-quota-rules'
import { cardRemovalSmsText, sessionKeySmsText, transactionSmsText, type OperationSummary, type SmsLocale } from './sms-text-rules'
import type { SessionKeyPurposeRow, SessionKeyRepo, SessionKeyRow } from './session-key.repo'
import {
  decideIssue,
  EXPIRED,
  HOUR_MS,
  iso,
  issueRefusalMessage,
  isStillValid,
  KEEP_MS,
  newKeyRow,
  noActiveKeyRefusal,
  RESEND_COOLDOWN_MS,
  verifiedUntil,
  wrongEntry,
  type IssueDecision,
  type Refusal,
} from './session-key-rules'

export { MAX_KEYS_PER_HOUR, MAX_WRONG_ENTRIES, RESEND_COOLDOWN_MS, SESSION_KEY_TTL_MS } from './session-key-rules'
export { sessionKeySmsText } from './sms-text-rules'

/** Session-key SMS per Almaty calendar day (configurable: TELLER_SMS_PER_PHONE_PER_DAY, TELLER_SMS_PER_STAFF_PER_DAY). */
export interface SmsLimits {
  perPhonePerDay: number
  perStaffPerDay: number
}

export const DEFAULT_SMS_LIMITS: SmsLimits = { perPhonePerDay: 10, perStaffPerDay: 200 }

export interface IssueOptions {
  /** S12: digest of the operation a transaction key confirms. */
  binding?: string | null
  /** S12: what a transaction key confirms, named in its SMS (dynamic linking). */
  operation?: OperationSummary
  /** S15.2: a transaction key that removes a saved card; its SMS names the removal and the card's last 4. */
  cardRemoval?: { cardLast4: string }
}

export type ConfirmedKey = { keyId: string; usedAt: string }

/** The lock every decision about one phone's keys takes, on every workstation of the branch. */
export const sessionKeyLock = (phone: string): string => `session-key:${phone}`

type CheckOutcome = { ok: true; row: SessionKeyRow; usedAt: string } | ({ ok: false } & Refusal)
type Decision = Exclude<IssueDecision, { refused: null }> | { refused: null; row: SessionKeyRow }

/**
 * Session keys (one-time codes) for verification, registration, password change and transaction
 * confirmation (S5, S8, S9, S10, S12). The six digits exist only in this process's memory on the
 * way to the SMS gateway; the store keeps an HMAC whose key lives in the key store.
 */
export class SessionKeyService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly keys: KeyStore,
    private readonly sms: SmsGateway,
    private readonly audit: AuditService,
    private readonly limits: SmsLimits = DEFAULT_SMS_LIMITS,
    /** One language per SMS, so it fits one segment (TELLER_SMS_LOCALE). */
    private readonly locale: SmsLocale = 'ru',
    /** Issue 12: the language the customer with this phone chose, if any (else `locale`). */
    private readonly localeOf: (phone: string) => Promise<SmsLocale | null> = async () => null,
  ) {}

  /**
   * Over the phone itself (the row keeps only its keyed index, issue 15), tagged with the
   * session-key-mac version it was made with (the active one when issuing; the key's own when
   * checking, so a key issued before a rotation still works).
   */
  private async mac(row: Pick<SessionKeyRow, 'id' | 'purpose' | 'binding'>, phone: string, code: string, version?: number): Promise<string> {
    const { key, version: v } = version === undefined ? await this.keys.mac('session-key-mac') : { key: await this.keys.macAt('session-key-mac', version), version }
    // An unknown version cannot match: a random key makes the comparison fail like a wrong code.
    return macTag(key ?? randomBytes(32), v, [row.id, phone, row.purpose, row.binding ?? '', code].join('\n'))
  }

  /**
   * Sends a new key of this purpose to the phone. Every older active key of the same purpose stops
   * working at once (S10: only the newest key confirms a request).
   */
  async issue(phone: string, purpose: SessionKeyPurposeRow, actor: Actor, options: IssueOptions = {}): Promise<SessionKeySentDto> {
    const nowMs = this.clock.now().getTime()
    const id = randomUUID()
    const binding = options.binding ?? null
    // Drawn before the critical section; the MAC needs the key store, which may be slow.
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
    const codeMac = await this.mac({ id, purpose, binding }, phone, code)
    const staffId = actor.staffId
    const locks = [sessionKeyLock(phone), ...(staffId !== null ? [`staff-quota:sms:${staffId}`] : [])]
    const decision = await this.uow.transaction(locks, async ({ sessionKeys, staffQuota }): Promise<Decision> => {
      // Keys older than a day are of no use to anyone: removed for every phone, not only this one.
      await sessionKeys.purgeCreatedBefore(iso(nowMs - KEEP_MS))
      const phoneIndex = await this.phoneIndexIn(sessionKeys, phone)
      // The Almaty day began less than 24 hours ago, so every key it counts is still kept.
      const today = almatyDayBegan(nowMs)
      const issuedToday = await sessionKeys.listIssuedSince(phoneIndex, today)
      const hourAgo = iso(nowMs - HOUR_MS)
      const decided = decideIssue(issuedToday.filter((k) => k.createdAt > hourAgo), purpose, nowMs)
      if (decided.refused !== null) return decided
      // A key the customer entered correctly proves they were at the counter, so it does not count
      // for the phone; a key whose SMS failed does (issue 12: the operator may have delivered it,
      // and failures must not open a way round the cap). Every key counts for the staff member below.
      const perPhone = dailyQuota(issuedToday.filter((k) => k.state !== 'used').length, this.limits.perPhonePerDay, nowMs)
      if (!perPhone.allowed) return { refused: ErrorCode.SMS_PHONE_QUOTA_REACHED, retryAt: perPhone.retryAt }
      if (staffId !== null) {
        const perStaff = dailyQuota((await staffQuota.usesSince(staffId, 'sms', today)).length, this.limits.perStaffPerDay, nowMs)
        if (!perStaff.allowed) return { refused: ErrorCode.SMS_STAFF_QUOTA_REACHED, retryAt: perStaff.retryAt }
        await staffQuota.add({ id: randomUUID(), staffId, kind: 'sms', at: iso(nowMs) })
      }
      // Stored before the SMS leaves (it counts toward the caps whatever the operator answers), unusable ('expired') until
      // its send event commits below with the older keys superseded: a crash mid-send leaves no working key unaudited (review F4).
      const row: SessionKeyRow = { ...newKeyRow({ id, phoneIndex, purpose, binding, codeMac }, nowMs), state: 'expired' }
      await sessionKeys.add(row)
      return { refused: null, row }
    })

    if (decision.refused !== null) {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'sessionKey.send',
        outcome: 'denied',
        details: { purpose, reason: decision.refused, retryAt: decision.retryAt },
      })
      throw new EngineError(decision.refused, issueRefusalMessage(decision.refused), { retryAt: decision.retryAt })
    }

    try {
      const locale = (await this.localeOf(phone)) ?? this.locale
      const text =
        purpose !== 'transaction'
          ? sessionKeySmsText(code, purpose, locale)
          : options.cardRemoval
            ? cardRemovalSmsText(code, locale, options.cardRemoval.cardLast4)
            : transactionSmsText(code, locale, options.operation!)
      await this.sms.send({ to: phone, text, ref: id })
    } catch {
      // Not delivered: this key never works, the customer's still does ("nothing was changed"); it counts toward the caps. Marked with its event (issue 14).
      await this.uow.transaction([], async (tx) => {
        await tx.sessionKeys.markUnsent(id)
        await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'sessionKey.send', outcome: 'failure', details: { purpose, reason: ErrorCode.SMS_UNAVAILABLE } })
      })
      throw new EngineError(ErrorCode.SMS_UNAVAILABLE, 'The SMS could not be sent. Nothing was changed; please try again.')
    }
    await this.uow.transaction([sessionKeyLock(phone)], async (tx) => {
      await tx.sessionKeys.activate(id)
      await tx.sessionKeys.supersedeOlder(decision.row) // older keys stop working with the delivered key's event (issue 14)
      await this.audit.recordIn(tx, { actorStaffId: actor.staffId, workstation: actor.workstation, customerRef: phone, action: 'sessionKey.send', outcome: 'success', details: { purpose, keyId: id } })
    })
    return {
      phone,
      purpose,
      expiresAt: decision.row.expiresAt,
      resendAvailableAt: iso(nowMs + RESEND_COOLDOWN_MS),
    }
  }

  /**
   * Checks and spends the newest key of this purpose. Wrong entries are counted and committed even
   * though the call fails; the third spends the key. Throws EngineError on every refusal.
   */
  async confirm(phone: string, purpose: SessionKeyPurposeRow, code: string, actor: Actor, binding: string | null = null): Promise<ConfirmedKey> {
    // The clock is read before the transaction: a wall-clock jump it notices is audited first.
    const nowMs = this.clock.now().getTime()
    const checked = await this.uow.transaction([sessionKeyLock(phone)], (tx) => this.confirmIn(tx, phone, purpose, code, actor, binding, nowMs))
    if (!checked.ok) throw checked.error
    return checked.key
  }

  /**
   * The same check inside the caller's transaction, which holds `sessionKeyLock(phone)`: the key
   * spent (or the wrong entry counted) and its audit event commit together, with whatever the
   * caller writes next; a full disk leaves none of them (issue 17). A refusal is returned, not
   * thrown, so the caller commits the counted entry and throws it afterwards.
   */
  async confirmIn(tx: Repos, phone: string, purpose: SessionKeyPurposeRow, code: string, actor: Actor, binding: string | null = null, nowMs = this.clock.now().getTime()): Promise<{ ok: true; key: ConfirmedKey } | { ok: false; error: EngineError }> {
    const outcome = await this.check(tx, phone, purpose, code, binding, nowMs)
    await this.audit.recordIn(tx, {
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'sessionKey.confirm',
      outcome: outcome.ok ? 'success' : 'failure',
      details: outcome.ok ? { purpose, keyId: outcome.row.id } : { purpose, reason: outcome.code },
    })
    if (!outcome.ok) return { ok: false, error: new EngineError(outcome.code, outcome.message, outcome.details) }
    return { ok: true, key: { keyId: outcome.row.id, usedAt: outcome.usedAt } }
  }

  private async check(tx: Repos, phone: string, purpose: SessionKeyPurposeRow, code: string, binding: string | null, nowMs: number): Promise<CheckOutcome> {
    const { sessionKeys } = tx
    const phoneIndex = await this.phoneIndexIn(sessionKeys, phone)
    const active = await sessionKeys.findNewestActive(phoneIndex, purpose)
    if (!active) {
      const latest = await sessionKeys.findNewestSent(phoneIndex, purpose)
      return { ok: false, ...noActiveKeyRefusal(latest?.state ?? null) }
    }
    if (!isStillValid(active, nowMs)) {
      await sessionKeys.markExpired(active.id)
      return { ok: false, ...EXPIRED }
    }
    const expected = Buffer.from(active.codeMac, 'utf8')
    const given = Buffer.from(await this.mac(active, phone, /^\d{6}$/.test(code) ? code : '', macVersionOf(active.codeMac)), 'utf8')
    const codeOk = expected.length === given.length && timingSafeEqual(expected, given)
    const bindingOk = (active.binding ?? '') === (binding ?? '')
    if (codeOk && bindingOk) {
      const usedAt = iso(nowMs)
      await sessionKeys.markUsed(active.id, usedAt)
      return { ok: true, row: active, usedAt }
    }
    const wrong = wrongEntry(active.wrongAttempts, bindingOk)
    await sessionKeys.recordWrongEntry(active.id, wrong.wrongAttempts, wrong.exhausted)
    return { ok: false, ...wrong.refusal }
  }

  /** When the phone's last successful verification (S5.1) stops counting for registration. */
  async verifiedUntil(phone: string): Promise<string | null> {
    // A read outside any transaction (callers may be in one): each live blind-index version tried, the latest use kept.
    let used: string | null = null
    for (const index of await blindIndexes(this.keys, INDEX_DOMAIN.sessionKeyPhone, phone)) {
      const at = await this.uow.repos.sessionKeys.lastUsedAt(index, 'verify')
      if (at !== null && (used === null || at > used)) used = at
    }
    return verifiedUntil(used, this.clock.now().getTime())
  }

  /** The phone's index under the active blind-index version, its rows under older ones moved to it first (issue 15; a row lives a day at most). */
  private async phoneIndexIn(sessionKeys: SessionKeyRepo, phone: string): Promise<string> {
    const [active, ...older] = await blindIndexes(this.keys, INDEX_DOMAIN.sessionKeyPhone, phone)
    if (active === undefined) throw new Error('The key ring has no blind-index key.')
    await sessionKeys.reindexPhone(older, active)
    return active
  }
}

import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import { MoreThan, Not, type DataSource } from 'typeorm'
import type { SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { SessionKeyEntity, type SessionKeyPurposeRow, type SessionKeyRow } from '../../store/entities/session-key.entity'
import type { AuditService } from '../audit/audit.service'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { KeyStore, SmsGateway } from '../kernel/ports'
import type { SerialQueue } from '../../store/serial-queue'
import { lockFor } from '../../store/dialect'
import type { Actor } from '../kernel/actor'

/** S9: a session key is valid for 15 minutes. */
export const SESSION_KEY_TTL_MS = 15 * 60_000
/** A resend of the same kind of key waits 60 seconds (SMS-bombing guard). */
export const RESEND_COOLDOWN_MS = 60_000
/** At most 5 unconfirmed keys per phone in any rolling hour. */
export const MAX_KEYS_PER_HOUR = 5
/** At most 3 wrong entries per key; the 3rd wrong entry spends the key. */
export const MAX_WRONG_ENTRIES = 3

const HOUR_MS = 60 * 60_000
const KEEP_MS = 24 * HOUR_MS

export interface IssueOptions {
  /** S12: digest of the operation a transaction key confirms. */
  binding?: string | null
  /** Words about the operation, shown in the SMS before the key (e.g. amount and payee). */
  about?: string
}

export interface ConfirmedKey {
  keyId: string
  usedAt: string
}

type CheckOutcome =
  | { ok: true; row: SessionKeyRow; usedAt: string }
  | { ok: false; code: ErrorCode; message: string; details?: Record<string, string | number | boolean | null> }

const iso = (ms: number) => new Date(ms).toISOString()

/** The SMS text in Kazakh and Russian; the key comes first so it is the first six digits in it. */
export function sessionKeySmsText(code: string, purpose: SessionKeyPurposeRow, about?: string): string {
  const what =
    purpose === 'transaction'
      ? `Растау / Подтверждение: ${about ?? ''}. `
      : purpose === 'password-change'
        ? 'Құпиясөзді өзгерту / Смена пароля. '
        : ''
  return (
    `${code} — сессиялық кілт / сессионный ключ. ${what}` +
    '15 минут жарамды / действует 15 минут. Ешкімге айтпаңыз / Никому не сообщайте.'
  )
}

/**
 * Session keys (one-time codes) for verification, registration, password change and transaction
 * confirmation (S5, S8, S9, S10, S12). The six digits exist only in this process's memory on the
 * way to the SMS gateway; the store keeps an HMAC whose key lives in the key store.
 */
export class SessionKeyService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly queue: SerialQueue,
    private readonly keys: KeyStore,
    private readonly sms: SmsGateway,
    private readonly audit: AuditService,
  ) {}

  private async mac(row: Pick<SessionKeyRow, 'id' | 'phone' | 'purpose' | 'binding'>, code: string): Promise<Buffer> {
    const secret = await this.keys.secret('session-key-mac')
    return createHmac('sha256', secret)
      .update([row.id, row.phone, row.purpose, row.binding ?? '', code].join('\n'))
      .digest()
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
    const codeMac = (await this.mac({ id, phone, purpose, binding }, code)).toString('hex')

    type Decision = { refused: ErrorCode; retryAt: string } | { refused: null; row: SessionKeyRow }
    const decision = await this.queue.run((): Promise<Decision> =>
      this.ds.transaction(async (m) => {
        await lockFor(m, `session-key:${phone}`)
        const repo = m.getRepository(SessionKeyEntity)
        // Keys older than a day are of no use to anyone: removed for every phone, not only this one.
        await repo.createQueryBuilder().delete().where('created_at < :old', { old: iso(nowMs - KEEP_MS) }).execute()
        const lastHour = await repo.find({
          where: { phone, createdAt: MoreThan(iso(nowMs - HOUR_MS)), state: Not('unsent') },
          order: { createdAt: 'ASC' },
        })
        const lastSame = lastHour.filter((k) => k.purpose === purpose).at(-1)
        // A resend is a new key while the previous one of the same kind is still unused.
        if (lastSame && lastSame.state !== 'used') {
          const retryAt = Date.parse(lastSame.createdAt) + RESEND_COOLDOWN_MS
          if (retryAt > nowMs) return { refused: ErrorCode.RESEND_TOO_SOON, retryAt: iso(retryAt) }
        }
        // The cap guards against SMS flooding: keys the customer entered correctly prove they are
        // at the counter, so only unconfirmed keys count (a customer may pay six bills in an hour).
        const unconfirmed = lastHour.filter((k) => k.state !== 'used')
        if (unconfirmed.length >= MAX_KEYS_PER_HOUR) {
          const oldest = unconfirmed[unconfirmed.length - MAX_KEYS_PER_HOUR]!
          return { refused: ErrorCode.KEY_LIMIT_REACHED, retryAt: iso(Date.parse(oldest.createdAt) + HOUR_MS) }
        }
        await repo.update({ phone, purpose, state: 'active' }, { state: 'superseded' })
        const row: SessionKeyRow = {
          id,
          phone,
          purpose,
          binding,
          codeMac,
          createdAt: iso(nowMs),
          expiresAt: iso(nowMs + SESSION_KEY_TTL_MS),
          wrongAttempts: 0,
          state: 'active',
          usedAt: null,
        }
        await repo.insert(row)
        return { refused: null, row }
      }),
    )

    if (decision.refused !== null) {
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'sessionKey.send',
        outcome: 'denied',
        details: { purpose, reason: decision.refused, retryAt: decision.retryAt },
      })
      const message =
        decision.refused === ErrorCode.RESEND_TOO_SOON
          ? 'A session key was sent less than a minute ago. Please wait before sending another.'
          : 'Too many session keys were sent to this phone in the last hour. Please try later.'
      throw new EngineError(decision.refused, message, { retryAt: decision.retryAt })
    }

    try {
      await this.sms.send({ to: phone, text: sessionKeySmsText(code, purpose, options.about), ref: id })
    } catch {
      // Not delivered: the key never reached anyone, so it neither works nor counts towards limits.
      await this.queue.run(() => this.ds.getRepository(SessionKeyEntity).update({ id }, { state: 'unsent' }))
      await this.audit.record({
        actorStaffId: actor.staffId,
        workstation: actor.workstation,
        customerRef: phone,
        action: 'sessionKey.send',
        outcome: 'failure',
        details: { purpose, reason: ErrorCode.SMS_UNAVAILABLE },
      })
      throw new EngineError(ErrorCode.SMS_UNAVAILABLE, 'The SMS could not be sent. Nothing was changed; please try again.')
    }
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'sessionKey.send',
      outcome: 'success',
      details: { purpose, keyId: id },
    })
    const row = decision.row
    return {
      phone,
      purpose,
      expiresAt: row.expiresAt,
      resendAvailableAt: iso(nowMs + RESEND_COOLDOWN_MS),
    }
  }

  /**
   * Checks and spends the newest key of this purpose. Wrong entries are counted and committed even
   * though the call fails; the third spends the key. Throws EngineError on every refusal.
   */
  async confirm(phone: string, purpose: SessionKeyPurposeRow, code: string, actor: Actor, binding: string | null = null): Promise<ConfirmedKey> {
    const nowMs = this.clock.now().getTime()
    const outcome: CheckOutcome = await this.queue.run(() =>
      this.ds.transaction(async (m) => {
        await lockFor(m, `session-key:${phone}`)
        const repo = m.getRepository(SessionKeyEntity)
        const active = await repo.findOne({ where: { phone, purpose, state: 'active' }, order: { createdAt: 'DESC' } })
        if (!active) {
          const latest = await repo.findOne({ where: { phone, purpose, state: Not('unsent') }, order: { createdAt: 'DESC' } })
          if (latest?.state === 'expired') {
            return { ok: false, code: ErrorCode.SESSION_KEY_EXPIRED, message: 'The session key has expired. Send a new one.' }
          }
          return { ok: false, code: ErrorCode.SESSION_KEY_SPENT, message: 'This session key can no longer be used. Send a new one.' }
        }
        if (nowMs >= Date.parse(active.expiresAt)) {
          await repo.update({ id: active.id }, { state: 'expired' })
          return { ok: false, code: ErrorCode.SESSION_KEY_EXPIRED, message: 'The session key has expired. Send a new one.' }
        }
        const expected = Buffer.from(active.codeMac, 'hex')
        const given = await this.mac(active, /^\d{6}$/.test(code) ? code : '')
        const codeOk = expected.length === given.length && timingSafeEqual(expected, given)
        const bindingOk = (active.binding ?? '') === (binding ?? '')
        if (codeOk && bindingOk) {
          const usedAt = iso(nowMs)
          await repo.update({ id: active.id }, { state: 'used', usedAt })
          return { ok: true, row: active, usedAt }
        }
        const wrongAttempts = active.wrongAttempts + 1
        const spent = wrongAttempts >= MAX_WRONG_ENTRIES
        await repo.update({ id: active.id }, { wrongAttempts, state: spent ? 'exhausted' : 'active' })
        const attemptsLeft = MAX_WRONG_ENTRIES - wrongAttempts
        if (!bindingOk) {
          return {
            ok: false,
            code: ErrorCode.SESSION_KEY_OTHER_OPERATION,
            message: 'This session key was sent for a different operation. Send a new one for this operation.',
            details: { attemptsLeft },
          }
        }
        return spent
          ? { ok: false, code: ErrorCode.SESSION_KEY_SPENT, message: 'Wrong session key entered 3 times. Send a new one.', details: { attemptsLeft: 0 } }
          : { ok: false, code: ErrorCode.SESSION_KEY_INVALID, message: 'Wrong session key. Check the SMS and try again.', details: { attemptsLeft } }
      }),
    )
    await this.audit.record({
      actorStaffId: actor.staffId,
      workstation: actor.workstation,
      customerRef: phone,
      action: 'sessionKey.confirm',
      outcome: outcome.ok ? 'success' : 'failure',
      details: outcome.ok ? { purpose, keyId: outcome.row.id } : { purpose, reason: outcome.code },
    })
    if (!outcome.ok) throw new EngineError(outcome.code, outcome.message, outcome.details)
    return { keyId: outcome.row.id, usedAt: outcome.usedAt }
  }

  /** When the phone's last successful verification (S5.1) stops counting for registration. */
  async verifiedUntil(phone: string): Promise<string | null> {
    const row = await this.ds.getRepository(SessionKeyEntity).findOne({
      where: { phone, purpose: 'verify', state: 'used' },
      order: { usedAt: 'DESC' },
    })
    if (!row?.usedAt) return null
    const until = Date.parse(row.usedAt) + SESSION_KEY_TTL_MS
    return until > this.clock.now().getTime() ? iso(until) : null
  }
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { blindIndex, INDEX_DOMAIN } from '../../../src/main/engine/crypto/field-seal'
import { ErrorCode } from '../../../src/shared/errors'
import { SessionKeyEntity } from '../../../src/main/store/entities/session-key.entity'
import { createEngine } from '../../../src/main/app/composition-root'
import { FakeClock } from '../../support/fake-clock'
import { startTestEngine, tempDir, FAST_ARGON2, type TestEngine } from '../../support/temp-engine'
import { lastCode, TELLER, wrongCode } from '../../support/customers'

const PHONE = '+77012345678'
const SEC = 1000
const MIN = 60 * SEC

describe('session keys (S5.1, S9, S10): issue, store, expire, spend', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())
  const keys = () => t.engine.sessionKeys
  /** The key a verify confirm spends: the phone's one active verify key. */
  const activeKeyId = async () => (await t.engine.ds.getRepository(SessionKeyEntity).findOneByOrFail({ phoneIndex: await blindIndex(t.engine.keys, INDEX_DOMAIN.sessionKeyPhone, PHONE), purpose: 'verify', state: 'active' })).id
  /** What issue() returns for a verify key sent now. */
  const sentNow = (phone: string) => ({
    phone,
    purpose: 'verify',
    expiresAt: new Date(t.clock.now().getTime() + 15 * MIN).toISOString(),
    resendAvailableAt: new Date(t.clock.now().getTime() + MIN).toISOString(),
  })

  it('sends six random digits by SMS in one language (Russian by default, one segment) and stores only a keyed hash of them', async () => {
    const sent = await keys().issue(PHONE, 'verify', TELLER)
    expect(sent).toEqual({
      phone: PHONE,
      purpose: 'verify',
      expiresAt: new Date(t.clock.now().getTime() + 15 * MIN).toISOString(),
      resendAvailableAt: new Date(t.clock.now().getTime() + MIN).toISOString(),
    })
    const sms = t.engine.outbox!.last(PHONE)!
    const code = lastCode(t, PHONE)
    expect(sms.text).toMatch(/^\d{6} сессионный ключ\. Действует 15 минут\. Никому не сообщайте\.$/)
    const rows = await t.engine.ds.getRepository(SessionKeyEntity).find()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.codeMac).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`(?<![0-9a-f])${code}(?![0-9a-f])`))
    expect(JSON.stringify(sent)).not.toContain(code)
  })

  it('S9: a key works at 15:00 minus one second and is refused at 15:00 plus one second', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const early = lastCode(t, PHONE)
    t.clock.advance(15 * MIN - SEC)
    await expect(keys().confirm(PHONE, 'verify', early, TELLER)).resolves.toMatchObject({ usedAt: t.clock.now().toISOString() })

    const other = '+77471234567'
    await keys().issue(other, 'verify', TELLER)
    const late = lastCode(t, other)
    t.clock.advance(15 * MIN + SEC)
    await expect(keys().confirm(other, 'verify', late, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_EXPIRED })
    // Still expired on a second try, with the right digits.
    await expect(keys().confirm(other, 'verify', late, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_EXPIRED })
  })

  it('is refused at exactly 15:00', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    t.clock.advance(15 * MIN)
    await expect(keys().confirm(PHONE, 'verify', lastCode(t, PHONE), TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_EXPIRED })
  })

  it('is single use: the same right key a second time is refused', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    await keys().confirm(PHONE, 'verify', code, TELLER)
    await expect(keys().confirm(PHONE, 'verify', code, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
  })

  it('ten simultaneous entries of the right key: exactly one succeeds', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => keys().confirm(PHONE, 'verify', code, TELLER)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('allows at most 3 wrong entries per key; the third spends it, so even the right digits then fail', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    await expect(keys().confirm(PHONE, 'verify', wrongCode(code), TELLER)).rejects.toMatchObject({
      code: ErrorCode.SESSION_KEY_INVALID,
      details: { attemptsLeft: 2 },
    })
    await expect(keys().confirm(PHONE, 'verify', 'abcdef', TELLER)).rejects.toMatchObject({ details: { attemptsLeft: 1 } })
    await expect(keys().confirm(PHONE, 'verify', wrongCode(code), TELLER)).rejects.toMatchObject({
      code: ErrorCode.SESSION_KEY_SPENT,
      details: { attemptsLeft: 0 },
    })
    await expect(keys().confirm(PHONE, 'verify', code, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
  })

  it('a resend waits 60 seconds; the newer key replaces the older one, which never works again', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const first = lastCode(t, PHONE)
    t.clock.advance(59 * SEC)
    await expect(keys().issue(PHONE, 'verify', TELLER)).rejects.toMatchObject({
      code: ErrorCode.RESEND_TOO_SOON,
      details: { retryAt: new Date(t.clock.now().getTime() + SEC).toISOString() },
    })
    t.clock.advance(SEC)
    await keys().issue(PHONE, 'verify', TELLER)
    const second = lastCode(t, PHONE)
    if (first !== second) {
      await expect(keys().confirm(PHONE, 'verify', first, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID })
    }
    const secondId = await activeKeyId()
    await expect(keys().confirm(PHONE, 'verify', second, TELLER)).resolves.toEqual({ keyId: secondId, usedAt: t.clock.now().toISOString() })
    const states = (await t.engine.ds.getRepository(SessionKeyEntity).find({ order: { createdAt: 'ASC' } })).map((r) => r.state)
    expect(states).toEqual(['superseded', 'used'])
  })

  it('no cooldown after a key was used: a new operation may get its key at once', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    await keys().confirm(PHONE, 'verify', lastCode(t, PHONE), TELLER)
    await expect(keys().issue(PHONE, 'verify', TELLER)).resolves.toMatchObject({ purpose: 'verify' })
  })

  it('sends at most 5 keys per phone per rolling hour, and says when the next one is possible', async () => {
    const start = t.clock.now().getTime()
    for (let i = 0; i < 5; i++) {
      await keys().issue(PHONE, 'verify', TELLER)
      t.clock.advance(61 * SEC)
    }
    await expect(keys().issue(PHONE, 'verify', TELLER)).rejects.toMatchObject({
      code: ErrorCode.KEY_LIMIT_REACHED,
      details: { retryAt: new Date(start + 60 * MIN).toISOString() },
    })
    // Other phones are not affected.
    await expect(keys().issue('+77771234567', 'verify', TELLER)).resolves.toEqual(sentNow('+77771234567'))
    t.clock.set(new Date(start + 60 * MIN + SEC))
    await expect(keys().issue(PHONE, 'verify', TELLER)).resolves.toEqual(sentNow(PHONE))
  })

  it('keys the customer entered correctly do not count towards the hourly cap', async () => {
    // 12 keys to one phone: above the default daily quota per phone (10), which is not what this tests.
    await t.close()
    t = await startTestEngine({ smsPerPhonePerDay: 50 })
    for (let i = 0; i < 7; i++) {
      await keys().issue(PHONE, 'verify', TELLER)
      await keys().confirm(PHONE, 'verify', lastCode(t, PHONE), TELLER)
    }
    for (let i = 0; i < 5; i++) {
      await keys().issue(PHONE, 'verify', TELLER)
      t.clock.advance(61 * SEC)
    }
    await expect(keys().issue(PHONE, 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.KEY_LIMIT_REACHED })
  })

  it('a key of one purpose never confirms another purpose', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    await expect(keys().confirm(PHONE, 'password-change', code, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
    const keyId = await activeKeyId()
    await expect(keys().confirm(PHONE, 'verify', code, TELLER)).resolves.toEqual({ keyId, usedAt: t.clock.now().toISOString() })
  })

  it('audits sends and entries without the digits', async () => {
    await keys().issue(PHONE, 'verify', TELLER)
    const code = lastCode(t, PHONE)
    await expect(keys().confirm(PHONE, 'verify', wrongCode(code), TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID, details: { attemptsLeft: 2 } })
    await keys().confirm(PHONE, 'verify', code, TELLER)
    const page = await t.engine.auditReview.search({ phone: PHONE }, null)
    expect(page.rows.map((r) => [r.action, r.outcome])).toEqual([
      ['sessionKey.confirm', 'success'],
      ['sessionKey.confirm', 'failure'],
      ['sessionKey.send', 'success'],
    ])
    expect(page.rows.every((r) => r.actorStaffId === TELLER.staffId && r.workstation === TELLER.workstation)).toBe(true)
    expect(JSON.stringify(page)).not.toContain(code)
    expect(JSON.stringify(page)).not.toContain(wrongCode(code))
  })
})

/** An engine whose SMS operator fails while `operator.down` is set; the texts it delivered. */
async function withOperator(down: boolean) {
  const dir = tempDir()
  const clock = new FakeClock('2026-03-10T04:00:00.000Z')
  const operator = { down }
  const sent: string[] = []
  const engine = await createEngine({
    config: { appVersion: 't', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws', idleTimeoutSeconds: 300 },
    clock,
    argon2: FAST_ARGON2,
    sms: {
      send: async (m) => {
        if (operator.down) throw new Error('operator down')
        sent.push(m.text)
      },
    },
  })
  return { dir, clock, sent, engine, operator }
}

describe('a key is usable only once its SMS event is recorded (review F4: a crash during the send must not leave a working key with no audit event)', () => {
  it('while the operator is sending, the code in the SMS does not work and no send event exists; once the send is recorded it does', async () => {
    const dir = tempDir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const during: { refused?: unknown; events?: number } = {}
    let engineRef: Awaited<ReturnType<typeof createEngine>> | null = null
    const sends = () => engineRef!.ds.query(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'sessionKey.send'`) as Promise<{ n: number }[]>
    const engine = (engineRef = await createEngine({
      config: { appVersion: 't', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws', idleTimeoutSeconds: 300 },
      clock,
      argon2: FAST_ARGON2,
      sms: {
        // The insider pulls the plug here: the SMS has left, the app records nothing more.
        send: async (m) => {
          const code = /(\d{6})/.exec(m.text)![1]!
          during.events = (await sends())[0]!.n
          during.refused = await engineRef!.sessionKeys.confirm(PHONE, 'verify', code, TELLER).then(() => 'accepted', (e: { code?: string }) => e.code)
          sent.push(m.text)
        },
      },
    }))
    const sent: string[] = []
    try {
      await engine.sessionKeys.issue(PHONE, 'verify', TELLER)
      expect(during).toEqual({ events: 0, refused: ErrorCode.SESSION_KEY_EXPIRED })
      expect((await sends())[0]!.n).toBe(1)
      const code = /(\d{6})/.exec(sent[0]!)![1]!
      await expect(engine.sessionKeys.confirm(PHONE, 'verify', code, TELLER)).resolves.toMatchObject({ usedAt: clock.now().toISOString() })
    } finally {
      await engine.close()
      dir.cleanup()
    }
  })
})

describe('session keys with an SMS operator that fails', () => {
  it('reports SMS_UNAVAILABLE and leaves no usable key; a retry has no cooldown (nothing reached the customer)', async () => {
    const { dir, clock, sent, engine, operator } = await withOperator(true)
    try {
      await expect(engine.sessionKeys.issue(PHONE, 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_UNAVAILABLE })
      expect(await engine.ds.getRepository(SessionKeyEntity).findOneByOrFail({ phoneIndex: await blindIndex(engine.keys, INDEX_DOMAIN.sessionKeyPhone, PHONE) })).toMatchObject({ state: 'unsent' })
      operator.down = false
      // No cooldown: nothing reached the customer.
      await engine.sessionKeys.issue(PHONE, 'verify', TELLER)
      const code = /(\d{6})/.exec(sent[0]!)![1]!
      const keyId = (await engine.ds.getRepository(SessionKeyEntity).findOneByOrFail({ phoneIndex: await blindIndex(engine.keys, INDEX_DOMAIN.sessionKeyPhone, PHONE), state: 'active' })).id
      await expect(engine.sessionKeys.confirm(PHONE, 'verify', code, TELLER)).resolves.toEqual({ keyId, usedAt: clock.now().toISOString() })
      expect(engine.outbox).toBeNull()
    } finally {
      await engine.close()
      dir.cleanup()
    }
  })

  it('a resend the operator refuses leaves the key the customer already has working ("nothing was changed")', async () => {
    const { dir, clock, sent, engine, operator } = await withOperator(false)
    try {
      await engine.sessionKeys.issue(PHONE, 'verify', TELLER)
      const delivered = /(\d{6})/.exec(sent[0]!)![1]!
      clock.advance(2 * MIN)
      operator.down = true
      await expect(engine.sessionKeys.issue(PHONE, 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.SMS_UNAVAILABLE })
      // The key in the customer's hand still confirms; the undelivered one never does.
      await expect(engine.sessionKeys.confirm(PHONE, 'verify', delivered, TELLER)).resolves.toMatchObject({ usedAt: clock.now().toISOString() })
      // Once a resend is delivered, only the newest key works (S10).
      operator.down = false
      clock.advance(2 * MIN)
      await engine.sessionKeys.issue(PHONE, 'verify', TELLER)
      const older = /(\d{6})/.exec(sent[1]!)![1]!
      clock.advance(2 * MIN)
      await engine.sessionKeys.issue(PHONE, 'verify', TELLER)
      const newest = /(\d{6})/.exec(sent[2]!)![1]!
      if (older !== newest) await expect(engine.sessionKeys.confirm(PHONE, 'verify', older, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID })
      await expect(engine.sessionKeys.confirm(PHONE, 'verify', newest, TELLER)).resolves.toMatchObject({ usedAt: clock.now().toISOString() })
    } finally {
      await engine.close()
      dir.cleanup()
    }
  })
})

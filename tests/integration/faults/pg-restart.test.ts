import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import type { AuthorizeRequest, AuthorizeResult } from '../../../src/main/engine/payments/payment-host'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'
import { postgresBin, startPgCluster, type PgCluster } from '../../support/pg-cluster'
import { CARDS, CVV, EXPIRY } from '../../support/cards'
import { registeredName } from '../../support/customers'

/**
 * Fault matrix, row "branch PostgreSQL restarted mid-operation": the test's own cluster is stopped
 * while an operation is in flight and started again. The operation fails cleanly (STORE_UNAVAILABLE,
 * never INTERNAL), the engine reconnects by itself, and the retry neither counts a wrong password
 * twice, nor spends a session key, nor charges a card twice.
 */
const UNAVAILABLE = { code: 'STORE_UNAVAILABLE', message: 'The branch database is not answering. The operation was not completed; try again in a moment.' }
const PHONE = '+77010000009'
const ACTOR = { staffId: null, workstation: 'ws-pg' }

/** A host that can run something (stop the database) after charging, before it answers. */
class HookedHost extends SimulatorHost {
  afterCharge: (() => Promise<void>) | null = null
  override async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    const r = await super.authorize(req)
    await this.afterCharge?.()
    return r
  }
}

describe.skipIf(!postgresBin())('fault: branch PostgreSQL restarted mid-operation', () => {
  const dir = tempDir('teller-pgfault-data-')
  let pg: PgCluster
  let engine: Engine
  const host = new HookedHost()
  const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
  const q = async (sql: string) => (await engine.ds.query(sql)) as Record<string, unknown>[]
  let customerId = ''

  beforeAll(async () => {
    pg = await startPgCluster()
    engine = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws-pg', idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: pg.url }, keyMode: { mode: 'passphrase', passphrase: 'branch passphrase for the tests' },
      },
      argon2: FAST_ARGON2,
      paymentHost: host,
    })
    await engine.customers.sendKey(PHONE, 'verify', ACTOR)
    await engine.customers.confirmVerification(PHONE, code(), ACTOR)
    await engine.customers.sendKey(PHONE, 'register', ACTOR)
    customerId = (await engine.customers.register({ phone: PHONE, name: 'Branch Customer', dateOfBirth: '1990-01-01', password: 'qwerty1!', code: code() }, ACTOR)).id
  }, 120_000)
  // A test that failed half-way must not leave the server down for the next one.
  afterEach(async () => {
    await pg.start().catch(() => undefined) // already running
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    await engine?.close().catch(() => undefined)
    pg?.destroy()
    dir.cleanup()
  })

  it('a wrong password while the database goes down: STORE_UNAVAILABLE; reconnects; the retry counts it once', async () => {
    // The server goes down while the password is being checked (after the attempt was reserved).
    const verify = engine.hasher.verify.bind(engine.hasher)
    vi.spyOn(engine.hasher, 'verify').mockImplementationOnce(async (h, p) => {
      await pg.stop()
      return verify(h, p)
    })
    await expect(engine.customers.signIn(PHONE, 'wrong-pw-1', ACTOR)).rejects.toMatchObject(UNAVAILABLE)
    await expect(registeredName(engine, PHONE)).rejects.toMatchObject(UNAVAILABLE)
    await pg.start()
    // Back: the reserved attempt counted once; the teller's retry is the second, not the third.
    expect(await q(`SELECT failed_attempts FROM customer WHERE id = '${customerId}'`)).toEqual([{ failed_attempts: 1 }])
    await expect(engine.customers.signIn(PHONE, 'wrong-pw-1', ACTOR)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 1 } })
    await expect(engine.customers.signIn(PHONE, 'qwerty1!', ACTOR)).resolves.toMatchObject({ phone: PHONE })
    expect(await q(`SELECT failed_attempts FROM customer WHERE id = '${customerId}'`)).toEqual([{ failed_attempts: 0 }])
  })

  it('a session key entered while the database is down is not spent: it works once the database is back, and only once', async () => {
    await engine.customers.sendKey(PHONE, 'verify', ACTOR)
    const key = code()
    await pg.stop()
    await expect(engine.customers.confirmVerification(PHONE, key, ACTOR)).rejects.toMatchObject(UNAVAILABLE)
    await pg.start()
    await expect(engine.customers.confirmVerification(PHONE, key, ACTOR)).resolves.toMatchObject({ phone: PHONE })
    await expect(engine.customers.confirmVerification(PHONE, key, ACTOR)).rejects.toMatchObject({ code: 'SESSION_KEY_SPENT' })
  })

  it('the database goes down after the host charged: refused cleanly, the payment settles once back, charged once, the retry charges nothing', async () => {
    const me = { customerId, phone: PHONE }
    const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, ACTOR)
    host.afterCharge = async () => {
      host.afterCharge = null
      await pg.stop()
    }
    // The teller is told which payment is waiting to be settled, so it is not paid again.
    await expect(engine.payments.confirm(me, intent.intentId, code(), ACTOR)).rejects.toMatchObject({ ...UNAVAILABLE, details: { paymentId: expect.any(String), settling: true } })
    await pg.start()
    expect(host.chargesFor(intent.intentId)).toBe(1)
    await engine.payments.reconcilePending()
    expect(await q(`SELECT state FROM payment WHERE idempotency_key = '${intent.intentId}'`)).toEqual([{ state: 'approved' }])
    // The teller's retry of the same payment gets its receipt; the host is not asked again.
    await expect(engine.payments.confirm(me, intent.intentId, '000000', ACTOR)).resolves.toMatchObject({ state: 'approved' })
    expect(host.chargesFor(intent.intentId)).toBe(1)
    expect(await q(`SELECT COUNT(*)::int AS n FROM payment WHERE idempotency_key = '${intent.intentId}'`)).toEqual([{ n: 1 }])
  })
})

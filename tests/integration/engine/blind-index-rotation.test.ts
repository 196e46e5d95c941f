import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { loadConfig } from '../../../src/main/app/config'
import { FakeClock } from '../../support/fake-clock'
import { throwawayDatabase } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const PAYEE = '+77015550101'
const pgUrl = process.env.TELLER_TEST_PG_URL

/**
 * Issue 15: the keyed indexes of session-key phones and payees follow the blind-index key's
 * rotation. New rows are indexed under the active version; payments are re-indexed by
 * `keys rotate`/`keys reencrypt`; a phone's session keys are re-indexed the next time that phone
 * sends or enters a key (and a key row lives one day at most). Until then a lookup tries every live
 * version, and afterwards the old version can leave the ring.
 */
describe('session-key phone and payee indexes re-indexed after a blind-index rotation (SQLite)', () => tests(async () => ({ database: undefined, drop: async () => undefined })))
describe.skipIf(!pgUrl)('session-key phone and payee indexes re-indexed after a blind-index rotation (PostgreSQL)', () =>
  tests(async () => {
    const db = await throwawayDatabase('teller_blind_rotation')
    return { database: { kind: 'postgres' as const, url: db.url }, drop: () => db.drop() }
  }),
)

function tests(store: () => Promise<{ database: { kind: 'postgres'; url: string } | undefined; drop(): Promise<void> }>): void {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
  })

  it('payee index and session-key phone index move to the new version, and everything is still found once version 1 is gone', async () => {
    const { database, drop } = await store()
    cleanups.push(drop)
    const dir = tempDir()
    cleanups.push(async () => dir.cleanup())
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const open = async (): Promise<Engine> => {
      const engine = await createEngine({
        config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir: dir.path, workstation: 'ws-test-1', idleTimeoutSeconds: 300, ...(database ? { database, keyMode: { mode: 'passphrase' as const, passphrase: 'blind index rotation passphrase' } } : {}) }),
        clock,
        argon2: FAST_ARGON2,
      })
      cleanups.push(() => engine.close())
      return engine
    }
    const engine = await open()
    const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
    await engine.customers.sendKey(PHONE, 'verify', TELLER)
    await engine.customers.confirmVerification(PHONE, code(), TELLER)
    await engine.customers.sendKey(PHONE, 'register', TELLER)
    const c = await engine.customers.register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-01-01', password: 'qwerty1!', code: code() }, TELLER)
    const me = { customerId: c.id, phone: PHONE }
    const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PAYEE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await engine.payments.confirm(me, intent.intentId, code(), TELLER)
    const paid = (await engine.payments.byPayee(PAYEE)).map((p) => p.paymentId)
    expect(paid).toHaveLength(1)
    clock.advance(61_000)
    // A key sent before the rotation, entered after it.
    await engine.customers.sendKey(PHONE, 'verify', TELLER)
    const pending = code()

    expect((await engine.keys.rotateMacKeys())['blind-index']).toBe(2)
    // Before re-indexing, the payment is found under version 1.
    expect((await engine.payments.byPayee(PAYEE)).map((p) => p.paymentId)).toEqual(paid)
    for (const batch of [() => engine.vault.reencryptBatch(), () => engine.customerVault.reencryptBatch(), () => engine.atRest.reencryptBatch()]) {
      for (let n = await batch(); n > 0; n = await batch());
    }
    expect(await engine.ds.query(`SELECT payee_index FROM payment`)).toEqual([{ payee_index: expect.stringMatching(/^v2\.[0-9a-f]{61}$/) }])
    await expect(engine.customers.confirmVerification(PHONE, pending, TELLER)).resolves.toMatchObject({ phone: PHONE })
    const phones = (await engine.ds.query(`SELECT phone_index FROM session_key`)) as { phone_index: string }[]
    expect(phones.length).toBeGreaterThan(2)
    expect(phones.filter((r) => !/^v2\.[0-9a-f]{61}$/.test(r.phone_index))).toEqual([])

    // Version 1 of the blind-index key leaves the ring; a restart reads the ring afresh.
    await engine.ds.query(`DELETE FROM key_ring WHERE purpose = 'blind-index' AND version = 1`)
    await engine.close()
    const again = await open()
    expect((await again.payments.byPayee(PAYEE)).map((p) => p.paymentId)).toEqual(paid)
    expect(await again.sessionKeys.verifiedUntil(PHONE)).not.toBeNull()
    await expect(again.customers.signIn(PHONE, 'qwerty1!', TELLER)).resolves.toMatchObject({ phone: PHONE })
    // The day's keys of the phone still count: two keys in a minute is one too many.
    clock.advance(61_000)
    await again.customers.sendKey(PHONE, 'verify', TELLER)
    const rows = (await again.ds.query(`SELECT count(*) AS n FROM session_key`)) as { n: number | string }[]
    expect(Number(rows[0]!.n)).toBe(phones.length + 1)
  })
}

import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../../src/main/app/composition-root'
import { CardEntity } from '../../../src/main/store/entities/card.entity'
import { CustomerEntity } from '../../../src/main/store/entities/customer.entity'
import { FakeClock } from '../../support/fake-clock'
import { throwawayDatabase } from '../../support/pg-database'
import { reopenEngine, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const PASSWORD = 'qwerty1!'

const register = async (engine: Engine, code: () => string) => {
  await engine.customers.sendKey(PHONE, 'verify', TELLER)
  await engine.customers.confirmVerification(PHONE, code(), TELLER)
  await engine.customers.sendKey(PHONE, 'register', TELLER)
  const c = await engine.customers.register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-01-01', password: PASSWORD, code: code() }, TELLER)
  return { customerId: c.id, phone: PHONE }
}
const pay = async (engine: Engine, clock: FakeClock, code: () => string, me: { customerId: string; phone: string }, pan: string) => {
  const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV } }, TELLER)
  await engine.payments.confirm(me, intent.intentId, code(), TELLER)
  clock.advance(61_000)
  return intent
}

const pgUrl = process.env.TELLER_TEST_PG_URL

async function startOnPostgres(): Promise<TestEngine> {
  const db = await throwawayDatabase('teller_mac_rotation')
  return startTestEngine({ database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: 'mac rotation on the branch store' } })
}

/**
 * Issue 13, S17 (PCI DSS 3.6/3.7 key rotation): the HMAC keys of the ring (session-key MAC, card
 * fingerprint, blind index) carry versions. A rotation adds a new active version; everything made
 * under an older one still verifies or matches, and re-indexing moves stored values to the new one.
 */
describe('versioned, rotatable HMAC keys on SQLite', () => rotationTests(() => startTestEngine()))
describe.skipIf(!pgUrl)('versioned, rotatable HMAC keys on PostgreSQL', () => rotationTests(startOnPostgres))

function rotationTests(open: () => Promise<TestEngine>): void {
  const started: TestEngine[] = []
  afterEach(async () => {
    for (const t of started.splice(0)) await t.close().catch(() => undefined)
  })
  const start = async () => {
    const t = await open()
    started.push(t)
    const engine = t.engine
    const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
    return { engine, clock: t.clock, code }
  }
  it('a session key issued before the rotation is still checked correctly (right code accepted, wrong code refused)', async () => {
    const { engine, code } = await start()
    await engine.customers.sendKey(PHONE, 'verify', TELLER)
    const issued = code()
    expect(await engine.keys.rotateMacKeys()).toEqual({ 'session-key-mac': 2, 'card-fingerprint': 2, 'blind-index': 2 })
    const wrong = issued === '000000' ? '111111' : '000000'
    await expect(engine.customers.confirmVerification(PHONE, wrong, TELLER)).rejects.toMatchObject({ code: 'SESSION_KEY_INVALID' })
    await expect(engine.customers.confirmVerification(PHONE, issued, TELLER)).resolves.toMatchObject({ phone: PHONE })
    // A key issued after the rotation is made and checked under version 2.
    await engine.customers.sendKey(PHONE, 'register', TELLER)
    const row = (await engine.ds.query(`SELECT code_mac FROM session_key WHERE purpose = 'register'`)) as { code_mac: string }[]
    expect(row[0]!.code_mac).toMatch(/^v2\.[0-9a-f]{61}$/)
  })

  it('a customer registered before a blind-index rotation is found by phone: sign-in, lookup, no second registration; re-indexing moves the index to the new version', async () => {
    const { engine, code } = await start()
    await register(engine, code)
    await engine.keys.rotateMacKeys()
    await expect(engine.customers.signIn(PHONE, PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
    await expect(engine.customers.lookup(PHONE, TELLER)).resolves.toMatchObject({ registered: true })
    await engine.customers.sendKey(PHONE, 'verify', TELLER)
    await engine.customers.confirmVerification(PHONE, code(), TELLER)
    await expect(engine.customers.sendKey(PHONE, 'register', TELLER)).rejects.toMatchObject({ code: 'ALREADY_REGISTERED' })

    expect(await engine.customerVault.reencryptBatch()).toBe(1)
    expect(await engine.customerVault.reencryptBatch()).toBe(0)
    const stored = await engine.ds.getRepository(CustomerEntity).find()
    expect(stored.map((c) => c.phoneIndex)).toEqual([expect.stringMatching(/^v2\.[0-9a-f]{61}$/)])
    await expect(engine.customers.signIn(PHONE, PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
  })

  it('the card fingerprint recognises the same card after a rotation: no second saved card, no fourth card in the month (S15.3)', async () => {
    const { engine, clock, code } = await start()
    const me = await register(engine, code)
    await pay(engine, clock, code, me, CARDS.approve)
    await pay(engine, clock, code, me, CARDS.mastercard)
    await pay(engine, clock, code, me, CARDS.notEnrolled)
    await engine.keys.rotateMacKeys()
    // The same card typed again: still one of the three, still one saved card.
    const again = await pay(engine, clock, code, me, CARDS.approve)
    expect(again.cardsThisMonth).toBe(3)
    expect(await engine.ds.getRepository(CardEntity).count()).toBe(3)
    // A fourth card is still refused.
    await expect(engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)).rejects.toMatchObject({ code: 'CARD_LIMIT_REACHED' })

    // Re-indexing (resumable, a batch at a time) moves saved cards and this month's count to version 2.
    expect(await engine.vault.reencryptBatch(2)).toBe(2)
    expect(await engine.vault.reencryptBatch(2)).toBe(1)
    expect(await engine.vault.reencryptBatch(2)).toBe(0)
    const cards = await engine.ds.getRepository(CardEntity).find()
    expect(cards.every((c) => /^v2\.[0-9a-f]{61}$/.test(c.fingerprint))).toBe(true)
    const used = (await engine.ds.query(`SELECT fingerprint FROM card_month_use`)) as { fingerprint: string }[]
    expect(used.map((u) => u.fingerprint).sort()).toEqual(cards.map((c) => c.fingerprint).sort())
    const third = await pay(engine, clock, code, me, CARDS.mastercard)
    expect(third.cardsThisMonth).toBe(3)
    await expect(engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)).rejects.toMatchObject({ code: 'CARD_LIMIT_REACHED' })
  })
}

describe('versioned, rotatable HMAC keys across a restart', () => {
  const dirs: { cleanup(): void }[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close().catch(() => undefined)
    for (const d of dirs.splice(0)) d.cleanup()
  })
  const start = async () => {
    const d = tempDir()
    dirs.push(d)
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const engine = await reopenEngine(d.path, clock)
    engines.push(engine)
    const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
    return { engine, clock, code, path: d.path }
  }
  it('rotated versions survive a restart: the ring reloads every version and keeps the newest active', async () => {
    const { engine, code, clock, path } = await start()
    await register(engine, code)
    await engine.keys.rotateMacKeys()
    await engine.keys.rotateMacKeys()
    await engine.close()
    engines.length = 0
    const again = await reopenEngine(path, clock)
    engines.push(again)
    expect((await again.keys.mac('blind-index')).version).toBe(3)
    await expect(again.customers.signIn(PHONE, PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { loadConfig } from '../../../src/main/app/config'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { CardEntity } from '../../../src/main/store/entities/card.entity'
import { FakeClock } from '../../support/fake-clock'
import { throwawayDatabase } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'
const OLD = 'the old branch passphrase 2026'
const NEW = 'the new branch passphrase 2027'

/**
 * Issue 13, passphrase key mode: `admin keys rotate` re-wraps every key of the ring under a new
 * passphrase with a new salt, in one transaction. Before it commits only the old passphrase opens
 * the store, after it only the new one; interrupted, nothing changed.
 */
describe('passphrase rotation', () => {
  const dirs: { cleanup(): void }[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close().catch(() => undefined)
    for (const d of dirs.splice(0)) d.cleanup()
  })
  const clock = new FakeClock('2026-03-10T04:00:00.000Z')
  const open = async (dataDir: string, passphrase: string, database?: { kind: 'postgres'; url: string }, workstation = 'ws-test-1') => {
    const engine = await createEngine({
      config: loadConfig({}, { appVersion: 't', shell: 'browser', dataDir, workstation, idleTimeoutSeconds: 300, keyMode: { mode: 'passphrase', passphrase }, ...(database ? { database } : {}) }),
      clock,
      argon2: FAST_ARGON2,
    })
    engines.push(engine)
    return engine
  }
  const folder = () => {
    const d = tempDir()
    dirs.push(d)
    return d.path
  }
  const closeAll = async () => {
    for (const e of engines.splice(0)) await e.close()
  }
  const registerAndPay = async (engine: Engine) => {
    const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
    await engine.customers.sendKey(PHONE, 'verify', TELLER)
    await engine.customers.confirmVerification(PHONE, code(), TELLER)
    await engine.customers.sendKey(PHONE, 'register', TELLER)
    const c = await engine.customers.register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-01-01', password: 'qwerty1!', code: code() }, TELLER)
    const me = { customerId: c.id, phone: PHONE }
    const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await engine.payments.confirm(me, intent.intentId, code(), TELLER)
    clock.advance(61_000)
  }
  const salt = async (engine: Engine) => ((await engine.ds.query('SELECT salt FROM key_ring_meta')) as { salt: string }[])[0]!.salt

  it('re-wraps every key under the new passphrase with a new salt: afterwards only the new passphrase opens the store', async () => {
    const dir = folder()
    const engine = await open(dir, OLD)
    await registerAndPay(engine)
    const before = await salt(engine)
    expect(await engine.keys.rotatePassphrase(new PassphraseKek(NEW))).toBe(6)
    expect(await salt(engine)).not.toBe(before)
    // The running engine keeps working (and wraps new keys under the new passphrase).
    await engine.keys.rotateMacKeys()
    await closeAll()
    await expect(open(dir, OLD)).rejects.toThrow('The key passphrase is wrong')
    const again = await open(dir, NEW)
    const card = await again.ds.getRepository(CardEntity).findOneByOrFail({})
    expect(again.vault.openPan(card)).toBe(CARDS.approve)
    expect((await again.keys.mac('blind-index')).version).toBe(2)
  })

  it('interrupted half-way (the store fails during the re-wrap), nothing changed: the old passphrase still opens the store, the new one does not', async () => {
    const dir = folder()
    const engine = await open(dir, OLD)
    await registerAndPay(engine)
    const before = await salt(engine)
    // A power cut half-way through: the re-wrap of the audit-chain key fails after others were re-wrapped.
    await engine.ds.query(`CREATE TRIGGER cut BEFORE UPDATE ON key_ring WHEN NEW.purpose = 'audit-chain' BEGIN SELECT RAISE(ABORT, 'power cut'); END`)
    await expect(engine.keys.rotatePassphrase(new PassphraseKek(NEW))).rejects.toThrow()
    await engine.ds.query('DROP TRIGGER cut')
    expect(await salt(engine)).toBe(before)
    // This process still holds the old key-encryption key: a key it adds is readable after a restart.
    await engine.keys.rotateMacKeys()
    await closeAll()
    await expect(open(dir, NEW)).rejects.toThrow('The key passphrase is wrong')
    const again = await open(dir, OLD)
    expect(again.vault.openPan(await again.ds.getRepository(CardEntity).findOneByOrFail({}))).toBe(CARDS.approve)
  })

  it('refuses a new passphrase equal to the old one or shorter than 16 characters, and keychain-mode rings', async () => {
    const engine = await open(folder(), OLD)
    await expect(engine.keys.rotatePassphrase(new PassphraseKek(OLD))).rejects.toThrow('The new key passphrase must differ from the current one.')
    expect(() => new PassphraseKek('too short')).toThrow('at least 16 characters')
  })

  it.skipIf(!process.env.TELLER_TEST_PG_URL)('branch mode: a workstation still running with the old passphrase cannot wrap a new key under it', async () => {
    const db = await throwawayDatabase('teller_passphrase_rotation')
    const database = { kind: 'postgres' as const, url: db.url }
    const a = await open(folder(), OLD, database, 'ws-a')
    const b = await open(folder(), OLD, database, 'ws-b')
    await a.keys.rotatePassphrase(new PassphraseKek(NEW))
    await expect(b.keys.rotateMacKeys()).rejects.toThrow('The key passphrase was changed (on another workstation): restart this workstation with the new passphrase.')
    await closeAll()
    const c = await open(folder(), NEW, database, 'ws-c')
    expect((await c.keys.mac('blind-index')).version).toBe(1)
    await closeAll()
    await db.drop()
  })
})

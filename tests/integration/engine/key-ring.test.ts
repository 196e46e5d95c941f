import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import keytar from 'keytar'
import { STORE_FILE, type Engine } from '../../../src/main/app/composition-root'
import { FakeClock } from '../../support/fake-clock'
import { KEYCHAIN_SERVICE } from '../../../src/main/engine/crypto/kek'
import { CardEntity } from '../../../src/main/store/entities/card.entity'
import { reopenEngine, tempDir } from '../../support/temp-engine'
import { TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'

async function registerAndPay(engine: Engine, clock: FakeClock): Promise<string> {
  const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
  await engine.customers.sendKey(PHONE, 'verify', TELLER)
  await engine.customers.confirmVerification(PHONE, code(), TELLER)
  await engine.customers.sendKey(PHONE, 'register', TELLER)
  const c = await engine.customers.register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-01-01', password: 'qwerty1!', code: code() }, TELLER)
  const me = { customerId: c.id, phone: PHONE }
  const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
  await engine.payments.confirm(me, intent.intentId, code(), TELLER)
  clock.advance(61_000)
  return c.id
}

describe('key ring: data keys wrapped by a KEK in the OS keychain (real Secret Service) or from a passphrase', () => {
  const dirs: { cleanup(): void }[] = []
  const engines: Engine[] = []
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.close().catch(() => undefined)
    for (const d of dirs.splice(0)) d.cleanup()
  })
  const dir = () => {
    const d = tempDir()
    dirs.push(d)
    return d.path
  }
  const open = async (path: string, clock: FakeClock, extra = {}) => {
    const e = await reopenEngine(path, clock, extra)
    engines.push(e)
    return e
  }

  it('keeps the KEK in the keychain only: the store holds wrapped keys, and a restart reads saved cards again', async () => {
    const path = dir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const first = await open(path, clock)
    const customerId = await registerAndPay(first, clock)
    const installId = first.keys.installId
    const kek = await keytar.getPassword(KEYCHAIN_SERVICE, `kek:${installId}`)
    expect(kek).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    await first.close()
    engines.length = 0
    const bytes = readFileSync(join(path, STORE_FILE)).toString('latin1')
    expect(bytes.includes(kek!)).toBe(false)
    expect(bytes.includes(Buffer.from(kek!, 'base64').toString('latin1'))).toBe(false)

    const second = await open(path, clock)
    const card = await second.ds.getRepository(CardEntity).findOneByOrFail({ customerId })
    expect(second.vault.openPan(card)).toBe(CARDS.approve)
  })

  it('refuses to start, with a clear message, when the keychain entry is gone: nothing is readable without it', async () => {
    const path = dir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const first = await open(path, clock)
    const installId = first.keys.installId
    await first.close()
    engines.length = 0
    expect(await keytar.deletePassword(KEYCHAIN_SERVICE, `kek:${installId}`)).toBe(true)
    await expect(reopenEngine(path, clock)).rejects.toThrow(/missing from the OS keychain/)
  })

  it('passphrase mode derives the KEK with argon2id; a wrong passphrase or the wrong mode is refused clearly', async () => {
    const path = dir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const passphrase = { config: { appVersion: 't', shell: 'browser' as const, mode: 'development' as const, dataDir: path, workstation: 'ws', idleTimeoutSeconds: 300, keyMode: { mode: 'passphrase' as const, passphrase: 'correct horse battery staple' } } }
    const first = await open(path, clock, passphrase)
    await registerAndPay(first, clock)
    await first.close()
    engines.length = 0
    await expect(reopenEngine(path, clock, { config: { ...passphrase.config, keyMode: { mode: 'passphrase', passphrase: 'wrong horse battery staple' } } })).rejects.toThrow(/passphrase is wrong/)
    await expect(reopenEngine(path, clock)).rejects.toThrow(/passphrase mode/)
    const again = await open(path, clock, passphrase)
    expect(await again.ds.getRepository(CardEntity).count()).toBe(1)
  })

  it('rotates the KEK in the keychain: data keys re-wrapped, the store reopens with the new KEK only', async () => {
    const path = dir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const first = await open(path, clock)
    const customerId = await registerAndPay(first, clock)
    const account = `kek:${first.keys.installId}`
    const before = await keytar.getPassword(KEYCHAIN_SERVICE, account)
    expect(await first.keys.rotateKek()).toBe(6)
    const after = await keytar.getPassword(KEYCHAIN_SERVICE, account)
    expect(after).not.toBe(before)
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, `${account}:next`)).toBeNull()
    await first.close()
    engines.length = 0
    const second = await open(path, clock)
    const card = await second.ds.getRepository(CardEntity).findOneByOrFail({ customerId })
    expect(second.vault.openPan(card)).toBe(CARDS.approve)
  })

  it('rotates the data key and re-encrypts old rows in resumable batches', async () => {
    const path = dir()
    const clock = new FakeClock('2026-03-10T04:00:00.000Z')
    const engine = await open(path, clock)
    const customerId = await registerAndPay(engine, clock)
    const me = { customerId, phone: PHONE }
    const code = () => /(\d{6})/.exec(engine.outbox!.last(PHONE)!.text)![1]!
    const intent = await engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.mastercard, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await engine.payments.confirm(me, intent.intentId, code(), TELLER)
    expect(await engine.keys.rotateDataKey()).toBe(2)
    expect(await engine.vault.reencryptBatch(1)).toBe(1)
    expect(await engine.vault.reencryptBatch(1)).toBe(1)
    expect(await engine.vault.reencryptBatch(1)).toBe(0)
    const cards = await engine.ds.getRepository(CardEntity).find()
    expect(cards.every((c) => c.panSealed.startsWith('k2:'))).toBe(true)
    expect(cards.map((c) => engine.vault.openPan(c)).sort()).toEqual([CARDS.approve, CARDS.mastercard].sort())
  })
})

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { STORE_FILE, type Engine } from '../../../src/main/app/composition-root'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER, registeredName } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

/**
 * Fault matrix, row "keychain gone after start": the real Secret Service holds the KEK when the
 * app starts; then every keychain call fails (as when gnome-keyring stops or the desktop session
 * locks). The app keeps working with the data keys it unwrapped at start, never writes a key in
 * clear anywhere, and the next start refuses with the keychain message.
 */
type Keytar = typeof import('keytar')
const keytar = createRequire(import.meta.url)('keytar') as Keytar
const GONE = 'The name org.freedesktop.secrets was not provided by any .service files'

describe('fault: keychain gone after start', () => {
  let t: TestEngine
  let restarted: Engine | null = null
  beforeEach(async () => {
    t = await startTestEngine({ keyMode: { mode: 'keychain' } })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    // The first engine was closed by the test before its restart; the temp folder goes with t.close().
    if (restarted) await restarted.close()
    if (t.engine.ds.isInitialized) await t.close()
    else rmSync(t.dataDir, { recursive: true, force: true })
  })

  it('keeps working with the keys unwrapped at start, writes no key in clear, and a restart refuses with the keychain message', async () => {
    const phone = '+77010000006'
    const id = await registerCustomer(t, phone, 'qwerty1!')
    const keychainCalls = [
      vi.spyOn(keytar, 'getPassword').mockRejectedValue(new Error(GONE)),
      vi.spyOn(keytar, 'setPassword').mockRejectedValue(new Error(GONE)),
      vi.spyOn(keytar, 'deletePassword').mockRejectedValue(new Error(GONE)),
      vi.spyOn(keytar, 'findCredentials').mockRejectedValue(new Error(GONE)),
    ]
    // Sealed data opens, new data is sealed, session keys are made and checked, a card is paid.
    expect(await registeredName(t.engine, phone)).toBe('Aruzhan Test')
    await registerCustomer(t, '+77010000007', 'qwerty2!', 'Second Customer')
    expect(await registeredName(t.engine, '+77010000007')).toBe('Second Customer')
    const me = { customerId: id, phone }
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: CVV } }, TELLER)
    await expect(t.engine.payments.confirm(me, intent.intentId, lastCode(t, phone), TELLER)).resolves.toMatchObject({ state: 'approved' })
    expect(keychainCalls.reduce((n, s) => n + s.mock.calls.length, 0)).toBe(0) // it never needed the keychain

    // No fallback: the store stays in keychain mode, no development key file, no key or PAN in clear.
    const meta = (await t.engine.ds.query('SELECT kek_mode AS mode FROM key_ring_meta')) as { mode: string }[]
    expect(meta).toEqual([{ mode: 'keychain' }])
    expect(readdirSync(t.dataDir).filter((f) => /key/i.test(f))).toEqual([])
    await t.engine.ds.query('PRAGMA wal_checkpoint(TRUNCATE)')
    const raw = readFileSync(join(t.dataDir, STORE_FILE))
    expect(raw.includes(Buffer.from(CARDS.approve))).toBe(false)
    expect(raw.includes(Buffer.from('Second Customer'))).toBe(false)

    // The next start cannot unwrap anything: refused with the keychain message, nothing created.
    await t.engine.close()
    const refused = reopenEngine(t.dataDir, t.clock, {})
    await expect(refused).rejects.toMatchObject({ name: 'KeychainUnavailableError' })
    await expect(refused).rejects.toThrow(/OS keychain \(Secret Service\) is not available/)
    expect(existsSync(join(t.dataDir, 'DEVELOPMENT-ONLY-key-store.json'))).toBe(false)
    // The keychain back: the same store opens with its data.
    vi.restoreAllMocks()
    restarted = await reopenEngine(t.dataDir, t.clock)
    expect(await registeredName(restarted, phone)).toBe('Aruzhan Test')
  })
})

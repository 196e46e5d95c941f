import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_KEY_FILE } from '../../../src/main/engine/crypto/dev-file-kek'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'

// Development on a machine with no keychain: the KEK lives in a clearly named 0600 file in the data
// folder. A store remembers that mode, so later starts use the same file (and nothing else does).
describe('development key store', () => {
  let t: TestEngine | null = null
  afterEach(async () => {
    await t?.close()
    t = null
  })

  it('creates a 0600 key file saying what it is, and a restart in auto mode unwraps the same keys', async () => {
    t = await startTestEngine({ keyMode: { mode: 'dev-file' } })
    const file = join(t.dataDir, DEV_KEY_FILE)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const body = JSON.parse(readFileSync(file, 'utf8')) as { warning: string; installId: string; kek: string }
    expect(body.warning).toMatch(/^Development key store: not for customer data/)
    expect(body.installId).toBe(t.engine.keys.installId)
    expect(Buffer.from(body.kek, 'base64')).toHaveLength(32)
    const sealed = t.engine.keys.sealField('+77011234567', 'probe')
    await t.engine.close()
    // auto (the development default) follows the mode the store was created in.
    const again = await reopenEngine(t.dataDir, t.clock)
    try {
      expect(again.keys.mode).toBe('dev-file')
      expect(again.keys.openField(sealed, 'probe')).toBe('+77011234567')
    } finally {
      await again.close()
    }
    t.close = async () => {} // already closed; the folder is removed below
    t = null
  })

  it('refuses a key file other users can read, and one that belongs to another store', async () => {
    t = await startTestEngine({ keyMode: { mode: 'dev-file' } })
    const file = join(t.dataDir, DEV_KEY_FILE)
    await t.engine.close()
    chmodSync(file, 0o644)
    await expect(reopenEngine(t.dataDir, t.clock)).rejects.toThrow(`The development key store ${file} must be 0600 and owned by this user.`)
    chmodSync(file, 0o600)
    const body = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>
    writeFileSync(file, JSON.stringify({ ...body, installId: 'another-store' }))
    await expect(reopenEngine(t.dataDir, t.clock)).rejects.toThrow(`The development key store ${file} does not belong to this store.`)
    t.close = async () => {}
    t = null
  })

  it('a keychain store is never silently switched to the key file', async () => {
    t = await startTestEngine({ keyMode: { mode: 'keychain' } })
    await t.engine.close()
    await expect(reopenEngine(t.dataDir, t.clock, { config: { ...baseConfig(t.dataDir), keyMode: { mode: 'dev-file' } } })).rejects.toThrow(
      "This store's keys are protected in keychain mode; start the app in that mode (TELLER_KEY_MODE).",
    )
    const again = await reopenEngine(t.dataDir, t.clock)
    expect(again.keys.mode).toBe('keychain')
    await again.close()
    t.close = async () => {}
    t = null
  })
})

function baseConfig(dataDir: string) {
  return { appVersion: '0.0.0-test', shell: 'browser' as const, mode: 'development' as const, dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300 }
}

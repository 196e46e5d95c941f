import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, type AppConfig } from '../../../src/main/app/config'
import { createEngine, type Engine, type EngineDeps } from '../../../src/main/app/composition-root'
import type { SmsGateway } from '../../../src/main/engine/kernel/ports'
import { SimulatorHost } from '../../../src/main/engine/payments/simulator-host'
import { Channel } from '../../../src/shared/ipc/channels'
import { createGate } from '../../../src/main/ipc/gate'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

// A misconfigured production machine (THREATS.md): each development stand-in is refused by name,
// with the setting that replaces it. Fakes below stand only for what is outside the bank: the SMS
// operator and the acquirer (here the simulator class injected as if it were the bank's adapter).
const operator: SmsGateway = { send: async () => ({ providerRef: 'op-1' }) }
const acquirer = new SimulatorHost()

const dirs: { cleanup(): void }[] = []
const engines: Engine[] = []
afterEach(async () => {
  for (const e of engines.splice(0)) await e.close()
  for (const d of dirs.splice(0)) d.cleanup()
})

function folder(): string {
  const d = tempDir('teller-prod-')
  dirs.push(d)
  return d.path
}

/** A production configuration; its audit witness in a folder of its own (another volume on a real machine). */
function production(dataDir: string, extra: Partial<AppConfig> = {}): AppConfig {
  return loadConfig({}, { appVersion: 't', shell: 'browser', mode: 'production', dataDir, workstation: 'ws-prod', idleTimeoutSeconds: 300, auditWitness: join(folder(), 'witness.jsonl'), ...extra })
}

async function start(config: AppConfig, deps: Partial<EngineDeps> = {}): Promise<Engine> {
  const e = await createEngine({ config, argon2: FAST_ARGON2, ...deps })
  engines.push(e)
  return e
}

describe('production mode refuses every development stand-in, naming the setting', () => {
  it('refuses the SMS outbox', async () => {
    await expect(start(production(folder()), { paymentHost: acquirer })).rejects.toThrow(
      'the SMS outbox would deliver session keys to no one: set TELLER_SMS_MODE=smpp (TELLER_SMPP_URL, …) or https (TELLER_SMS_URL, TELLER_SMS_TOKEN).',
    )
  })

  it('refuses the payment simulator', async () => {
    await expect(start(production(folder()), { sms: operator })).rejects.toThrow(
      'the payment simulator would "approve" card payments: set TELLER_PAYMENT_MODE=https with TELLER_PAYMENT_URL and TELLER_PAYMENT_TOKEN',
    )
  })

  it('refuses the development key store', async () => {
    await expect(start(production(folder(), { keyMode: { mode: 'dev-file' } }), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      'the development key store keeps the key-encryption key in a file beside the data: use TELLER_KEY_MODE=keychain (default) or passphrase.',
    )
    // Read from the environment the same way: TELLER_KEY_MODE=dev-file is refused in production.
    expect(loadConfig({ TELLER_MODE: 'production', TELLER_KEY_MODE: 'dev-file' }, { appVersion: 't', shell: 'browser' }).keyMode).toEqual({ mode: 'dev-file' })
  })

  it('refuses to start without an audit witness, or with one in the data folder', async () => {
    const noWitness = loadConfig({ TELLER_MODE: 'production' }, { appVersion: 't', shell: 'browser', dataDir: folder(), workstation: 'ws-prod', idleTimeoutSeconds: 300 })
    expect(noWitness.auditWitness).toBeUndefined()
    await expect(start(noWitness, { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      'the audit checkpoints would have no witness outside the store: set TELLER_AUDIT_WITNESS to a file on another volume (not in the data folder).',
    )
    const dir = folder()
    await expect(start(production(dir, { auditWitness: join(dir, 'sub', 'witness.jsonl') }), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      `the audit witness ${join(dir, 'sub', 'witness.jsonl')} is in the data folder, where a restored or rewritten store takes it along`,
    )
    expect(() => statSync(join(dir, 'teller.sqlite'))).toThrow('ENOENT')
    // A file whose name merely starts with two dots is still in the data folder.
    await expect(start(production(dir, { auditWitness: join(dir, '..witness.jsonl') }), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      `the audit witness ${join(dir, '..witness.jsonl')} is in the data folder`,
    )
    // A witness that cannot be written (its folder is missing: the volume is not mounted) stops the start.
    const unmounted = join(folder(), 'not-mounted', 'witness.jsonl')
    await expect(start(production(folder(), { auditWitness: unmounted }), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      `The audit witness ${unmounted} cannot be written (ENOENT): check TELLER_AUDIT_WITNESS and its folder.`,
    )
    // Read from the environment: TELLER_AUDIT_WITNESS.
    expect(loadConfig({ TELLER_MODE: 'production', TELLER_AUDIT_WITNESS: '/mnt/witness/a.jsonl' }, { appVersion: 't', shell: 'browser' }).auditWitness).toBe('/mnt/witness/a.jsonl')
  })

  it('names every problem at once, and leaves no store behind', async () => {
    const dir = folder()
    const error = await start(production(dir, { keyMode: { mode: 'dev-file' } })).catch((e: unknown) => e as Error)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3)
    expect((error as Error).message).toContain('Production mode (the packaged app, or TELLER_MODE=production) refuses to start')
    expect(() => statSync(join(dir, 'teller.sqlite'))).toThrow('ENOENT')
  })

  it('refuses a data folder other users can read', async () => {
    const dir = folder()
    chmodSync(dir, 0o750)
    await expect(start(production(dir), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      `The data folder ${dir} can be read by other users (mode 750); production refuses it. Run: chmod 700 '${dir}'.`,
    )
  })

  it('refuses a database file other users can read', async () => {
    const dir = folder()
    const first = await start(production(dir), { sms: operator, paymentHost: acquirer })
    await first.close()
    engines.length = 0
    chmodSync(join(dir, 'teller.sqlite'), 0o644)
    await expect(start(production(dir), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      `The store file ${join(dir, 'teller.sqlite')} can be read by other users (mode 644); production refuses it.`,
    )
  })

  it('starts when every stand-in is replaced: store files 0600 in a 0700 folder, status says production', async () => {
    const dir = folder()
    const engine = await start(production(dir), { sms: operator, paymentHost: acquirer })
    expect(engine.keys.mode).toBe('keychain')
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    for (const f of ['teller.sqlite', 'teller.sqlite-wal', 'teller.sqlite-shm']) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600)
    const reply = await createGate(engine)(Channel.SystemStatus, {}, { clientId: 'w1', workstation: 'ws-prod' })
    expect(reply).toMatchObject({ ok: true, value: { mode: 'production', initialised: false } })
    // The audit checkpoints go to the configured witness, 0600, and none beside the store.
    await engine.audit.record({ actorStaffId: null, workstation: 'ws-prod', action: 'test.event', outcome: 'success' })
    await engine.audit.checkpointNow()
    expect(statSync(engine.config.auditWitness!).mode & 0o777).toBe(0o600)
    expect(() => statSync(join(dir, 'audit-witness.jsonl'))).toThrow('ENOENT')
  })
})

describe('the data folder, in every mode', () => {
  const development = (dataDir: string) => loadConfig({}, { appVersion: 't', shell: 'browser', mode: 'development', dataDir, workstation: 'ws', idleTimeoutSeconds: 300 })

  it('refuses a folder other users can write, even in development', async () => {
    const dir = folder()
    chmodSync(dir, 0o770)
    await expect(start(development(dir))).rejects.toThrow(`The data folder ${dir} can be written by other users (mode 770); run: chmod 700 '${dir}'.`)
  })

  it('development tightens a folder and a store file others could read, instead of refusing', async () => {
    const dir = folder()
    await (await start(development(dir))).close()
    engines.length = 0
    chmodSync(dir, 0o755)
    chmodSync(join(dir, 'teller.sqlite'), 0o644)
    await start(development(dir))
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'teller.sqlite')).mode & 0o777).toBe(0o600)
  })

  it('refuses a store file that is a symbolic link, even a dangling one', async () => {
    const dir = folder()
    symlinkSync(join(dir, 'elsewhere.sqlite'), join(dir, 'teller.sqlite'))
    await expect(start(development(dir))).rejects.toThrow(`The store file ${join(dir, 'teller.sqlite')} is a symbolic link; refusing to follow it.`)
  })

  it.skipIf(process.getuid?.() !== 0)('refuses a folder or store file owned by another user (needs root to hand it over)', async () => {
    const dir = folder()
    const sub = join(dir, 'data')
    mkdirSync(sub, { mode: 0o700 })
    chownSync(sub, 65534, 65534)
    await expect(start(development(sub))).rejects.toThrow(`The data folder ${sub} belongs to another user (uid 65534); it must belong to the user running the app (uid 0).`)
    const other = join(dir, 'other')
    mkdirSync(other, { mode: 0o700 })
    writeFileSync(join(other, 'teller.sqlite'), '', { mode: 0o600 })
    chownSync(join(other, 'teller.sqlite'), 65534, 65534)
    await expect(start(development(other))).rejects.toThrow(`belongs to another user (uid 65534)`)
  })
})

describe('a store belongs to the mode it was first opened in', () => {
  const development = (dataDir: string) => loadConfig({}, { appVersion: 't', shell: 'browser', mode: 'development', dataDir, workstation: 'ws', idleTimeoutSeconds: 300 })

  it('development cannot open a production store (no test staff, dev phone page or simulator on real customers)', async () => {
    const dir = folder()
    await (await start(production(dir), { sms: operator, paymentHost: acquirer })).close()
    engines.length = 0
    await expect(start(development(dir))).rejects.toThrow(
      'This is a production store: development mode (test staff, SMS outbox, payment simulator) cannot open it. Start with TELLER_MODE=production (the admin CLI too), or point TELLER_DATA_DIR at a development folder.',
    )
    // ...and its own mode still opens it.
    await start(production(dir), { sms: operator, paymentHost: acquirer })
  })

  it('production cannot open a development store', async () => {
    const dir = folder()
    await (await start(development(dir))).close()
    engines.length = 0
    await expect(start(production(dir), { sms: operator, paymentHost: acquirer })).rejects.toThrow(
      'This is a development store (test staff and stand-ins may have used it): production cannot open it. Give production its own data folder or database.',
    )
  })
})

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-engine'

// The real entry point (`npm start` without Electron) in production mode: with every stand-in
// replaced it starts and serves no dev route; misconfigured, it refuses by name before serving.
const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

function runShell(env: Record<string, string | undefined>): { done: Promise<number | null>; output: () => string; url: () => Promise<string>; stop: () => Promise<void> } {
  const dir = tempDir('teller-prod-shell-')
  // The audit witness on "another volume": a folder of its own, outside the data folder.
  const witness = tempDir('teller-prod-witness-')
  const child = spawn('node_modules/.bin/tsx', ['src/browser-shell/main.ts', '--no-open'], {
    env: { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_WORKSTATION: 'ws-prod', TELLER_AUDIT_WITNESS: join(witness.path, 'witness.jsonl'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  const done = new Promise<number | null>((ok) => child.on('exit', ok))
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await done
    }
    dir.cleanup()
    witness.cleanup()
  }
  stops.push(stop)
  const url = () =>
    new Promise<string>((ok, fail) => {
      const check = () => {
        const m = /^TELLER_SHELL_URL_FILE=(.+)$/m.exec(out)
        if (m) ok(readFileSync(m[1]!, 'utf8').trim())
      }
      child.stdout.on('data', check)
      void done.then(() => fail(new Error(`shell exited:\n${out}`)))
    })
  return { done, output: () => out, url, stop }
}

const PRODUCTION_READY = {
  TELLER_MODE: 'production',
  TELLER_KEY_MODE: 'keychain',
  // Never contacted in this test: the shell starts, nobody sends an SMS or pays.
  TELLER_SMS_MODE: 'https',
  TELLER_SMS_URL: 'https://127.0.0.1:9/sms',
  TELLER_SMS_TOKEN: 'sms-token-for-test',
  TELLER_PAYMENT_MODE: 'https',
  TELLER_PAYMENT_URL: 'https://127.0.0.1:9/acquirer',
  TELLER_PAYMENT_TOKEN: 'acquirer-token-for-test',
}

describe('the browser shell in production mode', () => {
  it('serves the app, says production, and has no dev route (404), not even with the token', async () => {
    const shell = runShell(PRODUCTION_READY)
    const url = new URL(await shell.url())
    const token = url.searchParams.get('token')!
    for (const path of ['/__teller/dev/phone', '/__teller/dev/phone.js', `/__teller/dev/sms?token=${token}`, `/__teller/dev/phone?token=${token}`]) {
      const res = await fetch(`${url.origin}${path}`)
      expect([path, res.status]).toEqual([path, 404])
    }
    const status = await fetch(`${url.origin}/__teller/ipc/system:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': token, 'x-teller-client': '00000000-0000-4000-8000-000000000001', origin: url.origin },
      body: '{}',
    })
    expect(await status.json()).toMatchObject({ ok: true, value: { mode: 'production', shell: 'browser' } })
    expect(shell.output()).not.toContain('sms-token-for-test')
    expect(shell.output()).not.toContain('acquirer-token-for-test')
  })

  it('refuses to start on the SMS outbox and the payment simulator, naming both settings, and exits 1', async () => {
    const shell = runShell({ TELLER_MODE: 'production', TELLER_SMS_MODE: undefined, TELLER_PAYMENT_MODE: undefined, TELLER_KEY_MODE: undefined })
    expect(await shell.done).toBe(1)
    expect(shell.output()).toContain('Branch Teller could not start: Production mode (the packaged app, or TELLER_MODE=production) refuses to start:')
    expect(shell.output()).toContain('set TELLER_SMS_MODE=smpp')
    expect(shell.output()).toContain('set TELLER_PAYMENT_MODE=https')
    expect(shell.output()).not.toContain('TELLER_SHELL_URL_FILE=')
  })

  it('development (the default from source) serves the dev phone page with the token', async () => {
    const shell = runShell({ TELLER_MODE: undefined, TELLER_SMS_MODE: undefined, TELLER_PAYMENT_MODE: undefined })
    const url = new URL(await shell.url())
    const res = await fetch(`${url.origin}/__teller/dev/sms?token=${url.searchParams.get('token')}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([])
  })
})

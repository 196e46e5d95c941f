import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect } from '@playwright/test'
import { startShell } from './shell-fixture'

/** Every process's argv on this machine, as /proc shows it to anyone. */
function allArgv(): string[] {
  const out: string[] = []
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' '))
    } catch {
      // the process ended meanwhile
    }
  }
  return out
}

const SECRETS = {
  TELLER_KEY_MODE: 'passphrase',
  TELLER_KEY_PASSPHRASE: 'shell-token-spec passphrase',
  TELLER_SMPP_PASSWORD: 'smpp-secret-8c1f',
  TELLER_SMS_TOKEN: 'sms-token-5d2e',
  BANK_API_KEY: 'api-key-77a0',
  SOME_SECRET: 'secret-3b9c',
}

// The per-run token opens the whole IPC contract: it must never be in a process's argv (readable by
// every local user in /proc), nor on stdout unless a person is reading a terminal; the browser the
// shell opens gets neither the token in its argv nor the app's secrets in its environment.
test('the browser shell keeps its token out of argv, stdout and the browser\'s environment', async ({ page }) => {
  test.setTimeout(120_000)
  // A stand-in xdg-open that records how it was started.
  const bin = mkdtempSync(join(tmpdir(), 'teller-fake-open-'))
  const record = join(bin, 'record')
  writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\n{ for a in "$@"; do printf 'ARG %s\\n' "$a"; done; env; } > '${record}.tmp' && mv '${record}.tmp' '${record}'\n`)
  chmodSync(join(bin, 'xdg-open'), 0o755)
  const shell = await startShell(
    { ...SECRETS, DISPLAY: ':99', CI: '', PATH: `${bin}:${process.env.PATH}` },
    ['node_modules/.bin/tsx', 'src/browser-shell/main.ts'],
  )
  try {
    const token = new URL(shell.url).searchParams.get('token')!
    expect(token.length).toBeGreaterThanOrEqual(40)
    // (a) stdout is not a terminal here: the token is not printed.
    expect.soft(shell.output()).not.toContain(token)
    // (b) the URL is in a file only this user can read.
    const urlFile = join(shell.dataDir, 'shell-url')
    expect.soft(existsSync(urlFile) && statSync(urlFile).mode & 0o777).toBe(0o600)
    expect.soft(existsSync(urlFile) && readFileSync(urlFile, 'utf8').trim()).toBe(shell.url)
    // (c) the browser opener: neither the token in its argv nor a secret in its environment.
    await expect.poll(() => existsSync(record), { timeout: 20_000 }).toBe(true)
    const recorded = readFileSync(record, 'utf8')
    const args = recorded.split('\n').filter((l) => l.startsWith('ARG ')).map((l) => l.slice(4))
    const env = recorded.split('\n').filter((l) => !l.startsWith('ARG '))
    expect.soft(args.join(' ')).not.toContain(token)
    expect.soft(env.join('\n')).not.toContain(token)
    for (const [name, value] of Object.entries(SECRETS).filter(([n]) => n !== 'TELLER_KEY_MODE')) {
      expect.soft(env.join('\n'), name).not.toContain(value)
    }
    expect.soft(env.map((l) => l.split('=')[0]!).filter((n) => /PASS|TOKEN|SECRET|KEY/i.test(n))).toEqual([])
    expect.soft(allArgv().filter((a) => a.includes(token))).toEqual([])
    // What it was asked to open leads to the app, token handed over without argv; then it is gone.
    expect(args).toHaveLength(1)
    await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
    await page.goto(args[0]!)
    await expect(page.getByRole('button', { name: 'Create supervisor and sign in' })).toBeVisible()
    expect(new URL(page.url()).origin).toBe(new URL(shell.url).origin)
    await expect.poll(() => readdirSync(shell.dataDir).filter((f) => f.endsWith('.html'))).toEqual([])
  } finally {
    await shell.stop()
    rmSync(bin, { recursive: true, force: true })
  }
})

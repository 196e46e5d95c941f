import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test as checked, expect } from '../console-check'

export interface Shell {
  url: string
  dataDir: string
  output: () => string
}

/**
 * Starts `src/browser-shell/main.ts` exactly as `npm start` does on a machine without Electron,
 * with a fresh data folder per test, and reads the URL (with its per-run token) from the 0600 file
 * the shell names on stdout (`TELLER_SHELL_URL_FILE=<dataDir>/shell-url`).
 */
export async function startShell(
  /** Added to this process's environment; an undefined value removes that variable. */
  env: Record<string, string | undefined> = {},
  command: string[] = ['node_modules/.bin/tsx', 'src/browser-shell/main.ts', '--no-open'],
  dataDir = mkdtempSync(join(tmpdir(), 'teller-e2e-')),
): Promise<Shell & { stop(): Promise<void> }> {
  // Own process group, so stopping kills the whole chain (npm → node → tsx → server).
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, TELLER_DATA_DIR: dataDir, TELLER_WORKSTATION: 'e2e-ws', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`browser shell did not start:\n${out}`)), 60_000)
    // The shell prints which file holds the URL (never the token itself when stdout is not a terminal).
    const check = () => {
      const m = /^TELLER_SHELL_URL_FILE=(.+)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(readFileSync(m[1]!, 'utf8').trim())
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => fail(new Error(`browser shell exited with ${code}:\n${out}`)))
  })
  return {
    url,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok))
        process.kill(-child.pid!, 'SIGTERM')
        await exited
      }
      // npm may exit before the server under it has closed its engine (the last audit checkpoint
      // is written then): retry while the folder is still being written.
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
    },
  }
}

/** The console/CSP check of console-check.ts applies to every test (auto fixture), plus a fresh shell. */
export const test = checked.extend<{ shell: Shell }>({
  shell: async ({ context }, use) => {
    const shell = await startShell()
    await use(shell)
    // Pages go before their server: a request still in flight must not fail the console check.
    for (const page of context.pages()) await page.close()
    await shell.stop()
  },
})

export { expect }

export async function createFirstSupervisor(page: Page, shell: Shell, password: string): Promise<void> {
  await page.goto(shell.url)
  await page.getByLabel('Full name').fill('Aigerim Supervisor')
  await page.getByLabel('Login').fill('chief')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create supervisor and sign in' }).click()
}

/** Reads the newest session key the simulated SMS operator delivered to a phone (the customer's phone). */
export async function latestSessionKey(shell: Shell, phone: string, after = 0): Promise<{ code: string; count: number }> {
  const url = new URL(shell.url)
  const token = url.searchParams.get('token')!
  for (let i = 0; i < 50; i++) {
    const res = await fetch(`${url.origin}/__teller/dev/sms?${new URLSearchParams({ token, phone })}`)
    const list = (await res.json()) as { text: string }[]
    if (list.length > after) {
      const m = /(\d{6})/.exec(list[list.length - 1]!.text)
      if (m) return { code: m[1]!, count: list.length }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`no new SMS to ${phone}`)
}

export async function signInStaff(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel('Login').fill(login)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('home-title')).toBeVisible()
}

/** Verification then registration at the counter (S5.1, S5.2); leaves the customer signed in. */
export async function registerCustomerAtCounter(page: Page, shell: Shell, phone: string, name: string, password: string): Promise<void> {
  await page.getByTestId('nav-customer').click()
  await page.getByLabel('Mobile phone').fill(phone)
  await page.getByRole('button', { name: 'Find' }).click()
  await page.getByTestId('send-verify-key').click()
  const v = await latestSessionKey(shell, phone)
  await page.getByLabel('Session key from the SMS').fill(v.code)
  await page.getByRole('button', { name: 'Confirm phone' }).click()
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Date of birth').fill('1988-11-30')
  await page.getByTestId('register-password').locator('input').fill(password)
  await page.getByTestId('send-register-key').click()
  const r = await latestSessionKey(shell, phone, v.count)
  await page.getByLabel('Session key from the SMS').fill(r.code)
  await page.getByRole('button', { name: 'Register customer' }).click()
  await expect(page.getByTestId('customer-signed-in')).toContainText(name)
}

/** A supervisor (signed in on `page`) adds a teller, signs out, and the teller signs in on the same page. */
export async function addTellerAndSignIn(page: Page, login: string, name: string, password: string): Promise<void> {
  await page.getByTestId('nav-staff').click()
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Login').fill(login)
  await page.getByLabel('Initial password').fill(password)
  await page.getByRole('button', { name: 'Add staff member' }).click()
  await expect(page.getByTestId(`staff-row-${login}`)).toContainText('teller')
  await page.getByRole('button', { name: 'Sign out' }).click()
  const form = page.getByTestId('sign-in-form')
  await form.getByLabel('Login').fill(login)
  await form.getByLabel('Password').fill(password)
  await form.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('home-title')).toHaveText(`Welcome, ${name}`)
}

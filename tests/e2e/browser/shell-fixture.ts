import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { test as checked, expect } from '../console-check'

/**
 * The authenticator app on each test staff member's phone (PCI DSS 8.4.2): the secret read from the
 * enrolment page, and the last step used, so a sign-in never offers a step the app already used.
 */
const phones = new Map<string, { secret: string; lastStep: number }>()

export interface Shell {
  url: string
  /** The customer window's page, with its own token (issue 12). */
  customerUrl: string
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
  // A fresh store: no staff member has an authenticator yet.
  phones.clear()
  // Own process group, so stopping kills the whole chain (npm → node → tsx → server).
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, TELLER_DATA_DIR: dataDir, TELLER_WORKSTATION: 'e2e-ws', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()))
  let customerUrl = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`browser shell did not start:\n${out}`)), 60_000)
    // The shell prints which file holds the URL (never the token itself when stdout is not a terminal).
    const check = () => {
      const m = /^TELLER_SHELL_URL_FILE=(.+)$/m.exec(out)
      if (m) {
        clearTimeout(timer)
        const c = /^TELLER_CUSTOMER_URL_FILE=(.+)$/m.exec(out)
        if (c) customerUrl = readFileSync(c[1]!, 'utf8').trim()
        ok(readFileSync(m[1]!, 'utf8').trim())
      }
    }
    child.stdout!.on('data', check)
    child.on('exit', (code) => fail(new Error(`browser shell exited with ${code}:\n${out}`)))
  })
  return {
    url,
    customerUrl,
    dataDir,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok))
        process.kill(-child.pid!, 'SIGTERM')
        await exited
      }
      // npm may exit before the server under it has closed its engine (app.stop and the last audit
      // checkpoint are written then): wait until the whole process group is gone, then remove.
      for (let i = 0; i < 300 && groupAlive(child.pid!); i++) await new Promise((r) => setTimeout(r, 100))
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 })
    },
  }
}

/** Whether any process of the group led by `pid` is still running. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
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


export function rememberSecret(login: string, secret: string, usedStep: number): void {
  phones.set(login, { secret, lastStep: usedStep })
}

/** The code the authenticator shows for a step not used yet: now, or the next step (waiting if both are used). */
export async function freshCode(login: string): Promise<string> {
  const phone = phones.get(login)
  if (!phone) throw new Error(`${login} has not enrolled a second factor in this test`)
  for (;;) {
    const step = Math.max(stepAt(Date.now()), phone.lastStep + 1)
    if (step <= stepAt(Date.now()) + 1) {
      phone.lastStep = step
      return totpCode(phone.secret, step)
    }
    await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 50))
  }
}

/** On the enrolment panel: reads the secret shown as text, enters the app's code, then leaves the recovery codes. */
export async function enrolOnPage(page: Page, login: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  await expect(page.getByTestId('totp-qr')).toBeVisible()
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  const step = stepAt(Date.now())
  await page.getByLabel('Code from the app').fill(totpCode(secret, step))
  await page.getByRole('button', { name: 'Confirm and sign in' }).click()
  await expect(page.getByTestId('recovery-codes')).toBeVisible()
  const recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim())
  rememberSecret(login, secret, step)
  await page.getByRole('button', { name: 'I have saved the recovery codes' }).click()
  await expect(page.getByTestId('home-title')).toBeVisible()
  return { secret, recoveryCodes }
}

export async function createFirstSupervisor(page: Page, shell: Shell, password: string): Promise<void> {
  await page.goto(shell.url)
  await page.getByLabel('Full name').fill('Aigerim Supervisor')
  await page.getByLabel('Login').fill('chief')
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Create supervisor and sign in' }).click()
  await enrolOnPage(page, 'chief')
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

/** Fills the sign-in form: login, password and, once enrolled, a fresh authenticator code. */
/**
 * Fills the sign-in form's fields and checks each holds what was typed. Right after a sign-out the
 * page that is leaving and the sign-in page can both be in the DOM for a moment (a CI run once typed
 * the password into Login): the fields are filled again until they read back right.
 */
export async function fillSignInFields(scope: Page | Locator, values: { login: string; password: string; code?: string }): Promise<void> {
  const fields: [Locator, string][] = [
    [scope.getByLabel('Login'), values.login],
    [scope.getByLabel('Password'), values.password],
    ...(values.code !== undefined ? ([[scope.getByLabel('Authenticator code'), values.code]] as [Locator, string][]) : []),
  ]
  for (let attempt = 0; attempt < 5; attempt++) {
    for (const [field, value] of fields) await field.fill(value)
    const read = await Promise.all(fields.map(([field]) => field.inputValue()))
    if (read.every((v, i) => v === fields[i]![1])) return
    await new Promise((r) => setTimeout(r, 200))
  }
  for (const [field, value] of fields) await expect(field).toHaveValue(value)
}

export async function fillSignIn(scope: Page | Locator, login: string, password: string): Promise<void> {
  await fillSignInFields(scope, { login, password, ...(phones.has(login) ? { code: await freshCode(login) } : {}) })
}

/** Signs in; a staff member with no second factor yet enrols it on the page that follows. */
export async function signInStaff(page: Page, login: string, password: string): Promise<void> {
  const form = page.getByTestId('sign-in-form')
  await fillSignIn(form, login, password)
  await form.getByRole('button', { name: 'Sign in' }).click()
  if (!phones.has(login)) await enrolOnPage(page, login)
  await expect(page.getByTestId('home-title')).toBeVisible()
}

/**
 * Pairs a customer window with the teller page (issue 12): the teller page shows a code on the
 * customer page of the app, the customer page (a second tab, its own token) presents it.
 */
export async function openCustomerWindow(page: Page, shell: Shell, locale = 'en'): Promise<Page> {
  await page.getByTestId('nav-customer').click()
  await page.getByTestId('cw-start-pairing').click()
  const code = /(\d{6})/.exec((await page.getByTestId('cw-pairing-code').textContent()) ?? '')![1]!
  const customer = await page.context().newPage()
  await customer.addInitScript((l) => sessionStorage.setItem('customer-locale', l), locale)
  await customer.goto(shell.customerUrl)
  await customer.getByTestId('cw-pair-code').locator('input').fill(code)
  await customer.getByTestId('cw-pair').click()
  await expect(customer.getByTestId('cw-waiting')).toBeVisible()
  await expect(page.getByTestId('cw-paired')).toBeVisible()
  return customer
}

/** The customer answers the open step on the customer window: the key, and a password when it asks for one. */
export async function answerOnCustomerWindow(customer: Page, answer: { code: string; password?: string }): Promise<void> {
  await expect(customer.getByTestId('cw-prompt')).toBeVisible()
  if (answer.password !== undefined) await customer.getByTestId('cw-password').locator('input').fill(answer.password)
  await customer.getByTestId('cw-key').locator('input').fill(answer.code)
  await customer.getByTestId('cw-submit').click()
}

/** Verification then registration at the counter (S5.1, S5.2), the customer typing on the customer window; leaves the customer signed in. */
export async function registerCustomerAtCounter(page: Page, shell: Shell, phone: string, name: string, password: string): Promise<Page> {
  const customer = await openCustomerWindow(page, shell)
  await page.getByLabel('Mobile phone').fill(phone)
  await page.getByRole('button', { name: 'Find' }).click()
  await page.getByTestId('send-verify-key').click()
  const v = await latestSessionKey(shell, phone)
  await answerOnCustomerWindow(customer, { code: v.code })
  await expect(page.getByTestId('customer-notice')).toHaveText('Phone verified. Continue with registration.')
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Date of birth').fill('1988-11-30')
  await page.getByTestId('send-register-key').click()
  const r = await latestSessionKey(shell, phone, v.count)
  await answerOnCustomerWindow(customer, { code: r.code, password })
  await expect(page.getByTestId('customer-signed-in')).toContainText(name)
  return customer
}

/** A supervisor (signed in on `page`) adds a teller, signs out, and the teller signs in on the same page (enrolling the authenticator). */
export async function addTellerAndSignIn(page: Page, login: string, name: string, password: string): Promise<void> {
  await page.getByTestId('nav-staff').click()
  await page.getByLabel('Full name').fill(name)
  await page.getByLabel('Login').fill(login)
  await page.getByLabel('Initial password').fill(password)
  await page.getByRole('button', { name: 'Add staff member' }).click()
  await expect(page.getByTestId(`staff-row-${login}`)).toContainText('teller')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await signInStaff(page, login, password)
  await expect(page.getByTestId('home-title')).toHaveText(`Welcome, ${name}`)
}

/** S5 (issue 12): the teller starts the customer's sign-in; the customer types the password on the customer window. */
export async function signInOnCustomerWindow(page: Page, customer: Page, password: string): Promise<void> {
  if (!(await customer.getByTestId('cw-password').isVisible())) await page.getByTestId('customer-sign-in').click()
  await expect(customer.getByTestId('cw-password')).toBeVisible()
  await customer.getByTestId('cw-password').locator('input').fill(password)
  await customer.getByTestId('cw-submit').click()
}

/** S14 c-e (issue 12): the customer types the card number, expiry and CVV on the customer window. */
export async function cardOnCustomerWindow(customer: Page, card: { pan: string; expiry: string; cvv: string }): Promise<void> {
  await expect(customer.getByTestId('cw-pan')).toBeVisible()
  await customer.getByTestId('cw-pan').locator('input').fill(card.pan)
  await customer.getByTestId('cw-expiry').locator('input').fill(card.expiry)
  await customer.getByTestId('cw-cvv').locator('input').fill(card.cvv)
  await customer.getByTestId('cw-submit').click()
}

/**
 * A payment at the counter (S14): the teller has filled provider, payee and amount and chosen the
 * card; the customer types a new card (when given) and the session key on the customer window.
 */
export async function payOnCustomerWindow(page: Page, customer: Page, shell: Shell, phone: string, card?: { pan: string; expiry: string; cvv: string }): Promise<void> {
  const before = await smsCount(shell, phone)
  await page.getByTestId('payment-continue').click()
  if (card) await cardOnCustomerWindow(customer, card)
  const key = await latestSessionKey(shell, phone, before)
  await expect(customer.getByTestId('cw-key')).toBeVisible()
  await answerOnCustomerWindow(customer, { code: key.code })
}

/** How many SMS the simulated operator delivered to a phone so far. */
export async function smsCount(shell: Shell, phone: string): Promise<number> {
  const url = new URL(shell.url)
  const res = await fetch(`${url.origin}/__teller/dev/sms?${new URLSearchParams({ token: url.searchParams.get('token')!, phone })}`)
  return ((await res.json()) as unknown[]).length
}

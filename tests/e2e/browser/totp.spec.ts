import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { test, expect, fillSignInFields, rememberSecret } from './shell-fixture'

// PCI DSS v4 8.4.2: the first supervisor enrols a TOTP second factor at first run; the test is the
// authenticator app, computing codes from the secret it read on the enrolment page.
const PASSWORD = 'Chief-Password-2026'
const REFUSED = 'Sign-in refused. Check the login and password. After too many wrong attempts an account is locked for at least 30 minutes, or until a supervisor unlocks it.'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('first run enrols the supervisor\'s authenticator from the QR code or the secret; sign-in then needs a fresh code or a recovery code', async ({ page, shell }) => {
  test.setTimeout(120_000)
  await page.goto(shell.url)
  await page.getByLabel('Full name').fill('Aigerim Supervisor')
  await page.getByLabel('Login').fill('chief')
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Create supervisor and sign in' }).click()

  // The enrolment: a QR code and the same secret as text; no session yet.
  const qr = page.getByTestId('totp-qr')
  await expect(qr).toBeVisible()
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/)
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await page.screenshot({ path: 'test-results/screens/totp-enrolment.png', fullPage: true })
  expect(await page.evaluate(() => window.teller.staff.session())).toEqual({ ok: true, value: null })

  // A code that is not from this secret's current steps is refused.
  const now = stepAt(Date.now())
  await page.getByLabel('Code from the app').fill(totpCode(secret, now + 3))
  await page.getByRole('button', { name: 'Confirm and sign in' }).click()
  await expect(page.getByTestId("totp-enrolment").locator(".v-alert")).toContainText("The authenticator code is wrong or has already been used.")
  const enrolStep = stepAt(Date.now())
  const enrolCode = totpCode(secret, enrolStep)
  await page.getByLabel('Code from the app').fill(enrolCode)
  await page.getByRole('button', { name: 'Confirm and sign in' }).click()

  // Ten recovery codes, shown once (read once they are on screen: the reply takes a moment).
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10)
  const codes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((c) => c.trim())
  expect(codes).toHaveLength(10)
  for (const c of codes) expect(c).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
  await page.getByRole('button', { name: 'I have saved the recovery codes' }).click()
  await expect(page.getByTestId('home-title')).toHaveText('Welcome, Aigerim Supervisor')
  rememberSecret('chief', secret, enrolStep)

  const signIn = async (code: string) => {
    const form = page.getByTestId('sign-in-form')
    await fillSignInFields(form, { login: 'chief', password: PASSWORD, code })
    await form.getByRole('button', { name: 'Sign in' }).click()
  }
  await page.getByRole('button', { name: 'Sign out' }).click()
  // The password alone, or the code already used at enrolment (replay): the same non-revealing refusal.
  await signIn('')
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)
  await signIn(enrolCode)
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)
  await expect(page.getByLabel('Authenticator code')).toHaveValue('')
  // The next step's code (accepted one step early).
  await signIn(totpCode(secret, enrolStep + 1))
  await expect(page.getByTestId('home-title')).toHaveText('Welcome, Aigerim Supervisor')

  // A recovery code works once.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await signIn(codes[0]!)
  await expect(page.getByTestId('home-title')).toBeVisible()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await signIn(codes[0]!)
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)
  expect(shell.output()).not.toContain(secret)
})

import { test, expect, createFirstSupervisor, fillSignIn, signInStaff } from './shell-fixture'

const PASSWORD = 'Chief-Password-2026'
const NEW_PASSWORD = 'Chief-Password-2027'
const TELLER_PASSWORD = 'Teller-Password-2026'
const REFUSED = 'Sign-in refused. Check the login and password. After too many wrong attempts an account is locked for at least 30 minutes, or until a supervisor unlocks it.'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('a staff member changes their own password: the current one first, none of the last 4, then only the new one signs in', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, PASSWORD)
  await expect(page.getByTestId('home-title')).toBeVisible()
  await page.getByTestId('change-password').click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText('At least 12 characters, with letters and digits; not one of your last 4 passwords.')).toBeVisible()

  // A wrong current password.
  await dialog.getByLabel('Current password', { exact: true }).fill('Not-my-password-1')
  await dialog.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await dialog.getByLabel('New password again', { exact: true }).fill(NEW_PASSWORD)
  await dialog.getByTestId('password-submit').click()
  await expect(dialog.getByTestId('password-error')).toHaveText('The current password is wrong, or the account is locked after too many wrong passwords.')

  // The new password is the current one: refused by the history rule.
  await dialog.getByLabel('Current password', { exact: true }).fill(PASSWORD)
  await dialog.getByLabel('New password', { exact: true }).fill(PASSWORD)
  await dialog.getByLabel('New password again', { exact: true }).fill(PASSWORD)
  await dialog.getByTestId('password-submit').click()
  await expect(dialog.getByTestId('password-error')).toHaveText('The new password must differ from your last 4 passwords.')
  // Every field is cleared after an attempt.
  await expect(dialog.getByLabel('Current password', { exact: true })).toHaveValue('')

  // A too-short new password cannot even be sent.
  await dialog.getByLabel('Current password', { exact: true }).fill(PASSWORD)
  await dialog.getByLabel('New password', { exact: true }).fill('short-1')
  await dialog.getByLabel('New password again', { exact: true }).fill('short-1')
  await expect(dialog.getByTestId('password-submit')).toBeDisabled()

  await dialog.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD)
  await dialog.getByLabel('New password again', { exact: true }).fill(NEW_PASSWORD)
  await dialog.getByTestId('password-submit').click()
  await expect(dialog.getByTestId('password-changed')).toHaveText('Your password was changed.')
  await page.screenshot({ path: 'test-results/screens/staff-password-changed.png', fullPage: true })
  await dialog.getByRole('button', { name: 'Close' }).click()

  await page.getByRole('button', { name: 'Sign out' }).click()
  // The old password with a valid authenticator code: refused.
  await fillSignIn(page, 'chief', PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)
  await signInStaff(page, 'chief', NEW_PASSWORD)
  expect(shell.output()).not.toContain(NEW_PASSWORD)
})

test('10 wrong passwords lock a teller; the sign-in page does not say so; a supervisor unlocks with a reason', async ({ page, shell }) => {
  test.setTimeout(90_000)
  await createFirstSupervisor(page, shell, PASSWORD)
  await page.getByTestId('nav-staff').click()
  await page.getByLabel('Full name').fill('Dana Teller')
  await page.getByLabel('Login').fill('dana')
  await page.getByLabel('Initial password').fill(TELLER_PASSWORD)
  await page.getByRole('button', { name: 'Add staff member' }).click()
  await expect(page.getByTestId('staff-row-dana')).toContainText('active')
  await page.getByRole('button', { name: 'Sign out' }).click()

  // Ten wrong guesses straight at the API, as a script in the page would make them.
  const codes = await page.evaluate(async () => {
    const out: string[] = []
    for (let i = 0; i < 10; i++) {
      const r = await window.teller.staff.signIn({ login: 'dana', password: `Wrong-guess-${i}-pw` })
      out.push(r.ok ? 'ok' : r.error.code)
    }
    return out
  })
  expect(new Set(codes)).toEqual(new Set(['STAFF_SIGN_IN_REFUSED']))
  await page.getByLabel('Login').fill('dana')
  await page.getByLabel('Password').fill(TELLER_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)
  await page.getByLabel('Login').fill('nobody-here')
  await page.getByLabel('Password').fill(TELLER_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText(REFUSED)

  await signInStaff(page, 'chief', PASSWORD)
  await page.getByTestId('nav-staff').click()
  await expect(page.getByTestId('staff-row-dana')).toContainText('locked until')
  await expect(page.getByRole('button', { name: 'Unlock chief' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Unlock dana' }).click()
  await expect(page.getByTestId('unlock-confirm')).toBeDisabled()
  await page.getByTestId('unlock-reason').locator('textarea').first().fill('Identity confirmed in person')
  await page.getByTestId('unlock-confirm').click()
  await expect(page.getByTestId('staff-row-dana')).toContainText('active')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await signInStaff(page, 'dana', TELLER_PASSWORD)
  await expect(page.getByTestId('home-title')).toHaveText('Welcome, Dana Teller')
})

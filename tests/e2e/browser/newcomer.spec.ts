import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DEV_TOTP_SECRET } from '../../../src/main/app/dev-staff'
import { stepAt, totpCode } from '../../../src/main/engine/staff/staff-totp-rules'
import { test, expect, startShell } from './shell-fixture'

// A new user on a fresh headless machine: no desktop session, so no Secret Service answers. The
// README's start command must still bring up the app, in development mode, and say so.
const NO_KEYCHAIN = {
  DBUS_SESSION_BUS_ADDRESS: undefined,
  GNOME_KEYRING_CONTROL: undefined,
  DISPLAY: undefined,
  WAYLAND_DISPLAY: undefined,
  TELLER_IN_KEYRING: undefined,
  TELLER_KEY_MODE: undefined,
  TELLER_MODE: undefined,
}

test('`npm start` on a headless machine with no keychain shows the sign-in page with the development banner', async ({ page }) => {
  test.setTimeout(150_000)
  const shell = await startShell(NO_KEYCHAIN, ['npm', 'start', '--', '--no-open', '--dev-staff'])
  try {
    expect(shell.output()).toContain('Development staff: dev.supervisor, dev.teller')
    // The KEK went to the clearly named development key store, 0600, beside the 0700 data folder.
    const keyFile = join(shell.dataDir, 'DEVELOPMENT-ONLY-key-store.json')
    expect(existsSync(keyFile)).toBe(true)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(statSync(shell.dataDir).mode & 0o777).toBe(0o700)
    expect(statSync(join(shell.dataDir, 'teller.sqlite')).mode & 0o777).toBe(0o600)

    await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
    await page.goto(shell.url)
    await expect(page.getByText('Staff sign-in')).toBeVisible()
    await expect(page.getByTestId('dev-banner')).toHaveText('Development — not for customer data')
    await page.screenshot({ path: 'test-results/screens/newcomer-sign-in.png', fullPage: true })
    await page.getByLabel('Login').fill('dev.teller')
    await page.getByLabel('Password').fill('Development-2026')
    // The development staff's documented TOTP secret (README), as an authenticator app would show it.
    await page.getByLabel('Authenticator code').fill(totpCode(DEV_TOTP_SECRET, stepAt(Date.now())))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('home-title')).toHaveText('Welcome, Dev Teller')
    await expect(page.getByTestId('dev-banner')).toBeVisible()
    await page.getByRole('button', { name: 'Русский' }).click()
    await expect(page.getByTestId('dev-banner')).toHaveText('Режим разработки — не для данных клиентов')
  } finally {
    await page.close()
    await shell.stop()
  }
})

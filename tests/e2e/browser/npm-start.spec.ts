import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, enrolOnPage, startShell } from './shell-fixture'

// The README's start command, as a new user runs it on a machine without an Electron binary.
test('`npm start` serves the sign-in page, and a teller created with the admin CLI signs in', async ({ page }) => {
  test.setTimeout(120_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'teller-npm-start-'))
  execFileSync('npm', ['run', '--silent', 'admin', '--', 'create-staff', '--login', 'dana', '--name', 'Dana K', '--role', 'teller'], {
    input: 'Teller-Password-2026\n',
    env: { ...process.env, TELLER_DATA_DIR: dataDir },
  })
  const shell = await startShell({}, ['npm', 'start', '--', '--no-open'], dataDir)
  try {
    expect(shell.output()).toContain('No Electron binary installed: starting the browser shell')
    expect(shell.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/)
    await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
    await page.goto(shell.url)
    await expect(page.getByText('Staff sign-in')).toBeVisible()
    await page.getByLabel('Login').fill('dana')
    await page.getByLabel('Password').fill('Teller-Password-2026')
    await page.screenshot({ path: 'test-results/screens/sign-in.png', fullPage: true })
    await page.getByRole('button', { name: 'Sign in' }).click()
    // Created by the admin CLI with a pending enrolment: the second factor is set up now (PCI DSS 8.4.2).
    await enrolOnPage(page, 'dana')
    await expect(page.getByTestId('home-title')).toHaveText('Welcome, Dana K')
  } finally {
    await page.close() // before its server goes: a request still in flight must not fail the console check
    await shell.stop()
  }
})

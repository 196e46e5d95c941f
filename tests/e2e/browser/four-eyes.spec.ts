import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test, expect, registerCustomerAtCounter, signInStaff, startShell } from './shell-fixture'
import { axeViolations } from './axe'

const PASSWORD = 'Chief-Password-2026'
const PHONE = '+77051112244'

/** Two supervisors, created with the admin CLI before the app starts (the app itself would need a second supervisor's approval). */
function createSupervisors(dataDir: string): void {
  for (const [login, name] of [['chief', 'Aigerim Chief'], ['boss2', 'Bolat Second']]) {
    const r = spawnSync('node_modules/.bin/tsx', ['src/main/cli/admin.ts', 'create-staff', '--login', login!, '--name', name!, '--role', 'supervisor'], {
      input: `${PASSWORD}\n`,
      env: { ...process.env, TELLER_DATA_DIR: dataDir },
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`create-staff ${login} failed: ${r.stderr}`)
  }
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('four eyes: supervisor A asks to lift a bank block, supervisor B approves it from another browser (issue 13)', async ({ page, browser }) => {
  test.setTimeout(180_000)
  const dataDir = mkdtempSync(join(tmpdir(), 'teller-e2e-'))
  createSupervisors(dataDir)
  const shell = await startShell({}, undefined, dataDir)
  const other = await browser.newContext()
  try {
    await page.goto(shell.url)
    await signInStaff(page, 'chief', PASSWORD)
    await registerCustomerAtCounter(page, shell, PHONE, 'Serik Customer', 'Secret-77')
    await page.getByRole('button', { name: 'End customer session' }).click()

    await page.getByTestId('nav-lockouts').click()
    await page.getByLabel('Phone').fill(PHONE)
    await page.getByRole('button', { name: 'Block', exact: true }).click()
    await page.getByTestId('reason').locator('textarea').fill('Suspicious activity reported by the customer')
    await page.getByTestId('reason-confirm').click()
    await expect(page.getByTestId(`lockout-${PHONE}`)).toContainText('blocked by the bank')

    // Maker: lifting a bank block is only a request.
    await page.getByTestId(`lockout-${PHONE}`).getByRole('button', { name: `Lift ${PHONE}` }).click()
    await page.getByTestId('reason').locator('textarea').fill('Customer identified at the counter with ID card')
    await page.getByTestId('reason-confirm').click()
    await expect(page.getByTestId('lockouts-done')).toContainText('Awaiting approval')
    await expect(page.getByTestId(`lockout-${PHONE}`)).toContainText('blocked by the bank')
    // The maker sees the request as theirs in the inbox.
    await page.getByTestId('nav-approvals').click()
    await expect(page.getByTestId('approval-customer.unblock')).toContainText('Your request')

    // Checker: another supervisor in another browser context (another workstation in branch mode).
    const pageB = await other.newPage()
    await pageB.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
    await pageB.goto(shell.url)
    await signInStaff(pageB, 'boss2', PASSWORD)
    await pageB.getByTestId('nav-approvals').click()
    const row = pageB.getByTestId('approval-customer.unblock')
    await expect(row).toContainText('Lift a bank block')
    await expect(row).toContainText(PHONE)
    await expect(row).toContainText('chief')
    await expect(row).toContainText('Customer identified at the counter with ID card')
    await pageB.screenshot({ path: 'test-results/screens/approvals.png', fullPage: true })
    // The inbox with a request in it passes the same WCAG 2.1 AA scan as every other screen.
    expect(await axeViolations(pageB)).toEqual([])
    await row.getByRole('button', { name: `Approve ${PHONE}` }).click()
    await expect(pageB.getByTestId('approval-confirm')).toBeDisabled()
    await pageB.getByTestId('approval-reason').locator('textarea').fill('ID copy checked by the second supervisor')
    await pageB.getByTestId('approval-confirm').click()
    await expect(pageB.getByTestId('approvals-done')).toContainText('Approved and done')
    await expect(pageB.getByTestId('approval-customer.unblock')).toHaveCount(0)

    // The block is gone for the maker too.
    await page.getByTestId('nav-lockouts').click()
    await expect(page.getByRole('heading', { name: 'Lockouts and blocks' })).toBeVisible()
    await expect(page.getByTestId(`lockout-${PHONE}`)).toHaveCount(0)
  } finally {
    for (const p of [...page.context().pages(), ...other.pages()]) await p.close()
    await other.close()
    await shell.stop()
  }
})

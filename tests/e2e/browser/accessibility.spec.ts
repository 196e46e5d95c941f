import { test, expect, enrolOnPage, registerCustomerAtCounter } from './shell-fixture'
import { axeViolations } from './axe'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

/** axe-core (WCAG 2.1 A/AA rules) on every screen a teller or supervisor uses: labels, names, roles, contrast. */
test('every screen passes an axe-core WCAG 2.1 AA scan', async ({ page, shell }) => {
  const scan = async (screen: string) => {
    // The settled screen: a button busy while the page loads shows a spinner (a progressbar) only for that moment.
    await expect(page.locator('.v-progress-circular')).toHaveCount(0)
    const found = (await axeViolations(page)).map((v) => `${screen}: ${v}`)
    expect(found, found.join('\n')).toEqual([])
  }
  await page.goto(shell.url)
  await expect(page.getByLabel('Full name')).toBeVisible()
  await scan('first run')
  // The first run now includes the authenticator enrolment (PCI DSS 8.4.2): one more screen to scan.
  test.setTimeout(120_000)
  await page.getByLabel('Full name').fill('Aigerim Supervisor')
  await page.getByLabel('Login').fill('chief')
  await page.getByLabel('Password').fill('Chief-Password-2026')
  await page.getByRole('button', { name: 'Create supervisor and sign in' }).click()
  await expect(page.getByTestId('totp-qr')).toBeVisible()
  await scan('authenticator enrolment')
  await enrolOnPage(page, 'chief')
  await expect(page.getByTestId('home-title')).toBeVisible() // not the first-run form still busy
  await scan('home')
  await registerCustomerAtCounter(page, shell, '+77012345678', 'Aigul Customer', 'Secret-pass1')
  await scan('customer')
  for (const [nav, heading] of [
    ['nav-payment', 'Card payment'],
    ['nav-lockouts', 'Lockouts and blocks'],
    ['nav-disputes', 'Refunds and fraud cases'],
    ['nav-audit', 'Audit trail'],
    ['nav-staff', 'Staff'],
    ['nav-approvals', 'Approvals (four eyes)'],
  ] as const) {
    await page.getByTestId(nav).click()
    await expect(page.getByRole('heading', { name: heading })).toBeVisible()
    await scan(heading)
  }
})

import { test, expect, addTellerAndSignIn, createFirstSupervisor, registerCustomerAtCounter, signInOnCustomerWindow } from './shell-fixture'

// Issue 16: the home page is a desk to work from. A supervisor watches lockouts (with countdowns),
// refunds due, open fraud cases and the audit chain; a teller sees the customer at the counter with
// the session's countdown, their own operations today, the customer's history, and the lockout
// list read-only.

const PHONE = '+77051112255'
const LOCKED = '+77051112266'

test.use({ viewport: { width: 1366, height: 768 } })
// Two staff members and two customers through the UI: longer than one flow on a loaded CI machine.
test.setTimeout(120_000)
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('the supervisor desk, then the teller desk with the customer at the counter and read-only lockouts', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  const customer = await registerCustomerAtCounter(page, shell, LOCKED, 'Locked Customer', 'Secret-77')
  await page.getByRole('button', { name: 'End customer session' }).click()
  // S11: three wrong passwords, typed on the customer window (issue 12).
  for (const [i, told] of ['Tries left: 2.', 'Tries left: 1.', 'locked for 15 minutes'].entries()) {
    await signInOnCustomerWindow(page, customer, `wrong-${i}-pass`)
    await expect(page.getByTestId('cw-teller-outcome')).toContainText(told)
  }

  await page.getByTestId('nav-home').click()
  await expect(page.getByTestId('desk-lockouts')).toContainText(LOCKED)
  await expect(page.getByTestId('desk-lockouts')).toContainText(/1[45]:\d\d/)
  await expect(page.getByTestId('desk-refunds-due')).toContainText('0')
  await expect(page.getByTestId('desk-open-cases')).toContainText('0')
  // Four eyes (issue 13): requests waiting for a second supervisor, on the desk too.
  await expect(page.getByTestId('desk-approvals')).toContainText('Waiting for a second supervisor: 0')
  await page.getByTestId('desk-check-chain').click()
  await expect(page.getByTestId('desk-chain')).toContainText('intact')
  await expect(page.getByTestId('desk-today')).toContainText('Customer registered')
  await page.screenshot({ path: 'test-results/screens/desk-supervisor.png', fullPage: true })

  await addTellerAndSignIn(page, 'dana', 'Dana Teller', 'Teller-Password-2026')
  await expect(page.getByTestId('desk-lockouts')).toHaveCount(0)
  await expect(page.getByTestId('desk-today')).toContainText('Staff signed in')
  await expect(page.getByTestId('desk-today')).not.toContainText('Customer registered')
  await registerCustomerAtCounter(page, shell, PHONE, 'Desk Customer', 'Secret-77')
  await page.getByTestId('nav-home').click()
  await expect(page.getByTestId('desk-customer')).toContainText('Desk Customer')
  await expect(page.getByTestId('desk-session-ends')).toContainText(/Counter session ends in (9|10):\d\d/)
  await expect(page.getByTestId('desk-today')).toContainText('Customer registered')
  await expect(page.getByTestId('desk-today')).not.toContainText(LOCKED)
  await page.getByTestId('desk-show-history').click()
  await expect(page.getByTestId('desk-history')).toContainText('Phone verified')
  await page.screenshot({ path: 'test-results/screens/desk-teller.png', fullPage: true })

  // The lockout list, read-only for a teller.
  await page.getByTestId('nav-lockouts').click()
  await expect(page.getByTestId(`lockout-${LOCKED}`)).toContainText('3 wrong passwords')
  await expect(page.getByRole('button', { name: `Lift ${LOCKED}` })).toHaveCount(0)
  await expect(page.getByRole('button', { name: 'Block', exact: true })).toHaveCount(0)
})

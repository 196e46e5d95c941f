import { test, expect, createFirstSupervisor, registerCustomerAtCounter, signInOnCustomerWindow } from './shell-fixture'

// Issue 16, "smaller defects a tester found", each checked where a teller would meet it.

const PHONE = '+77051112277'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('title and shell name translated, no empty alert regions, provider hints translated, notices follow the language, a full lift dialog, no 15:01', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  await expect(page).toHaveTitle('Branch Teller')

  // No empty role=alert region under every field (Vuetify's default), on a page full of fields.
  await page.getByTestId('nav-customer').click()
  await expect(page.getByLabel('Mobile phone')).toBeVisible()
  const emptyAlerts = await page.evaluate(() => [...document.querySelectorAll('[role=alert]')].filter((el) => (el.textContent ?? '').trim() === '').length)
  expect(emptyAlerts).toBe(0)

  const customer = await registerCustomerAtCounter(page, shell, PHONE, 'Dialog Customer', 'Secret-77')
  // Provider field hints in the UI language (they came from providers.json in English only).
  await page.getByRole('button', { name: /^RU / }).click()
  await page.getByTestId('nav-payment').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'АлматыЭнергоСбыт (электроэнергия)' }).click()
  await page.getByLabel('Лицевой счёт').focus()
  await expect(page.getByText('10 цифр')).toBeVisible()
  await page.getByRole('button', { name: /^EN / }).click()
  await expect(page.getByText('10 digits')).toBeVisible()
  await page.getByTestId('nav-customer').click()
  await page.getByRole('button', { name: 'End customer session' }).click()
  // S11: three wrong passwords, typed on the customer window (issue 12).
  for (const [i, told] of ['Tries left: 2.', 'Tries left: 1.', 'locked for 15 minutes'].entries()) {
    await signInOnCustomerWindow(page, customer, `wrong-${i}-pass`)
    await expect(page.getByTestId('cw-teller-outcome')).toContainText(told)
  }

  await page.getByTestId('nav-lockouts').click()
  const row = page.getByTestId(`lockout-${PHONE}`)
  // A new 15-minute lock counts down from 15:00 (or just under), never 15:01.
  await expect(row).toContainText(/1[45]:\d\d/)
  await expect(row).not.toContainText(/15:0[1-9]/)
  await row.getByRole('button', { name: `Lift ${PHONE}` }).click()
  const summary = page.getByTestId('lift-summary')
  await expect(summary).toContainText('Dialog Customer')
  await expect(summary).toContainText('3 wrong passwords')
  await expect(summary).toContainText(/1[45]:\d\d/)
  await page.getByTestId('reason').locator('textarea').fill('Customer identified at the counter with ID card')
  await expect(page.getByTestId('reason-confirm')).toHaveText('Lift now')
  await page.getByTestId('reason-confirm').click()
  await expect(page.getByTestId('lockouts-done')).toContainText(PHONE)

  // Switching language re-renders the notice, the title and the shell name.
  await page.getByRole('button', { name: /^RU / }).click()
  await expect(page.getByTestId('lockouts-done')).not.toContainText('lifted')
  await expect(page).toHaveTitle('Операционист')
  await page.getByTestId('nav-payment').click()
  await expect(page.getByTestId('payment-no-customer')).toBeVisible()
  await page.getByRole('button', { name: 'Выйти' }).click()
  await expect(page.getByText('браузер')).toBeVisible()
})

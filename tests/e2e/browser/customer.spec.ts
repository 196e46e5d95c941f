import { test, expect, createFirstSupervisor, latestSessionKey } from './shell-fixture'

const STAFF_PASSWORD = 'Chief-Password-2026'
const PHONE_TYPED = '8 701 234 56 78'
const PHONE = '+77012345678'
const CUSTOMER_PASSWORD = 'qwerty1!'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('teller verifies a phone by session key, registers the customer, who then changes the password', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  await page.getByTestId('nav-customer').click()
  await page.getByLabel('Mobile phone').fill(PHONE_TYPED)
  await page.getByRole('button', { name: 'Find' }).click()
  await expect(page.getByTestId('customer-card')).toContainText(PHONE)
  await expect(page.getByTestId('customer-status')).toContainText('Not registered')

  // S5.1: a session key goes to the customer's phone; the countdown shows its 15 minutes (S9).
  await page.getByTestId('send-verify-key').click()
  await expect(page.getByTestId('key-countdown')).toContainText(/The key is valid for 1[45]:\d\d/)
  await expect(page.getByTestId('key-resend')).toBeDisabled()
  await page.screenshot({ path: 'test-results/screens/verify-phone.png', fullPage: true })
  const first = await latestSessionKey(shell, PHONE)
  await page.getByLabel('Session key from the SMS').fill(first.code === '000000' ? '111111' : String((Number(first.code) + 1) % 1_000_000).padStart(6, '0'))
  await page.getByRole('button', { name: 'Confirm phone' }).click()
  await expect(page.getByTestId('customer-error')).toContainText(/session key/i)
  await page.getByLabel('Session key from the SMS').fill(first.code)
  await page.getByRole('button', { name: 'Confirm phone' }).click()
  await expect(page.getByTestId('customer-notice')).toHaveText('Phone verified. Continue with registration.')

  // S5.2 + S7 live rules + S8 key to confirm the password.
  await page.getByLabel('Full name').fill('Aruzhan Customer')
  await page.getByLabel('Date of birth').fill('1990-05-17')
  await page.getByTestId('register-password').locator('input').fill('1234567')
  await expect(page.getByTestId('password-rules').locator('li[data-ok="false"]')).toHaveCount(1)
  await expect(page.getByTestId('send-register-key')).toBeDisabled()
  await page.getByTestId('register-password').locator('input').fill(CUSTOMER_PASSWORD)
  await expect(page.getByTestId('password-rules').locator('li[data-ok="false"]')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screens/register-customer.png', fullPage: true })
  await page.getByTestId('send-register-key').click()
  const reg = await latestSessionKey(shell, PHONE, first.count)
  await page.getByLabel('Session key from the SMS').fill(reg.code)
  await page.getByRole('button', { name: 'Register customer' }).click()
  await expect(page.getByTestId('customer-signed-in')).toContainText('Aruzhan Customer')

  // S10: each change request gets a new key; the older one is refused.
  await page.getByTestId('password-change-start').click()
  const k1 = await latestSessionKey(shell, PHONE, reg.count)
  await expect(page.getByTestId('key-resend')).toBeDisabled()
  await page.getByTestId('new-password').locator('input').fill('N3w-password')
  await page.getByLabel('Session key from the SMS').fill(k1.code)
  await page.getByRole('button', { name: 'Change password' }).last().click()
  await expect(page.getByTestId('customer-notice')).toHaveText('Password changed.')
  await page.screenshot({ path: 'test-results/screens/password-change.png', fullPage: true })

  await page.getByRole('button', { name: 'End customer session' }).click()
  await page.getByTestId('customer-password').locator('input').fill(CUSTOMER_PASSWORD)
  await page.getByRole('button', { name: 'Customer sign-in' }).click()
  await expect(page.getByTestId('customer-error')).toHaveText('Wrong login or password.')
  await page.getByTestId('customer-password').locator('input').fill('N3w-password')
  await page.getByRole('button', { name: 'Customer sign-in' }).click()
  await expect(page.getByTestId('customer-signed-in')).toContainText(PHONE)
})

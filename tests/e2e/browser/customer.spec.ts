import { mkdirSync } from 'node:fs'
import { test, expect, createFirstSupervisor, latestSessionKey, openCustomerWindow, answerOnCustomerWindow, signInOnCustomerWindow } from './shell-fixture'
import { axeViolations } from './axe'
import { tellerLeakWatch } from './leak-watch'

const STAFF_PASSWORD = 'Chief-Password-2026'
const PHONE_TYPED = '8 701 234 56 78'
const PHONE = '+77012345678'
const CUSTOMER_PASSWORD = 'Qwerty-cust1!'
const NEW_PASSWORD = 'N3w-password-x'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('two windows: phone verification, registration and password change typed on the customer window only; the teller page never sees them', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  const leak = tellerLeakWatch(page)
  const customer = await openCustomerWindow(page, shell)
  const secrets: string[] = []
  await page.getByLabel('Mobile phone').fill(PHONE_TYPED)
  await page.getByRole('button', { name: 'Find' }).click()
  await expect(page.getByTestId('customer-status')).toContainText('Not registered')

  // S5.1: the key goes to the phone; the customer window shows the step, both countdowns, and asks for the key.
  await page.getByTestId('send-verify-key').click()
  await expect(page.getByTestId('key-countdown')).toContainText(/The key is valid for 1[45]:\d\d/)
  await expect(page.getByTestId('key-on-customer-window')).toBeVisible()
  await expect(page.getByLabel('Session key from the SMS')).toHaveCount(0)
  await expect(customer.getByTestId('cw-prompt')).toContainText('Confirm your phone number')
  await expect(customer.getByTestId('cw-prompt')).toContainText('5678')
  await expect(customer.getByTestId('cw-key-countdown')).toContainText(/1[45]:\d\d/)
  await expect(customer.getByTestId('cw-lapse-countdown')).toContainText(/[23]:\d\d/)
  const first = await latestSessionKey(shell, PHONE)
  const wrong = String((Number(first.code) + 1) % 1_000_000).padStart(6, '0')
  secrets.push(first.code, wrong)
  await leak.sample()
  await answerOnCustomerWindow(customer, { code: wrong })
  await expect(customer.getByTestId('cw-outcome')).toContainText('Tries left: 2')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Tries left: 2.')
  await leak.sample()
  await answerOnCustomerWindow(customer, { code: first.code })
  await expect(page.getByTestId('customer-notice')).toHaveText('Phone verified. Continue with registration.')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Confirm your phone number: accepted.')
  await leak.sample()

  // S5.2 + S7 + S8: name and date of birth on the teller window; password and key on the customer window.
  await page.getByLabel('Full name').fill('Aruzhan Customer')
  await page.getByLabel('Date of birth').fill('1990-05-17')
  await expect(page.getByTestId('register-password')).toHaveCount(0)
  await page.getByTestId('send-register-key').click()
  const reg = await latestSessionKey(shell, PHONE, first.count)
  secrets.push(reg.code, 'qzjxwv', CUSTOMER_PASSWORD)
  await expect(customer.getByTestId('cw-prompt')).toContainText('Registration: set your password')
  await customer.getByTestId('cw-password').locator('input').fill('qzjxwv')
  await expect(customer.getByTestId('password-rules').locator('li[data-ok="false"]')).toHaveCount(1)
  await customer.getByTestId('cw-key').locator('input').fill(reg.code)
  await customer.getByTestId('cw-submit').click()
  await expect(customer.getByTestId('cw-outcome')).toContainText('Not accepted, try again.')
  await leak.sample()
  await answerOnCustomerWindow(customer, { code: reg.code, password: CUSTOMER_PASSWORD })
  await expect(page.getByTestId('customer-signed-in')).toContainText('Aruzhan Customer')
  await leak.sample()

  // S10: the new password and its key on the customer window.
  await page.getByTestId('password-change-start').click()
  const k2 = await latestSessionKey(shell, PHONE, reg.count)
  await expect(page.getByTestId('new-password')).toHaveCount(0)
  await expect(customer.getByTestId('cw-prompt')).toContainText('Change your password')
  secrets.push(k2.code, NEW_PASSWORD)
  await answerOnCustomerWindow(customer, { code: k2.code, password: NEW_PASSWORD })
  await expect(page.getByTestId('customer-notice')).toHaveText('Password changed.')
  await leak.sample()

  // S5: sign-in with the new password, typed on the customer window too (a wrong one first).
  await page.getByRole('button', { name: 'End customer session' }).click()
  await expect(page.getByTestId('customer-password')).toHaveCount(0)
  secrets.push('Wrong-pass-9')
  await signInOnCustomerWindow(page, customer, 'Wrong-pass-9')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Tries left: 2.')
  await leak.sample()
  await signInOnCustomerWindow(page, customer, NEW_PASSWORD)
  await expect(page.getByTestId('customer-signed-in')).toContainText(PHONE)
  await expect(page.getByTestId('customer-notice')).toHaveText('Customer signed in.')
  await leak.sample()
  leak.assertNone(secrets)
})

test('the customer window in kk/ru/en: axe scan and 1024×768 screenshots; cancel by the customer; a wrong pairing code is refused', async ({ page, shell }) => {
  mkdirSync('test-results/screens', { recursive: true })
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  const customer = await openCustomerWindow(page, shell)
  await customer.setViewportSize({ width: 1024, height: 768 })
  await page.getByLabel('Mobile phone').fill(PHONE)
  await page.getByRole('button', { name: 'Find' }).click()
  await page.getByTestId('send-verify-key').click()
  await expect(customer.getByTestId('cw-prompt')).toBeVisible()
  for (const [lang, title] of [['kk', 'Телефон нөмірін растау'], ['ru', 'Подтверждение номера телефона'], ['en', 'Confirm your phone number']] as const) {
    await customer.getByTestId(`lang-${lang}`).click()
    await expect(customer.getByTestId('cw-prompt')).toContainText(title)
    await expect(customer.locator('html')).toHaveAttribute('lang', lang)
    const found = (await axeViolations(customer)).map((v) => `${lang}: ${v}`)
    expect(found, found.join('\n')).toEqual([])
    await customer.screenshot({ path: `test-results/screens/customer-window-${lang}.png` })
  }
  // The customer cancels: the teller window is told, and the step is gone.
  await customer.getByTestId('cw-cancel').click()
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Confirm your phone number: cancelled by the customer.')
  await expect(customer.getByTestId('cw-waiting')).toBeVisible()
  // A second customer page: not paired, and the teller's code no longer lets it in.
  const second = await page.context().newPage()
  await second.goto(shell.customerUrl)
  await second.getByTestId('cw-pair-code').locator('input').fill('000000')
  await second.getByTestId('cw-pair').click()
  await expect(second.getByTestId('cw-error')).toBeVisible()
  await second.screenshot({ path: 'test-results/screens/customer-window-pairing.png' })
})

import { mkdirSync } from 'node:fs'
import { test, expect, createFirstSupervisor, latestSessionKey, registerCustomerAtCounter, smsCount, answerOnCustomerWindow } from './shell-fixture'
import { tellerLeakWatch } from './leak-watch'
import { scanAndShoot } from './axe'

const STAFF_PASSWORD = 'Chief-Password-2026'
const PHONE = '+77012345678'
const CUSTOMER_PASSWORD = 'Secret-pass1'
const PAN = '4400430000001237'
const PAN_TYPED = '4400 4300 0000 1237'
const CVV = '739'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('two windows: the customer removes a saved card with the session key typed on the customer window; the key never reaches the teller page (issue 12, S15.2)', async ({ page, shell }) => {
  test.setTimeout(150_000)
  mkdirSync('test-results/screens', { recursive: true })
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  const leak = tellerLeakWatch(page)
  const customer = await registerCustomerAtCounter(page, shell, PHONE, 'Dana Customer', CUSTOMER_PASSWORD)
  await customer.setViewportSize({ width: 1024, height: 768 })
  const secrets: string[] = [CUSTOMER_PASSWORD, PAN, PAN_TYPED, CVV]

  // A first payment saves the card.
  await page.getByTestId('nav-payment').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'Kcell / activ' }).click()
  await page.getByLabel('Subscriber number').fill('+7 701 234 56 78')
  await page.getByLabel('Amount, ₸').fill('2 500')
  const sms = await smsCount(shell, PHONE)
  await page.getByTestId('payment-continue').click()
  await customer.getByTestId('cw-pan').locator('input').fill(PAN_TYPED)
  await customer.keyboard.press('Tab')
  await customer.keyboard.type('12/29')
  await customer.keyboard.press('Tab')
  await customer.keyboard.type(CVV)
  await customer.keyboard.press('Enter')
  const key = await latestSessionKey(shell, PHONE, sms)
  secrets.push(key.code)
  await answerOnCustomerWindow(customer, { code: key.code })
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
  await page.getByTestId('payment-again').click()
  await expect(page.getByTestId('saved-cards')).toContainText('440043******1237')
  await leak.sample()

  // The teller starts the removal; the customer window names it and the card's last 4, in kk/ru/en.
  const sms2 = await smsCount(shell, PHONE)
  await page.getByTestId('remove-card-1237').click()
  await expect(page.getByTestId('card-removal-step')).toContainText('The customer confirms the removal of card 440043******1237')
  await expect(customer.getByTestId('cw-card')).toHaveText('Card ending in 1237')
  await expect(customer.getByTestId('cw-key-countdown')).toContainText(/1[45]:\d\d/)
  const removal = await latestSessionKey(shell, PHONE, sms2)
  secrets.push(removal.code)
  await scanAndShoot(customer, 'card-removal', {
    kk: 'Сақталған картаны жою: сессиялық кілтпен растаңыз',
    ru: 'Удаление сохранённой карты: подтвердите сессионным ключом',
    en: 'Remove a saved card: confirm with the session key',
  })
  await leak.sample()
  const wrong = String((Number(removal.code) + 1) % 1_000_000).padStart(6, '0')
  secrets.push(wrong)
  await answerOnCustomerWindow(customer, { code: wrong })
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Tries left: 2.')
  await leak.sample()
  await answerOnCustomerWindow(customer, { code: removal.code })
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Card 440043******1237 removed.')
  await expect(customer.getByTestId('cw-outcome')).toContainText('Card 440043******1237 removed.')
  await expect(page.getByTestId('saved-cards')).toHaveCount(0)
  await leak.sample()
  leak.assertNone(secrets)
})

import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, latestSessionKey, registerCustomerAtCounter, signInOnCustomerWindow, smsCount, answerOnCustomerWindow } from './shell-fixture'
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

/** Counts every mouse or pointer event a page receives (keyboard-made clicks have no pointer event). */
async function countMouse(p: Page): Promise<void> {
  await p.evaluate(() => {
    const w = window as unknown as { mouseEvents: number }
    w.mouseEvents = 0
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick']) document.addEventListener(type, () => (w.mouseEvents += 1), true)
  })
}
const mouseEvents = (p: Page) => p.evaluate(() => (window as unknown as { mouseEvents: number }).mouseEvents)

/** Focus moves to a field without a pointer (as Tab would), then the keyboard types. */
async function typeInto(p: Page, field: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await field.focus()
  await p.keyboard.type(text)
}

test('two windows: a keyboard-only first payment, a repeat payment with the saved card and the customer sign-in; card, CVV, keys and password never reach the teller page', async ({ page, shell }) => {
  test.setTimeout(150_000)
  mkdirSync('test-results/screens', { recursive: true })
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  const leak = tellerLeakWatch(page)
  const customer = await registerCustomerAtCounter(page, shell, PHONE, 'Dana Customer', CUSTOMER_PASSWORD)
  await customer.setViewportSize({ width: 1024, height: 768 })
  const secrets: string[] = [CUSTOMER_PASSWORD, PAN, PAN_TYPED, CVV]

  // S14.1, keyboard only on both pages (issue 16): no mouse or pointer event from here to the receipt.
  await countMouse(page)
  await countMouse(customer)
  await page.getByTestId('nav-payment').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('payment-customer')).toContainText('Dana Customer')
  await page.getByTestId('provider').locator('input').focus()
  await page.keyboard.press('Enter')
  await page.getByRole('option', { name: 'Kcell / activ' }).focus()
  await page.keyboard.press('Enter')
  await typeInto(page, page.getByLabel('Subscriber number'), '+7 701 234 56 78')
  await typeInto(page, page.getByLabel('Amount, ₸'), '2 500')
  await expect(page.getByLabel('Card number')).toHaveCount(0)
  const sms = await smsCount(shell, PHONE)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('payment-step')).toContainText('The customer types the card details on the customer window.')
  await leak.sample()
  await expect(customer.getByTestId('cw-prompt')).toContainText('Payment: type your card details')
  await expect(customer.getByTestId('cw-amount')).toHaveText('2 500 ₸')
  await expect(customer.getByTestId('cw-payee')).toHaveText('Kcell / activ ···5678')
  await typeInto(customer, customer.getByTestId('cw-pan').locator('input'), PAN_TYPED)
  await customer.keyboard.press('Tab')
  await customer.keyboard.type('12/29')
  await customer.keyboard.press('Tab')
  await customer.keyboard.type(CVV)
  await customer.keyboard.press('Enter')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Card 440043******1237 accepted; a session key was sent by SMS.')
  await expect(customer.getByTestId('cw-prompt')).toContainText('Payment: confirm with the session key')
  await expect(customer.getByTestId('cw-card')).toHaveText('Card ending in 1237')
  await expect(customer.getByTestId('cw-key-countdown')).toContainText(/1[45]:\d\d/)
  await leak.sample()
  const key = await latestSessionKey(shell, PHONE, sms)
  const wrong = String((Number(key.code) + 1) % 1_000_000).padStart(6, '0')
  secrets.push(key.code, wrong)
  await typeInto(customer, customer.getByTestId('cw-key').locator('input'), wrong)
  await customer.keyboard.press('Enter')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Tries left: 2.')
  await leak.sample()
  await typeInto(customer, customer.getByTestId('cw-key').locator('input'), key.code)
  await customer.keyboard.press('Enter')
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Card 440043******1237: Payment approved.')
  await expect(customer.getByTestId('cw-outcome')).toContainText('Card 440043******1237: Payment approved.')
  expect(await mouseEvents(page)).toBe(0)
  expect(await mouseEvents(customer)).toBe(0)
  await leak.sample()

  // S14.2: the teller picks the saved card (masked); the customer confirms with the key on the customer window.
  await page.getByTestId('payment-again').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'AlmatyEnergoSbyt (electricity)' }).click()
  await page.getByLabel('Personal account').fill('1234567890')
  await page.getByLabel('Amount, ₸').fill('10000,50')
  await expect(page.getByTestId('saved-card-1237').locator('input')).toBeChecked()
  const sms2 = await smsCount(shell, PHONE)
  await page.getByTestId('payment-continue').click()
  await expect(page.getByTestId('payment-summary')).toContainText('10 000,50 ₸ · 440043******1237')
  await expect(customer.getByTestId('cw-card')).toHaveText('Card ending in 1237')
  await expect(customer.getByTestId('cw-payee')).toHaveText('AlmatyEnergoSbyt (electricity) ···7890')
  await scanAndShoot(customer, 'payment-key', { kk: 'Төлем: сессиялық кілтпен растаңыз', ru: 'Платёж: подтвердите сессионным ключом', en: 'Payment: confirm with the session key' })
  await leak.sample()
  const key2 = await latestSessionKey(shell, PHONE, sms2)
  secrets.push(key2.code)
  await answerOnCustomerWindow(customer, { code: key2.code })
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
  await leak.sample()

  // A new card's step on the customer window in kk/ru/en, then cancelled by the customer.
  await page.getByTestId('payment-again').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'Kcell / activ' }).click()
  await page.getByLabel('Subscriber number').fill('+77012345678')
  await page.getByLabel('Amount, ₸').fill('1500')
  await page.getByLabel('New card (typed on the customer window)').check()
  await page.getByTestId('payment-continue').click()
  await scanAndShoot(customer, 'payment-card', { kk: 'Төлем: карта деректерін енгізіңіз', ru: 'Платёж: введите данные карты', en: 'Payment: type your card details' })
  await customer.getByTestId('cw-cancel').click()
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('cancelled by the customer')
  await page.getByTestId('payment-start-over').click()
  await leak.sample()

  // S5: the customer's sign-in password on the customer window.
  await page.getByTestId('nav-customer').click()
  await page.getByRole('button', { name: 'End customer session' }).click()
  await page.getByLabel('Mobile phone').fill(PHONE)
  await page.getByRole('button', { name: 'Find' }).click()
  await page.getByTestId('customer-sign-in').click()
  await scanAndShoot(customer, 'sign-in', { kk: 'Кіру: құпиясөзіңізді енгізіңіз', ru: 'Вход: введите пароль', en: 'Sign in: type your password' })
  await signInOnCustomerWindow(page, customer, CUSTOMER_PASSWORD)
  await expect(page.getByTestId('customer-signed-in')).toContainText('Dana Customer')
  await leak.sample()
  leak.assertNone(secrets)
})

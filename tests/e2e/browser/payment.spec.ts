import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, latestSessionKey, registerCustomerAtCounter, type Shell } from './shell-fixture'

const STAFF_PASSWORD = 'Chief-Password-2026'
const PHONE = '+77012345678'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

async function chooseProvider(page: Page, name: string): Promise<void> {
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name }).click()
}

async function confirmWithKey(page: Page, shell: Shell, after: number): Promise<number> {
  await expect(page.getByTestId('payment-summary')).toBeVisible()
  const key = await latestSessionKey(shell, PHONE, after)
  await page.getByLabel('Session key from the SMS').fill(key.code)
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  return key.count
}

test('first payment with a new card, repeat payment with the saved card, and an S18 refund by the supervisor', async ({ page, shell }) => {
  // Three payments, a refund, a payee search and a fraud case: more than a minute on a loaded machine.
  test.setTimeout(120_000)
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  await registerCustomerAtCounter(page, shell, PHONE, 'Dana Customer', 'Secret-pass1')
  let sms = (await latestSessionKey(shell, PHONE)).count

  // S14.1: provider → parameters and amount → card number, expiry, CVV → session key.
  await page.getByTestId('nav-payment').click()
  await expect(page.getByTestId('payment-customer')).toContainText('Dana Customer')
  await chooseProvider(page, 'Kcell / activ')
  await page.getByLabel('Subscriber number').fill('+7 701 234 56 78')
  await page.getByLabel('Amount, ₸').fill('2 500')
  await expect(page.getByTestId('new-card').locator('input')).toBeChecked()
  await page.getByLabel('Card number').fill('4111 1111 1111 1111')
  await page.getByLabel('Expiry (MM/YY)').fill('12/29')
  await page.getByLabel('CVV').fill('739')
  await page.getByTestId('payment-continue').click()
  await expect(page.getByTestId('payment-error')).toHaveText('Cards issued outside Kazakhstan are not accepted.')
  await page.getByLabel('Card number').fill('4400 4300 0000 1237')
  await page.getByLabel('CVV').fill('739')
  await page.screenshot({ path: 'test-results/screens/payment-first.png', fullPage: true })
  await page.getByTestId('payment-continue').click()
  await expect(page.getByTestId('payment-summary')).toContainText('2 500 ₸ · 440043******1237 · cards this month: 1 of 3')
  sms = await confirmWithKey(page, shell, sms)
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
  await expect(page.getByTestId('receipt-card')).toHaveText('440043******1237')
  await page.screenshot({ path: 'test-results/screens/payment-receipt.png', fullPage: true })
  await expect(page.locator('body')).not.toContainText('4400430000001237')

  // S14.2: repeat payment with the card chosen from the list; no card details typed.
  await page.getByTestId('payment-again').click()
  await chooseProvider(page, 'AlmatyEnergoSbyt (electricity)')
  await page.getByLabel('Personal account').fill('1234567890')
  await page.getByLabel('Amount, ₸').fill('10000,50')
  await expect(page.getByTestId('saved-card-1237').locator('input')).toBeChecked()
  await expect(page.getByLabel('Card number')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screens/payment-repeat.png', fullPage: true })
  await page.getByTestId('payment-continue').click()
  await expect(page.getByTestId('payment-summary')).toContainText('10 000,50 ₸ · 440043******1237')
  sms = await confirmWithKey(page, shell, sms)
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')

  // A card enrolled in 3-D Secure charged without it: flagged for the guaranteed refund (S18).
  await page.getByTestId('payment-again').click()
  await chooseProvider(page, 'Kcell / activ')
  await page.getByLabel('Subscriber number').fill('+77012345678')
  await page.getByLabel('Amount, ₸').fill('1500')
  await page.getByLabel('New card').check()
  await page.getByLabel('Card number').fill('4400430100001236')
  await page.getByLabel('Expiry (MM/YY)').fill('11/28')
  await page.getByLabel('CVV').fill('586')
  await page.getByTestId('payment-continue').click()
  await confirmWithKey(page, shell, sms)
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')

  await page.getByTestId('nav-disputes').click()
  const row = page.getByTestId('refund-1236')
  await expect(row).toContainText('1 500 ₸')
  await page.screenshot({ path: 'test-results/screens/disputes.png', fullPage: true })
  await row.getByRole('button', { name: 'Refund 440043******1236' }).click()
  await expect(page.getByTestId('refund-confirm')).toBeDisabled()
  await page.getByTestId('refund-reason').locator('textarea').fill('3-D Secure was bypassed: guaranteed refund')
  await page.getByTestId('refund-confirm').click()
  // Four eyes (issue 13): the refund waits for a second supervisor (approved in four-eyes.spec.ts).
  await expect(page.getByTestId('disputes-done')).toContainText('Awaiting approval')
  await expect(page.getByTestId('refund-1236')).toBeVisible()

  // Issue 15: payments to one payee, found through its keyed index (the number is stored sealed).
  await page.getByTestId('payee-input').locator('input').fill('+7 701 234 56 78')
  await page.getByTestId('payee-search').click()
  await expect(page.getByTestId('payee-table').locator('tbody tr')).toHaveCount(2)
  // The refund above still waits for a second supervisor: both payments stand as approved.
  await expect(page.getByTestId('payee-table')).not.toContainText('Payment refunded')
  await page.getByTestId('payee-input').locator('input').fill('0000000000')
  await page.getByTestId('payee-search').click()
  await expect(page.getByTestId('payee-none')).toBeVisible()

  // S19/S20: a lost-card case, resolved for the client.
  await page.getByLabel('Phone').fill(PHONE)
  await page.getByLabel('What happened').fill('Customer lost the card on the bus')
  await page.getByTestId('case-open').click()
  const kase = page.getByTestId(`case-${PHONE}`)
  await expect(kase).toContainText('Lost card')
  await kase.getByRole('button', { name: 'Resolve for the client' }).click()
  await expect(page.getByTestId('disputes-done')).toContainText('Awaiting approval')
  await expect(kase).not.toContainText('Resolved')
  // Both wait in the inbox, as this supervisor's own requests.
  await page.getByTestId('nav-approvals').click()
  await expect(page.getByTestId('approval-payment.refund')).toContainText('Your request')
  await expect(page.getByTestId('approval-fraud.resolve')).toContainText('Your request')
})

import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, cardOnCustomerWindow, latestSessionKey, payOnCustomerWindow, registerCustomerAtCounter, smsCount } from './shell-fixture'

const STAFF_PASSWORD = 'Chief-Password-2026'
const PHONE = '+77012345678'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

async function chooseProvider(page: Page, name: string): Promise<void> {
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name }).click()
}

test('first payment with a new card, repeat payment with the saved card, and an S18 refund by the supervisor', async ({ page, shell }) => {
  // Three payments, a refund, a payee search and a fraud case: more than a minute on a loaded machine.
  test.setTimeout(120_000)
  await createFirstSupervisor(page, shell, STAFF_PASSWORD)
  const customer = await registerCustomerAtCounter(page, shell, PHONE, 'Dana Customer', 'Secret-pass1')

  // S14.1: provider → parameters and amount on the teller page → card number, expiry, CVV and the
  // session key on the customer window (issue 12).
  await page.getByTestId('nav-payment').click()
  await expect(page.getByTestId('payment-customer')).toContainText('Dana Customer')
  await chooseProvider(page, 'Kcell / activ')
  await page.getByLabel('Subscriber number').fill('+7 701 234 56 78')
  await page.getByLabel('Amount, ₸').fill('2 500')
  await expect(page.getByTestId('new-card').locator('input')).toBeChecked()
  await expect(page.getByLabel('Card number')).toHaveCount(0)
  await expect(page.getByLabel('CVV')).toHaveCount(0)
  await page.screenshot({ path: 'test-results/screens/payment-first.png', fullPage: true })
  const sms = await smsCount(shell, PHONE)
  await page.getByTestId('payment-continue').click()
  await expect(page.getByTestId('payment-step')).toContainText('The customer types the card details on the customer window.')
  await expect(customer.getByTestId('cw-amount')).toHaveText('2 500 ₸')
  await expect(customer.getByTestId('cw-payee')).toHaveText('Kcell / activ ···5678')
  await cardOnCustomerWindow(customer, { pan: '4111 1111 1111 1111', expiry: '12/29', cvv: '739' })
  await expect(customer.getByTestId('cw-outcome')).toContainText('Cards issued outside Kazakhstan are not accepted.')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Cards issued outside Kazakhstan are not accepted.')
  await cardOnCustomerWindow(customer, { pan: '4400 4300 0000 1237', expiry: '12/29', cvv: '739' })
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Card 440043******1237 accepted; a session key was sent by SMS.')
  await expect(customer.getByTestId('cw-card')).toHaveText('Card ending in 1237')
  const key = (await latestSessionKey(shell, PHONE, sms)).code
  await customer.getByTestId('cw-key').locator('input').fill(key)
  await customer.getByTestId('cw-submit').click()
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
  await expect(page.getByTestId('cw-teller-outcome')).toContainText('Card 440043******1237: Payment approved.')
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
  await payOnCustomerWindow(page, customer, shell, PHONE)
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')

  // A card enrolled in 3-D Secure charged without it: flagged for the guaranteed refund (S18).
  await page.getByTestId('payment-again').click()
  await chooseProvider(page, 'Kcell / activ')
  await page.getByLabel('Subscriber number').fill('+77012345678')
  await page.getByLabel('Amount, ₸').fill('1500')
  await page.getByLabel('New card (typed on the customer window)').check()
  await payOnCustomerWindow(page, customer, shell, PHONE, { pan: '4400430100001236', expiry: '11/28', cvv: '586' })
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

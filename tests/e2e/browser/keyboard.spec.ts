import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, latestSessionKey } from './shell-fixture'
import { axeViolations } from './axe'

const PHONE = '+77015550123'
const NAME = 'Dana Keyboard'
const CUSTOMER_PASSWORD = 'Keyboard-cust1!'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

/** Counts every pointer press on a page: a keyboard never makes one (Enter on a button is a click with no pointerdown). */
async function countPointer(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { pointerPresses: number }
    w.pointerPresses = 0
    for (const type of ['pointerdown', 'mousedown', 'touchstart']) document.addEventListener(type, () => w.pointerPresses++, true)
  })
  return () => page.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses)
}

/** The focused element is the input of the field with this label (or this element itself). */
async function expectFocusIn(page: Page, testIdOrLabel: { testId?: string; label?: string }): Promise<void> {
  const target = testIdOrLabel.testId ? page.getByTestId(testIdOrLabel.testId) : page.getByLabel(testIdOrLabel.label!, { exact: true })
  await expect
    .poll(async () => target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), { message: `focus in ${JSON.stringify(testIdOrLabel)}` })
    .toBe(true)
}

async function axeClean(page: Page, where: string): Promise<void> {
  const found = (await axeViolations(page)).map((v) => `${where}: ${v}`)
  expect(found, found.join('\n')).toEqual([])
}

test('keyboard only: pairing, phone verification and registration on the teller and the customer page; shortcuts and their help overlay (? and F1)', async ({ page, shell }) => {
  test.setTimeout(120_000)
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  const tellerPresses = await countPointer(page)
  const kb = page.keyboard

  // Alt+V: the customer page, focus in the phone field. The customer window is paired first, from the keyboard too.
  await kb.press('Alt+KeyV')
  await expect(page.getByRole('heading', { name: 'Customer at the counter' })).toBeVisible()
  await expectFocusIn(page, { label: 'Mobile phone' })
  await kb.press('Shift+Tab')
  await expectFocusIn(page, { testId: 'cw-start-pairing' })
  await kb.press('Enter')
  const code = /(\d{6})/.exec((await page.getByTestId('cw-pairing-code').textContent()) ?? '')![1]!

  const customer = await page.context().newPage()
  await customer.addInitScript(() => sessionStorage.setItem('customer-locale', 'en'))
  await customer.goto(shell.customerUrl)
  const customerPresses = await countPointer(customer)
  await expectFocusIn(customer, { testId: 'cw-pair-code' })
  await customer.keyboard.type(code)
  await customer.keyboard.press('Enter')
  await expect(customer.getByTestId('cw-waiting')).toBeVisible()
  await expect(page.getByTestId('cw-paired')).toBeVisible()

  // Verification (S5.1): phone, Enter; the next step's button has the focus; Enter sends the key.
  await kb.press('Alt+KeyV')
  await expectFocusIn(page, { label: 'Mobile phone' })
  await kb.type(PHONE)
  await kb.press('Enter')
  await expect(page.getByTestId('customer-status')).toContainText('Not registered')
  await expectFocusIn(page, { testId: 'send-verify-key' })
  await kb.press('Enter')
  const v = await latestSessionKey(shell, PHONE)
  await expect(customer.getByTestId('cw-prompt')).toBeVisible()
  await expectFocusIn(customer, { testId: 'cw-key' })
  await customer.keyboard.type(v.code)
  await customer.keyboard.press('Enter')
  await expect(page.getByTestId('customer-notice')).toHaveText('Phone verified. Continue with registration.')

  // Registration (S5.2): the name field has the focus; Tab to the date of birth; Enter sends the key.
  await expectFocusIn(page, { label: 'Full name' })
  await kb.type(NAME)
  await kb.press('Tab')
  await expectFocusIn(page, { label: 'Date of birth' })
  await kb.type('30/11/1988')
  await kb.press('Enter')
  const r = await latestSessionKey(shell, PHONE, v.count)
  await expect(customer.getByTestId('cw-prompt')).toContainText('Registration: set your password')
  await expectFocusIn(customer, { testId: 'cw-password' })
  await customer.keyboard.type(CUSTOMER_PASSWORD)
  await customer.keyboard.press('Tab')
  await expectFocusIn(customer, { testId: 'cw-key' })
  await customer.keyboard.type(r.code)
  await customer.keyboard.press('Enter')
  await expect(page.getByTestId('customer-signed-in')).toContainText(NAME)

  // The main actions by their keys.
  await kb.press('Alt+KeyP')
  await expect(page.getByRole('heading', { name: 'Card payment' })).toBeVisible()
  await kb.press('Alt+KeyL')
  await expect(page.getByRole('heading', { name: 'Lockouts and blocks' })).toBeVisible()
  await kb.press('Alt+KeyA')
  await expect(page.getByRole('heading', { name: 'Audit trail' })).toBeVisible()
  await kb.press('Alt+KeyH')
  await expect(page.getByTestId('home-title')).toBeVisible()

  // A "?" typed in a field is a character, not the help.
  await kb.press('Alt+KeyV')
  await expectFocusIn(page, { label: 'Mobile phone' })
  await kb.type('?')
  await expect(page.getByLabel('Mobile phone', { exact: true })).toHaveValue('?')
  await expect(page.getByTestId('shortcuts-help')).toHaveCount(0)
  await kb.press('Tab')

  // Outside a field, "?" opens the help; Esc closes it; F1 opens it from anywhere.
  await kb.press('Shift+Slash')
  const help = page.getByTestId('shortcuts-help')
  await expect(help).toBeVisible()
  await expect(help).toContainText('Alt')
  for (const action of ['Verify a phone', 'Register a customer', 'Pay', 'Repeat a payment', "Change the customer's password", 'Lockouts', 'Audit trail', 'Sign out']) {
    await expect(help).toContainText(action)
  }
  // One key per action, Alt with a letter, none of those Chromium keeps (Alt+D address bar, Alt+E/Alt+F menu).
  const alt = (await help.locator('tbody tr td:first-child').allInnerTexts()).map((k) => k.replace(/\s/g, '')).filter((k) => k.startsWith('Alt'))
  expect(alt).toHaveLength(10)
  expect(new Set(alt).size).toBe(alt.length)
  for (const k of alt) expect(k).toMatch(/^Alt\+[A-Z]$/)
  for (const taken of ['Alt+D', 'Alt+E', 'Alt+F']) expect(alt).not.toContain(taken)
  await axeClean(page, 'shortcuts help')
  await kb.press('Escape')
  await expect(help).toHaveCount(0)
  await kb.press('F1')
  await expect(help).toBeVisible()
  await kb.press('Escape')
  await expect(help).toHaveCount(0)

  expect(await customerPresses()).toBe(0)

  // In Russian (the language button reached from the keyboard): the same keys (the key's place on
  // the keyboard, not its letter) and the help in Russian.
  await page.getByRole('button', { name: 'RU Русский' }).focus()
  await kb.press('Enter')
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru')
  await kb.press('F1')
  await expect(help).toContainText('Горячие клавиши')
  await expect(help).toContainText('Подтвердить телефон')
  await axeClean(page, 'shortcuts help (ru)')
  await kb.press('Escape')
  await expect(help).toHaveCount(0)
  await kb.press('Alt+KeyQ')
  await expect(page.getByTestId('sign-in-form')).toBeVisible()
  expect(await tellerPresses()).toBe(0)
})

import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, payOnCustomerWindow, registerCustomerAtCounter, signInStaff, startShell, type Shell } from './shell-fixture'
import { axeViolations } from './axe'

// Issue 16, small items: every loading spinner has a name in the UI language; one reason dialog
// (focus in the reason, Ctrl+Enter confirms, Esc cancels) on the Staff and Lockouts pages; the
// receipt of a refund printed from the Disputes page.

const PASSWORD = 'Chief-Password-2026'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('a busy button\'s spinner is a progressbar with a name in the UI language (axe aria-progressbar-name)', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, PASSWORD)
  await page.getByTestId('nav-customer').click()
  // The lookup's reply is held back while the spinner is scanned.
  let release: () => void = () => {}
  const held = new Promise<void>((ok) => (release = ok))
  await page.route((url) => decodeURIComponent(url.pathname).endsWith('/__teller/ipc/customer:lookup'), async (route) => {
    await held
    await route.continue().catch(() => {})
  })
  await page.getByTestId('customer-phone').locator('input').fill('+77015550999')
  await page.getByTestId('customer-phone').locator('input').press('Enter')
  const spinner = page.getByRole('progressbar').first()
  await expect(spinner).toBeVisible()
  for (const [lang, button, name] of [['en', 'EN English', 'Loading'], ['ru', 'RU Русский', 'Загрузка'], ['kk', 'KK Қазақша', 'Жүктелуде']] as const) {
    await page.getByRole('button', { name: button }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', lang)
    await expect(spinner).toHaveAttribute('aria-label', name)
    expect(await axeViolations(page), lang).toEqual([])
  }
  release()
})

test('one reason dialog on the Staff and Lockouts pages: focus in the reason, its rule shown, Esc cancels, Ctrl+Enter confirms', async ({ page, shell }) => {
  test.setTimeout(120_000)
  await createFirstSupervisor(page, shell, PASSWORD)
  await registerCustomerAtCounter(page, shell, '+77015550888', 'Blocked Customer', 'Secret-pass1')
  await page.getByTestId('nav-staff').click()
  await page.getByLabel('Full name').fill('Timur Teller')
  await page.getByLabel('Login').fill('timur')
  await page.getByLabel('Initial password').fill('Teller-Password-2026')
  await page.getByRole('button', { name: 'Add staff member' }).click()
  await expect(page.getByTestId('staff-row-timur')).toContainText('teller')

  // Staff page: the authenticator reset.
  await page.getByRole('button', { name: 'Reset authenticator timur' }).press('Enter')
  const dialog = page.getByTestId('reason-dialog')
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('reset-2fa-reason').locator('textarea').first()).toBeFocused()
  await expect(dialog).toContainText(/at least 3 characters/i)
  await page.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)
  await page.getByRole('button', { name: 'Reset authenticator timur' }).press('Enter')
  await expect(page.getByTestId('reset-2fa-reason').locator('textarea').first()).toBeFocused()
  await page.keyboard.type('Phone lost, identity confirmed in person')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('staff-awaiting')).toBeVisible()

  // Lockouts page: a bank block, the same dialog.
  await page.getByTestId('nav-lockouts').click()
  await page.getByLabel('Phone').fill('+77015550888')
  await page.getByLabel('Phone').press('Enter')
  await expect(dialog).toBeVisible()
  await expect(page.getByTestId('reason').locator('textarea').first()).toBeFocused()
  await expect(dialog).toContainText(/at least 3 characters/i)
  await expect(page.getByTestId('lift-summary')).toContainText('+77015550888')
  await page.keyboard.type('Suspicious activity reported by the customer')
  await page.keyboard.press('Control+Enter')
  await expect(dialog).toHaveCount(0)
  await expect(page.getByTestId('lockouts-done')).toContainText('+77015550888')
  await expect(page.getByTestId('lockout-+77015550888')).toContainText('blocked by the bank')
})

/** Two supervisors, made with the admin CLI before the app starts (four eyes needs a second one). */
function createSupervisors(dataDir: string): void {
  for (const [login, name] of [['chief', 'Aigerim Chief'], ['boss2', 'Bolat Second']]) {
    const r = spawnSync('node_modules/.bin/tsx', ['src/main/cli/admin.ts', 'create-staff', '--login', login!, '--name', name!, '--role', 'supervisor'], {
      input: `${PASSWORD}\n`,
      env: { ...process.env, TELLER_DATA_DIR: dataDir },
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`create-staff ${login} failed: ${r.stderr}`)
  }
}

/** A payment with a card enrolled in 3-D Secure that was charged without it: flagged for the S18 refund. */
async function payFlagged(page: Page, customer: Page, shell: Shell, phone: string): Promise<void> {
  await page.getByTestId('nav-payment').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'Kcell / activ' }).click()
  await page.getByLabel('Subscriber number').fill('+77012345678')
  await page.getByLabel('Amount, ₸').fill('1500')
  // The card and the key are typed on the customer window (issue 12).
  await payOnCustomerWindow(page, customer, shell, phone, { pan: '4400430100001236', expiry: '11/28', cvv: '586' })
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')
}

test('the receipt of a refund, from the Disputes page once the refund is done', async ({ page, browser }) => {
  test.setTimeout(180_000)
  const phone = '+77051112255'
  const dataDir = mkdtempSync(join(tmpdir(), 'teller-e2e-'))
  createSupervisors(dataDir)
  const shell = await startShell({}, undefined, dataDir)
  const other = await browser.newContext()
  try {
    await page.goto(shell.url)
    await signInStaff(page, 'chief', PASSWORD)
    const customer = await registerCustomerAtCounter(page, shell, phone, 'Refund Customer', 'Secret-pass1')
    await payFlagged(page, customer, shell, phone)
    await page.getByTestId('nav-disputes').click()
    await page.getByTestId('refund-1236').getByRole('button', { name: 'Refund 440043******1236' }).click()
    await page.getByTestId('refund-reason').locator('textarea').fill('3-D Secure was bypassed: guaranteed refund')
    await page.getByTestId('refund-confirm').click()
    await expect(page.getByTestId('disputes-done')).toContainText('Awaiting approval')

    const pageB = await other.newPage()
    await pageB.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
    await pageB.goto(shell.url)
    await signInStaff(pageB, 'boss2', PASSWORD)
    await pageB.getByTestId('nav-approvals').click()
    await pageB.getByTestId('approval-payment.refund').getByRole('button', { name: /^Approve/ }).click()
    await pageB.getByTestId('approval-reason').locator('textarea').fill('Checked by the second supervisor')
    await pageB.getByTestId('approval-confirm').click()
    await expect(pageB.getByTestId('approvals-done')).toContainText('Approved and done')

    // The refunded payment, found by its payee, has its refund receipt.
    await page.getByTestId('nav-home').click()
    await page.getByTestId('nav-disputes').click()
    await page.getByTestId('payee-input').locator('input').fill('+77012345678')
    await page.getByTestId('payee-search').click()
    await expect(page.getByTestId('payee-table')).toContainText('Payment refunded')
    await page.getByTestId('payee-table').getByRole('button', { name: 'Refund receipt 440043******1236' }).click()
    const paper = page.getByTestId('receipt-paper')
    await expect(paper).toContainText('Refund receipt')
    await expect(page.getByTestId('receipt-card')).toContainText('440043******1236')
    await expect(page.getByTestId('receipt-amount')).toHaveText('1 500 ₸')
    expect(await axeViolations(page)).toEqual([])
  } finally {
    for (const p of [...page.context().pages(), ...other.pages()]) await p.close()
    await other.close()
    await shell.stop()
  }
})

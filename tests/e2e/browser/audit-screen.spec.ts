import type { Page } from '@playwright/test'
import { AUDIT_ACTIONS } from '../../../src/shared/audit-actions'
import { test, expect, createFirstSupervisor, registerCustomerAtCounter } from './shell-fixture'

// Issue 16: the audit screen reads as a bank desk in kk and ru: actions and outcomes in words (the
// code only small, in <code>), details as labelled fields (never JSON), dates in the UI language's
// own order, a filter bar whose labels fit at 1366×768, a chart with a table, and a detail drawer.

const PHONE = '+77051112244'

test.use({ viewport: { width: 1366, height: 768 } })
// Two staff members and two customers through the UI: longer than one flow on a loaded CI machine.
test.setTimeout(120_000)
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

/** The page's visible text without <code> elements (the codes shown small on purpose). */
async function wordsOnScreen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement
    clone.querySelectorAll('code, script, style').forEach((el) => el.remove())
    return clone.innerText
  })
}

/** Labels Vuetify cut with an ellipsis: their text is wider than their box. */
async function cutLabels(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('form .v-field-label')]
      .filter((el) => (el as HTMLElement).offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent ?? ''),
  )
}

test('the audit screen in kk and ru: words not codes, no JSON, local dates, labels that fit, chart table and event drawer', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  await registerCustomerAtCounter(page, shell, PHONE, 'Aliya Audit', 'Secret-77')
  await page.getByTestId('nav-audit').click()
  await expect(page.getByTestId('audit-table')).toContainText('customer.register')

  for (const [lang, placeholder, today] of [
    ['ru', 'ДД.ММ.ГГГГ', 'Клиент зарегистрирован'],
    ['kk', 'КК.АА.ЖЖЖЖ', 'Клиент тіркелді'],
  ] as const) {
    await page.getByRole('button', { name: new RegExp(`^${lang.toUpperCase()} `) }).click()
    await page.getByTestId('audit-verify').click()
    await expect(page.getByTestId('audit-integrity')).toBeVisible()
    // Searching again lists the searches and integrity checks just made, with their details.
    await page.getByTestId('audit-search').click()
    await expect(page.getByTestId('audit-table')).toContainText(today)
    await expect(page.getByTestId('audit-table')).toContainText(lang === 'ru' ? 'Проверка целостности журнала' : 'Журнал тұтастығы тексерілді')
    // Dates in the Kazakh and Russian order: 29.11.2026, never 2026-11-29 or 11/29/2026.
    await expect(page.getByTestId('audit-table')).toContainText(/\d{2}\.\d{2}\.\d{4}/)
    await expect(page.getByTestId('audit-table')).not.toContainText(/\d{4}-\d{2}-\d{2}/)
    // The audit search this screen made is recorded with its filters: shown as labelled fields.
    const words = await wordsOnScreen(page)
    expect(words).not.toContain('{"')
    const codes = AUDIT_ACTIONS.filter((code) => words.includes(code))
    expect(codes, `English action codes outside <code> in ${lang}`).toEqual([])
    expect(words).not.toMatch(/\b(success|failure|denied)\b/)
    // Every detail field has a label in this language (a field without one shows under its code).
    await expect(page.getByTestId('audit-raw-field')).toHaveCount(0)
    expect(await cutLabels(page), `cut-off filter labels in ${lang}`).toEqual([])
    await expect(page.getByTestId('audit-from').locator('input')).toHaveAttribute('placeholder', placeholder)
    await page.screenshot({ path: `test-results/screens/audit-${lang}-1366.png`, fullPage: true })
  }

  // A day typed in the UI's own order filters the search (kk: 29.11.2026 style).
  const now = new Date()
  const almaty = new Date(now.getTime() + 5 * 3600_000)
  const dd = String(almaty.getUTCDate()).padStart(2, '0')
  const mm = String(almaty.getUTCMonth() + 1).padStart(2, '0')
  await page.getByTestId('audit-from').locator('input').fill(`${dd}.${mm}.${almaty.getUTCFullYear()}`)
  await page.getByTestId('audit-from').locator('input').press('Enter')
  await expect(page.getByTestId('audit-table')).toContainText('Клиент тіркелді')
  await page.getByTestId('audit-from').locator('input').fill('31.02.2026')
  await expect(page.getByTestId('audit-from')).toContainText('КК.АА.ЖЖЖЖ')

  // The per-day chart has its figures as a table too.
  await page.getByTestId('per-day-table-toggle').click()
  await expect(page.getByTestId('per-day-table').locator('tbody tr')).not.toHaveCount(0)

  // One event in full: the drawer shows its chain position and link.
  await page.getByTestId('audit-open').first().click()
  await expect(page.getByTestId('audit-drawer-seq')).toContainText(/#\d+/)
  await expect(page.getByTestId('audit-drawer-hash')).toHaveText(/^[0-9a-f]{64}$/)
  await page.screenshot({ path: 'test-results/screens/audit-drawer-kk.png' })
  await page.getByTestId('audit-drawer-close').click()
})

import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { DataSource } from 'typeorm'
import { AUDIT_ACTIONS } from '../../../src/shared/audit-actions'
import { test, expect, createFirstSupervisor, registerCustomerAtCounter } from './shell-fixture'
import { wordsOnScreen } from './screen-text'

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

/** The checkpoint status line (issue 14): the last witnessed checkpoint, when, and how long ago (seconds in a fresh store). */
const CHECKPOINT_STATUS = {
  en: /Last witnessed checkpoint: event #\d+ at .+, \d+ s ago\./,
  ru: /Последняя заверенная контрольная точка: событие №\d+, .+, \d+ с назад\./,
  kk: /Соңғы расталған бақылау нүктесі: №\d+ оқиға, .+, \d+ с бұрын\./,
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
  // Issue 14: the checkpoint status as the page opens, before any click (read from the witness, no walk of the trail).
  await expect(page.getByTestId('audit-checkpoint-status')).toContainText(CHECKPOINT_STATUS.en)
  await expect(page.getByTestId('audit-integrity')).toHaveCount(0)
  await expect(page.getByTestId('audit-table')).toContainText('customer.register')

  for (const [lang, placeholder, today] of [
    ['ru', 'ДД.ММ.ГГГГ', 'Клиент зарегистрирован'],
    ['kk', 'КК.АА.ЖЖЖЖ', 'Клиент тіркелді'],
  ] as const) {
    await page.getByRole('button', { name: new RegExp(`^${lang.toUpperCase()} `) }).click()
    await page.getByTestId('audit-verify').click()
    await expect(page.getByTestId('audit-integrity')).toBeVisible()
    // Issue 14: the checkpoint status: the last witnessed checkpoint and its age, in the UI language.
    await expect(page.getByTestId('audit-checkpoint')).toContainText(CHECKPOINT_STATUS[lang])
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

test('a broken chain on the audit screen: the event, the reason in words and the last witnessed checkpoint with its age, in kk, ru and en (issue 14)', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  await page.getByTestId('nav-audit').click()
  await page.getByTestId('audit-verify').click()
  await expect(page.getByTestId('audit-integrity')).toContainText('The audit chain is intact')
  await expect(page.getByTestId('audit-checkpoint')).toContainText(CHECKPOINT_STATUS.en)
  await expect(page.getByTestId('audit-witness-error')).toHaveCount(0)

  // Someone with the file drops the triggers and edits event #2 in place.
  const ds = new DataSource({ type: 'sqlite', database: join(shell.dataDir, 'teller.sqlite') })
  await ds.initialize()
  try {
    const triggers = (await ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_event'`)) as { name: string }[]
    for (const t of triggers) await ds.query(`DROP TRIGGER ${t.name}`)
    await ds.query(`UPDATE audit_event SET outcome = 'failure' WHERE seq = 2`)
  } finally {
    await ds.destroy()
  }

  const broken = {
    en: ['The audit chain is broken at event #2.', 'This event does not follow the one before it'],
    ru: ['Цепочка журнала нарушена на событии №2.', 'Это событие не следует за предыдущим'],
    kk: ['Журнал тізбегі №2 оқиғада бұзылған.', 'Бұл оқиға алдыңғысынан кейін келмейді'],
  } as const
  for (const lang of ['en', 'ru', 'kk'] as const) {
    await page.getByRole('button', { name: new RegExp(`^${lang.toUpperCase()} `) }).click()
    await page.getByTestId('audit-verify').click()
    for (const words of broken[lang]) await expect(page.getByTestId('audit-integrity')).toContainText(words)
    await expect(page.getByTestId('audit-checkpoint')).toContainText(CHECKPOINT_STATUS[lang])
    await page.screenshot({ path: `test-results/screens/audit-broken-${lang}-1366.png` })
  }
})

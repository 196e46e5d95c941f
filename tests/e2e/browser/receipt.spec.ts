import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { Page } from '@playwright/test'
import { test, expect, createFirstSupervisor, payOnCustomerWindow, registerCustomerAtCounter } from './shell-fixture'

// Issue 16: after a payment the teller prints a bank receipt in the customer's language; only the
// receipt reaches the paper or the PDF; it shows at most the card's first 6 and last 4 digits; a
// reprint is marked ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE.

const PHONE = '+77012345699'
const PAN = '4400430000001237'

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

/** The text of a PDF, page by page, as an auditor's tool would extract it. */
async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise
  const pages: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  await doc.destroy()
  return pages.join('\n').replace(/[ \t]+/g, ' ')
}

/** The receipt as printed to PDF (Chromium's printToPDF, as Electron's), with the print styles. */
async function printedPdf(page: Page): Promise<string> {
  await page.emulateMedia({ media: 'print' })
  const text = await pdfText(await page.pdf({ width: '80mm', printBackground: false }))
  await page.emulateMedia({ media: 'screen' })
  return text
}

test('a receipt in the customer language, printed alone, with a masked card; a reprint is a duplicate', async ({ page, shell }) => {
  await createFirstSupervisor(page, shell, 'Chief-Password-2026')
  const customer = await registerCustomerAtCounter(page, shell, PHONE, 'Receipt Customer', 'Secret-pass1')
  await page.getByTestId('nav-payment').click()
  await page.getByTestId('provider').click()
  await page.getByRole('option', { name: 'Kcell / activ' }).click()
  await page.getByLabel('Subscriber number').fill('+7 701 234 56 78')
  await page.getByLabel('Amount, ₸').fill('12 345,50')
  await payOnCustomerWindow(page, customer, shell, PHONE, { pan: '4400 4300 0000 1237', expiry: '12/29', cvv: '739' })
  await expect(page.getByTestId('receipt')).toContainText('Payment approved')

  await page.getByTestId('receipt-open').click()
  const paper = page.getByTestId('receipt-paper')
  await expect(paper).toContainText('Payment receipt')
  await expect(page.getByTestId('receipt-duplicate')).toHaveCount(0)
  await expect(paper.getByTestId('receipt-amount')).toHaveText('12 345,50 ₸')
  await expect(paper.getByTestId('receipt-card')).toHaveText('VISA 440043******1237')
  await expect(paper.getByTestId('receipt-payee')).toHaveText('+77012345678')
  await expect(paper.getByTestId('receipt-reference')).toHaveText(/^P-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/)
  await expect(paper.getByTestId('receipt-time')).toHaveText(/^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2}:\d{2}$/)

  // The customer reads Kazakh: the receipt changes language, the teller's screen does not.
  await page.getByTestId('receipt-lang').getByRole('button', { name: /^KK / }).click()
  await expect(paper).toContainText('Төлем түбіртегі')
  await expect(paper).toContainText('Абонент нөмірі')
  await expect(paper.getByTestId('receipt-time')).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/)
  await expect(page.getByTestId('payment-again')).toHaveText('New payment')
  await page.screenshot({ path: 'test-results/screens/receipt-kk.png', fullPage: true })

  const original = await printedPdf(page)
  expect(original).toContain('Төлем түбіртегі')
  expect(original).toContain('440043')
  // Only the receipt is printed: nothing of the teller's screen around it.
  expect(original).not.toContain('New payment')
  expect(original).not.toContain('Receipt Customer')
  expect(original.replace(/\s/g, '')).not.toContain(PAN)
  const digitRuns = (original.replace(/\+7701\s*234\s*56\s*78|\+77012345678/g, '').match(/\d+/g) ?? []).map((d) => d.length)
  expect(Math.max(...digitRuns), 'no run of more than 10 digits on the receipt').toBeLessThanOrEqual(10)
  expect(original).not.toContain('ДУБЛИКАТ')

  // The reprint is marked in all three languages, on screen and on paper.
  await page.getByTestId('receipt-open').click()
  await expect(page.getByTestId('receipt-duplicate')).toHaveText('ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE')
  expect(await printedPdf(page)).toContain('ДУБЛИКАТ / КӨШІРМЕ / DUPLICATE')
})

import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

/** The rules every screen is held to: WCAG 2.1 A and AA. */
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/**
 * axe-core on the page as it stands, once every finite animation has ended (Vuetify's transitions
 * fade elements in and out: axe must not judge a colour mid-fade; a spinner's endless animation is
 * no reason to wait). Each violation as "<rule> <first three targets>".
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity))
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze()
  return result.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
}

/** The customer window's prompt in kk, ru and en: the right title, axe clean, and a 1024×768 screenshot of each. */
export async function scanAndShoot(customer: Page, name: string, titles: Record<'kk' | 'ru' | 'en', string>): Promise<void> {
  for (const lang of ['kk', 'ru', 'en'] as const) {
    await customer.getByTestId(`lang-${lang}`).click()
    await expect(customer.getByTestId('cw-prompt')).toContainText(titles[lang])
    await expect(customer.locator('html')).toHaveAttribute('lang', lang)
    const found = (await axeViolations(customer)).map((v) => `${name} ${lang}: ${v}`)
    expect(found, found.join('\n')).toEqual([])
    await customer.screenshot({ path: `test-results/screens/customer-window-${name}-${lang}.png` })
  }
}

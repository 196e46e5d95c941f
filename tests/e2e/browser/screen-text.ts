import type { Page } from '@playwright/test'

/** The page's visible text without <code>, <script> and <style> (the audit screen shows action codes small, in <code>, on purpose, for search and export). */
export async function wordsOnScreen(page: Page): Promise<string> {
  return page.evaluate(() => {
    const clone = document.body.cloneNode(true) as HTMLElement
    clone.querySelectorAll('code, script, style').forEach((el) => el.remove())
    return clone.innerText
  })
}

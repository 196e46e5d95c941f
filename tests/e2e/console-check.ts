import { test as base, expect, type BrowserContext, type ConsoleMessage } from '@playwright/test'

/**
 * Every Playwright test fails at teardown if any page of its browser context logged a console
 * error, threw an uncaught error (pageerror) or reported a Content Security Policy violation,
 * and the failure lists them. Specs import `test` from here (browser specs through
 * shell-fixture.ts), so the check needs nothing in the test itself.
 */
export interface ConsoleCheck {
  /** Watches another context as well, e.g. an Electron app's `app.context()`; the test's own `context` is watched already. */
  watch(context: BrowserContext): void
}

const CSP = /Content[- ]Security[- ]Policy/i

function reportLine(m: ConsoleMessage): string {
  const { url, lineNumber } = m.location()
  const where = url ? ` (${url}:${lineNumber})` : ''
  return `${CSP.test(m.text()) ? 'CSP violation' : `console.${m.type()}`}: ${m.text()}${where}`
}

export interface ConsoleCheckOptions {
  /**
   * Console lines a test provokes on purpose, e.g. the browser's "Failed to load resource" line
   * for a request the test expects to be refused: `test.use({ allowConsoleErrors: [/pattern/] })`.
   * Matched against the reported line (kind, text and source URL).
   */
  allowConsoleErrors: RegExp[]
}

export const test = base.extend<ConsoleCheckOptions & { consoleCheck: ConsoleCheck }>({
  allowConsoleErrors: [[], { option: true }],
  consoleCheck: [
    async ({ allowConsoleErrors }, use) => {
      const problems: string[] = []
      const watched = new WeakSet<BrowserContext>()
      await use({
        watch(context) {
          if (watched.has(context)) return
          watched.add(context)
          // Context events cover every page of the context, including ones opened later.
          context.on('console', (m) => {
            if (m.type() === 'error' || CSP.test(m.text())) problems.push(reportLine(m))
          })
          context.on('weberror', (e) => problems.push(`pageerror: ${e.error().stack ?? e.error().message}`))
        },
      })
      const unexpected = problems.filter((p) => !allowConsoleErrors.some((allowed) => allowed.test(p)))
      expect(unexpected, `console errors, page errors or CSP violations during the test:\n${unexpected.join('\n')}`).toEqual([])
    },
    { auto: true },
  ],
  context: async ({ context, consoleCheck }, use) => {
    consoleCheck.watch(context)
    await use(context)
  },
})

export { expect }

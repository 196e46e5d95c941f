import type { Page } from '@playwright/test'
import { expect } from './shell-fixture'

/**
 * Everything the teller page shows, holds or receives (issue 12): its DOM text and input values at
 * every step, a screenshot, its console, and every IPC reply. The customer's secrets must be in none.
 */
export function tellerLeakWatch(teller: Page) {
  const replies: string[] = []
  const consoleLines: string[] = []
  const samples: string[] = []
  const shots: Buffer[] = []
  teller.on('console', (m) => consoleLines.push(m.text()))
  teller.on('response', (r) => {
    if (r.url().includes('/__teller/ipc/')) void r.text().then((t) => replies.push(t), () => {})
  })
  return {
    async sample(): Promise<void> {
      samples.push(await teller.locator('body').innerText())
      samples.push((await teller.locator('input, textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).join('\n'))
      samples.push(await teller.content())
      shots.push(await teller.screenshot({ fullPage: true }))
    },
    assertNone(secrets: string[]): void {
      const text = [...samples, ...replies, ...consoleLines].join('\n')
      for (const s of secrets) {
        if (s.length < 6) {
          // A CVV is 3 digits: any page holds such a run by chance (a UUID, a time's milliseconds), so
          // it is searched as a value of its own: a whole JSON string, an input value, a word of text.
          const alone = new RegExp(`(^|[\\s"'>:=])${s}($|[\\s"'<,])`, 'm')
          expect(alone.test(text), `teller page saw ${s.length}-character secret`).toBe(false)
          continue
        }
        expect(text.includes(s), `teller page saw ${s.length}-character secret`).toBe(false)
        for (const shot of shots) expect(shot.includes(Buffer.from(s)), 'secret bytes in a screenshot buffer').toBe(false)
      }
      expect(replies.length).toBeGreaterThan(5)
    },
  }
}

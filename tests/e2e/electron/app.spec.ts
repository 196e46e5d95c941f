import { _electron as electron } from '@playwright/test'
import { test, expect } from '../console-check'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

async function electronBinary(): Promise<string | null> {
  // The same lookup `npm start` uses; it never triggers the electron package's download.
  const helper = (await import('../../../scripts/electron-binary.mjs' as string)) as { findElectronBinary(): string | null }
  return helper.findElectronBinary()
}

test('packaged app opens a sandboxed window with window.teller and no Node', async ({ consoleCheck }) => {
  const binary = await electronBinary()
  test.skip(!binary, 'SKIPPED: no Electron binary installed (set ELECTRON_OVERRIDE_DIST_PATH to run the electron project)')
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', '--no-sandbox'],
    env: { ...process.env, TELLER_DATA_DIR: mkdtempSync(join(tmpdir(), 'teller-electron-')) },
  })
  // The app's windows are not the test's `context`: watch them too.
  consoleCheck.watch(app.context())
  const page = await app.firstWindow()
  await expect(page.getByText(/supervisor|супервайзер/i).first()).toBeVisible()
  const surface = await page.evaluate(() => ({
    teller: typeof window.teller.staff.signIn,
    node: typeof (window as unknown as { require?: unknown }).require,
  }))
  expect(surface).toEqual({ teller: 'function', node: 'undefined' })
  await page.screenshot({ path: 'test-results/screens/electron-first-run.png' })
  await app.close()
})

import { defineConfig } from '@playwright/test'

// Two projects. `browser`: Debian's Chromium against the loopback browser shell (always runs).
// `electron`: the built app through Playwright's _electron (runs only where an Electron binary is
// installed or ELECTRON_OVERRIDE_DIST_PATH points at one; each test says so when it skips).
export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../test-results/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'browser',
      testDir: './e2e/browser',
      use: {
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    { name: 'electron', testDir: './e2e/electron' },
  ],
})

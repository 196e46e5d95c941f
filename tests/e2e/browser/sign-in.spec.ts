import { createTellerApi } from '../../../src/shared/ipc/api'
import { test, expect, createFirstSupervisor, fillSignIn } from './shell-fixture'

const PASSWORD = 'Chief-Password-2026'

test.beforeEach(async ({ page }) => {
  // English UI for stable selectors; the kk/ru texts are checked separately below.
  await page.addInitScript(() => localStorage.setItem('teller-locale', 'en'))
})

test('a busy machine: the login field has the cursor as the sign-in page opens, and a late intersection callback does not pull the password typing into it', async ({ page, shell }) => {
  // Intersection callbacks come 1.5 s late (Vuetify's autofocus focuses its field 50 ms after one, even if another field is in use).
  await page.addInitScript(() => {
    window.IntersectionObserver = class {
      constructor(private readonly callback: IntersectionObserverCallback) {}
      observe(target: Element): void {
        setTimeout(() => this.callback([{ isIntersecting: true, intersectionRatio: 1, target } as unknown as IntersectionObserverEntry], this as unknown as IntersectionObserver), 1_500)
      }
      unobserve(): void {}
      disconnect(): void {}
      takeRecords(): IntersectionObserverEntry[] {
        return []
      }
    } as unknown as typeof IntersectionObserver
  })
  await page.goto(shell.url)
  await createFirstSupervisor(page, shell, PASSWORD)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByText('Staff sign-in')).toBeVisible()
  await expect(page.getByLabel('Login')).toBeFocused()
  await page.keyboard.type('chief')
  await page.getByLabel('Password').click()
  await page.keyboard.type(PASSWORD.slice(0, 6))
  await page.waitForTimeout(2_000)
  await page.keyboard.type(PASSWORD.slice(6))
  await expect(page.getByLabel('Login')).toHaveValue('chief')
  await expect(page.getByLabel('Password')).toHaveValue(PASSWORD)
})

test('first run creates the first supervisor, then staff sign in and out on the sign-in page', async ({ page, shell }) => {
  await page.goto(shell.url)
  await expect(page.getByText('First start: create the first supervisor')).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/first-run.png', fullPage: true })
  await createFirstSupervisor(page, shell, PASSWORD)
  await expect(page.getByTestId('home-title')).toHaveText('Welcome, Aigerim Supervisor')
  await expect(page.getByTestId('signed-in-as')).toContainText('supervisor')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByText('Staff sign-in')).toBeVisible()

  await page.getByLabel('Login').fill('chief')
  await page.getByLabel('Password').fill('Not-the-password-1')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('sign-in-error')).toHaveText('Sign-in refused. Check the login and password. After too many wrong attempts an account is locked for at least 30 minutes, or until a supervisor unlocks it.')
  // The password field is cleared after each attempt.
  await expect(page.getByLabel('Password')).toHaveValue('')
  await page.screenshot({ path: 'test-results/screens/sign-in-error.png', fullPage: true })

  await fillSignIn(page, 'chief', PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('home-title')).toHaveText('Welcome, Aigerim Supervisor')
  expect(shell.output()).not.toContain(PASSWORD)
})

test('the page gets only the allowlisted window.teller API and no Node or Electron globals', async ({ page, shell }) => {
  await page.goto(shell.url)
  await expect(page.getByText('First start: create the first supervisor')).toBeVisible()
  const surface = await page.evaluate(() => ({
    methods: Object.fromEntries(Object.entries(window.teller).map(([d, m]) => [d, Object.keys(m).sort()])),
    frozen: Object.isFrozen(window.teller),
    node: typeof (window as unknown as { require?: unknown }).require,
    proc: typeof (window as unknown as { process?: unknown }).process,
  }))
  // Exactly the contract's methods: what createTellerApi builds, nothing more.
  const expected = createTellerApi((() => Promise.resolve()) as never)
  expect(surface).toEqual({
    methods: Object.fromEntries(Object.entries(expected).map(([d, m]) => [d, Object.keys(m).sort()])),
    frozen: true,
    node: 'undefined',
    proc: 'undefined',
  })
  // The token left the address bar as soon as the page loaded.
  expect(new URL(page.url()).searchParams.get('token')).toBeNull()
})

test('the UI speaks Kazakh, Russian and English', async ({ page, shell }) => {
  await page.goto(shell.url)
  await page.getByRole('button', { name: 'Қазақша' }).click()
  await expect(page.getByText('Алғашқы іске қосу: бірінші супервайзерді жасаңыз')).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk')
  await page.getByRole('button', { name: 'Русский' }).click()
  await expect(page.getByText('Первый запуск: создайте первого супервайзера')).toBeVisible()
  await page.screenshot({ path: 'test-results/screens/first-run-ru.png', fullPage: true })
})

test.describe('without the per-run token', () => {
  // The refusals are the point of the test, and the browser logs each refused request (the page's
  // own start-up calls and the test's) as a console error: those lines, and only those, are allowed.
  test.use({ allowConsoleErrors: [/^console\.error: Failed to load resource: the server responded with a status of 403 \(Forbidden\) \(http:\/\/127\.0\.0\.1:\d+\/__teller\/ipc\//] })

  test('a request without the per-run token is refused', async ({ page, shell }) => {
    const origin = new URL(shell.url).origin
    await page.goto(`${origin}/`)
    const r = await page.evaluate(async () => {
      const res = await fetch('/__teller/ipc/system:status', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-teller-token': 'guess', 'x-teller-client': '0b7c8b7e-3d0c-4b7e-9a53-7f9c1d2e3f40' },
        body: '{}',
      })
      return { status: res.status, body: await res.json() }
    })
    expect(r).toEqual({ status: 403, body: { ok: false, error: expect.objectContaining({ code: 'FORBIDDEN_SENDER' }) } })
  })
})

import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startShellServer, type ShellServer } from '../../../src/browser-shell/server'
import { createCustomerGate } from '../../../src/main/ipc/customer-gate'
import { createGate } from '../../../src/main/ipc/gate'
import { silentLogger } from '../../../src/main/app/logger'
import { startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'

const CLIENT = '0b7c8b7e-3d0c-4b7e-9a53-7f9c1d2e3f40'

/** The customer window's route in the browser shell (issue 12): its own page, token and gate. */
describe('browser shell: the customer window has its own token, page and gate', () => {
  let t: TestEngine
  let server: ShellServer
  const renderer = tempDir('teller-renderer-')
  const post = (route: string, channel: string, token: string, body: unknown = {}) =>
    fetch(`${server.origin}/__teller/${route}/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': token, 'x-teller-client': CLIENT },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; error?: { code: string } } }))
  const customerToken = () => new URL(server.customerUrl).searchParams.get('token')!

  beforeAll(async () => {
    mkdirSync(join(renderer.path, 'assets'))
    writeFileSync(join(renderer.path, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head></html>')
    writeFileSync(join(renderer.path, 'customer.html'), '<html><head><script type="module" src="./assets/customer.js"></script></head></html>')
    t = await startTestEngine()
    server = await startShellServer({
      rendererDir: renderer.path,
      dispatch: createGate(t.engine),
      customerDispatch: createCustomerGate(t.engine.customerWindows, silentLogger),
      workstation: 'shell-ws',
      logger: silentLogger,
    })
  })
  afterAll(async () => {
    await server.close()
    await t.close()
    renderer.cleanup()
  })

  it('serves /customer with the customer bridge, under a token that is not the teller token', async () => {
    expect(customerToken()).toMatch(/^[\w-]{43}$/)
    expect(customerToken()).not.toBe(server.token)
    const page = await (await fetch(`${server.origin}/customer`)).text()
    expect(page).toContain('/__teller/customer-bridge.js')
    expect(page).not.toContain('/__teller/bridge.js')
    expect((await fetch(`${server.origin}/customer.html`)).status).toBe(404)
  })

  it('the customer token opens no teller channel, the teller token no customer channel', async () => {
    expect(await post('ipc', 'system:info', customerToken())).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN_SENDER' } } })
    expect(await post('customer-ipc', 'customerPage:prompt', server.token)).toMatchObject({ status: 403, body: { ok: false, error: { code: 'FORBIDDEN_SENDER' } } })
    // With its own token, the customer route still knows only the customer window's four channels.
    expect(await post('customer-ipc', 'system:info', customerToken())).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } })
    expect(await post('customer-ipc', 'customerPage:prompt', customerToken())).toMatchObject({ status: 200, body: { ok: false, error: { code: 'CUSTOMER_WINDOW_NOT_PAIRED' } } })
    expect(await post('ipc', 'customerPage:prompt', server.token)).toMatchObject({ status: 200, body: { ok: false, error: { code: 'UNKNOWN_CHANNEL' } } })
  })
})

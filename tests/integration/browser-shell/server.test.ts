import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startShellServer, type ShellServer } from '../../../src/browser-shell/server'
import { createGate } from '../../../src/main/ipc/gate'
import { silentLogger } from '../../../src/main/app/logger'
import { startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'

const CLIENT = '0b7c8b7e-3d0c-4b7e-9a53-7f9c1d2e3f40'

/** Raw HTTP so tests can send the Host/Origin headers a browser would (fetch forbids setting Host). */
function raw(server: ShellServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const url = new URL(server.origin)
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((ok, fail) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers: { host: url.host, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      },
    )
    req.on('error', fail)
    if (init.body) req.write(init.body)
    req.end()
  })
}

describe('browser shell server (loopback host for the same engine and handlers)', () => {
  let t: TestEngine
  let server: ShellServer
  const renderer = tempDir('teller-renderer-')
  const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(server, `/__teller/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': server.token, 'x-teller-client': CLIENT, ...headers },
      body: JSON.stringify(body),
    })

  beforeAll(async () => {
    mkdirSync(join(renderer.path, 'assets'))
    writeFileSync(join(renderer.path, 'index.html'), '<html><head><script type="module" src="./assets/app.js"></script></head></html>')
    writeFileSync(join(renderer.path, 'assets', 'app.js'), 'console.log(1)')
    t = await startTestEngine()
    server = await startShellServer({
      rendererDir: renderer.path,
      dispatch: createGate(t.engine),
      workstation: 'shell-ws',
      logger: silentLogger,
    })
  })
  afterAll(async () => {
    await server.close()
    await t.close()
    renderer.cleanup()
  })

  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).toBe(`${server.origin}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(40)
  })

  it('serves the renderer with the bridge injected before the app script, under a strict CSP', async () => {
    const res = await raw(server, '/')
    expect(res.status).toBe(200)
    expect(res.body.indexOf('/__teller/bridge.js')).toBeGreaterThan(-1)
    expect(res.body.indexOf('/__teller/bridge.js')).toBeLessThan(res.body.indexOf('./assets/app.js'))
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'")
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'")
    const bridge = await raw(server, '/__teller/bridge.js')
    expect(bridge.status).toBe(200)
    expect(bridge.body).toContain('x-teller-token')
  })

  it('answers contract calls with the dispatcher Result when the token is right', async () => {
    const res = await ipc('system:status', {})
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { shell: 'browser', initialised: false } })
  })

  it('refuses calls without the token, with a wrong token, or from another origin', async () => {
    const attempts: Record<string, string>[] = [{ 'x-teller-token': '' }, { 'x-teller-token': server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A') }, { origin: 'http://evil.example' }]
    for (const headers of attempts) {
      const res = await ipc('system:status', {}, headers)
      expect(res.status).toBe(403)
      expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    }
  })

  it('refuses a foreign Host header (DNS rebinding), GET on IPC, bad JSON, and oversize bodies', async () => {
    expect((await raw(server, '/', { headers: { host: 'attacker.example:80' } })).status).toBe(421)
    expect((await raw(server, '/__teller/ipc/system:status')).status).toBe(405)
    const bad = await raw(server, '/__teller/ipc/system:status', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-teller-token': server.token, 'x-teller-client': CLIENT },
      body: '{not json',
    })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } })
    const big = await ipc('staff:signIn', { login: 'a', password: 'p'.repeat(70_000) })
    expect(big.status).toBe(413)
  })

  it('does not serve files outside the renderer folder', async () => {
    const res = await raw(server, '/..%2f..%2f..%2fetc%2fpasswd')
    expect(res.status).toBe(404)
    expect(res.body).not.toContain('root:')
  })
})

describe('browser shell dev phone (simulated SMS outbox)', () => {
  it('lists the messages for a phone only with the token, and does not exist without an outbox', async () => {
    const renderer = tempDir('teller-renderer-')
    writeFileSync(join(renderer.path, 'index.html'), '<html><head><script type="module" src="./a.js"></script></head></html>')
    const t = await startTestEngine()
    const messages = [
      { to: '+77011234567', text: 'Код: 111111', sentAt: '2026-03-10T04:00:00.000Z' },
      { to: '+77019999999', text: 'Код: 222222', sentAt: '2026-03-10T04:00:01.000Z' },
    ]
    const dispatch = createGate(t.engine)
    const withOutbox = await startShellServer({
      rendererDir: renderer.path,
      dispatch,
      workstation: 'w',
      logger: silentLogger,
      devOutbox: { list: (phone) => messages.filter((m) => !phone || m.to === phone) },
    })
    const without = await startShellServer({ rendererDir: renderer.path, dispatch, workstation: 'w', logger: silentLogger })
    try {
      const list = await raw(withOutbox, `/__teller/dev/sms?phone=%2B77011234567&token=${withOutbox.token}`)
      expect(JSON.parse(list.body)).toEqual([messages[0]])
      expect((await raw(withOutbox, '/__teller/dev/sms?phone=%2B77011234567')).status).toBe(403)
      expect((await raw(withOutbox, `/__teller/dev/phone?token=${withOutbox.token}`)).body).toContain('Customer phone')
      expect((await raw(without, `/__teller/dev/sms?token=${without.token}`)).status).toBe(404)
    } finally {
      await withOutbox.close()
      await without.close()
      await t.close()
      renderer.cleanup()
    }
  })
})

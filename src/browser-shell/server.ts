import { timingSafeEqual, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { build } from 'esbuild'
import { defaultMessages, ErrorCode } from '../shared/errors'
import { err } from '../shared/result'
import type { Dispatch } from '../main/ipc/dispatch'
import type { Logger } from '../main/engine/kernel/logger'

/** The renderer's CSP, also sent as a header: nothing but our own origin (S3, S4). */
export const SHELL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'"

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

const MAX_BODY = 64 * 1024

/** What the simulated SMS operator delivered: the browser shell's stand-in for the customer's phone. */
export interface DevOutbox {
  list(phone?: string): { to: string; text: string; sentAt: string }[]
}

export interface ShellServerOptions {
  /** Built renderer folder (out/renderer). */
  rendererDir: string
  /** Only in the browser shell with the embedded outbox gateway: the dev "customer phone" view. */
  devOutbox?: DevOutbox
  dispatch: Dispatch
  /** The customer window's gate (issue 12): served on its own route, with its own token. */
  customerDispatch?: Dispatch
  workstation: string
  logger: Logger
  port?: number
  /** Called when a request carried the right token (the browser shell then removes its forwarding page). */
  onTokenUse?: () => void
}

export interface ShellServer {
  url: string
  origin: string
  token: string
  /** The customer window's page with its own per-run token (pairing by the teller window's code follows). */
  customerUrl: string
  close(): Promise<void>
}

/**
 * Loopback-only host for the renderer and the IPC contract, for machines without an Electron
 * binary (and for browser E2E tests). Never packaged. Every IPC call needs the per-run token,
 * our exact Host/Origin (DNS-rebinding and cross-site guards) and a JSON body.
 */
export async function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const token = randomBytes(32).toString('base64url')
  const tokenBuf = Buffer.from(token)
  const customerToken = randomBytes(32).toString('base64url')
  const customerTokenBuf = Buffer.from(customerToken)
  const rendererDir = resolve(options.rendererDir)
  const indexHtml = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const bridge = await buildBridge('bridge.client.ts')
  const customerBridge = await buildBridge('customer-bridge.client.ts')
  const customerPage = await readFile(join(rendererDir, 'customer.html'), 'utf8')
    .then((html) => html.replace(/<script /, '<script type="module" src="/__teller/customer-bridge.js"></script>\n    <script '))
    .catch(() => null)
  const page = indexHtml.replace(
    /<script /,
    '<script type="module" src="/__teller/bridge.js"></script>\n    <script ',
  )
  let origin = ''

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify(err(ErrorCode.INTERNAL, defaultMessages.INTERNAL)))
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain', 'misdirected request')
    const url = new URL(req.url ?? '/', origin)
    if (url.pathname.startsWith('/__teller/ipc/')) return handleIpc(req, res, url, '/__teller/ipc/', tokenBuf, options.dispatch, 'shell')
    if (url.pathname.startsWith('/__teller/customer-ipc/') && options.customerDispatch) {
      return handleIpc(req, res, url, '/__teller/customer-ipc/', customerTokenBuf, options.customerDispatch, 'customer')
    }
    if (url.pathname.startsWith('/__teller/dev/')) return handleDev(req, res, url)
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed')
    if (url.pathname === '/__teller/bridge.js') return send(res, 200, MIME['.js']!, bridge)
    if (url.pathname === '/__teller/customer-bridge.js') return send(res, 200, MIME['.js']!, customerBridge)
    if (url.pathname === '/customer' && customerPage && options.customerDispatch) return send(res, 200, MIME['.html']!, customerPage)
    if (url.pathname === '/customer.html') return send(res, 404, 'text/plain', 'not found')
    if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, MIME['.html']!, page)
    const file = normalize(join(rendererDir, decodeURIComponent(url.pathname)))
    if (!file.startsWith(rendererDir + sep)) return send(res, 404, 'text/plain', 'not found')
    try {
      const body = await readFile(file)
      return send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', body)
    } catch {
      return send(res, 404, 'text/plain', 'not found')
    }
  }

  /** One IPC route: the teller's (window.teller) or the customer window's, each with its own token and gate. */
  async function handleIpc(req: IncomingMessage, res: ServerResponse, url: URL, prefix: string, tokenBuf: Buffer, dispatch: Dispatch, clientKind: string): Promise<void> {
    const refuse = (status: number) =>
      send(res, status, 'application/json', JSON.stringify(err(ErrorCode.FORBIDDEN_SENDER, defaultMessages.FORBIDDEN_SENDER)))
    if (req.method !== 'POST') return refuse(405)
    const given = Buffer.from(String(req.headers['x-teller-token'] ?? ''))
    if (given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf)) return refuse(403)
    if (clientKind === 'shell') options.onTokenUse?.()
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(403)
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(415)
    const client = String(req.headers['x-teller-client'] ?? '')
    if (!/^[0-9a-f-]{36}$/.test(client)) return refuse(400)
    const raw = await readBody(req)
    if (raw === null) return send(res, 413, 'application/json', JSON.stringify(err(ErrorCode.VALIDATION_FAILED, 'Request too large.')))
    let payload: unknown
    try {
      payload = raw.length ? JSON.parse(raw) : {}
    } catch {
      return send(res, 400, 'application/json', JSON.stringify(err(ErrorCode.VALIDATION_FAILED, 'Request is not valid JSON.')))
    }
    const channel = decodeURIComponent(url.pathname.slice(prefix.length))
    const result = await dispatch(channel, payload, { clientId: `${clientKind}:${client}`, workstation: options.workstation })
    return send(res, 200, 'application/json', JSON.stringify(result))
  }

  /**
   * The dev phone: a plain page (no Vue) listing the SMS sent to a number, so a tester or a
   * Playwright test can read the session key the "customer" received. Token required, as for IPC.
   */
  async function handleDev(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const outbox = options.devOutbox
    if (!outbox || req.method !== 'GET') return send(res, 404, 'text/plain', 'not found')
    if (url.pathname === '/__teller/dev/phone.js') return send(res, 200, MIME['.js']!, DEV_PHONE_JS)
    const given = Buffer.from(url.searchParams.get('token') ?? String(req.headers['x-teller-token'] ?? ''))
    if (given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf)) return send(res, 403, 'text/plain', 'forbidden')
    if (url.pathname === '/__teller/dev/phone') return send(res, 200, MIME['.html']!, DEV_PHONE_HTML)
    if (url.pathname === '/__teller/dev/sms') {
      const phone = url.searchParams.get('phone') ?? undefined
      return send(res, 200, 'application/json', JSON.stringify(outbox.list(phone)))
    }
    return send(res, 404, 'text/plain', 'not found')
  }

  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  options.logger.info('browser shell listening', { origin })
  return {
    url: `${origin}/?token=${token}`,
    customerUrl: `${origin}/customer?token=${customerToken}`,
    origin,
    token,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections()
        server.close(() => ok())
      }),
  }
}

const DEV_PHONE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Customer phone (simulated SMS)</title>
<style>body{font-family:system-ui,sans-serif;max-width:420px;margin:24px auto}li{border:1px solid #ccc;border-radius:8px;padding:8px;margin:8px 0;white-space:pre-wrap}</style>
</head><body><h1>Customer phone</h1><p>Simulated SMS operator (browser shell only).</p>
<label>Phone <input id="phone" placeholder="+77011234567"></label>
<ol id="messages" aria-live="polite"></ol>
<script src="/__teller/dev/phone.js"></script></body></html>`

const DEV_PHONE_JS = `const token = new URLSearchParams(location.search).get('token') || ''
const phoneInput = document.getElementById('phone')
phoneInput.value = new URLSearchParams(location.search).get('phone') || ''
async function refresh() {
  const q = new URLSearchParams({ token, phone: phoneInput.value.trim() })
  const res = await fetch('/__teller/dev/sms?' + q)
  const list = document.getElementById('messages')
  list.replaceChildren(...(await res.json()).reverse().map((m) => {
    const li = document.createElement('li')
    li.dataset.to = m.to
    li.textContent = m.sentAt + '  ' + m.to + '\\n' + m.text
    return li
  }))
}
setInterval(refresh, 1500)
refresh()
`

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': SHELL_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  })
  res.end(body)
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY) {
        // Stop buffering but drain the rest, so the client still receives the 413 reply.
        req.off('data', onData)
        req.resume()
        ok(null)
      } else chunks.push(c)
    }
    req.on('data', onData)
    req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')))
    req.on('error', fail)
  })
}

async function buildBridge(file: string): Promise<string> {
  const out = await build({
    entryPoints: [join(__dirname, file)],
    bundle: true,
    format: 'esm',
    target: 'chrome120',
    write: false,
    minify: false,
    logLevel: 'silent',
  })
  return out.outputFiles[0]!.text
}

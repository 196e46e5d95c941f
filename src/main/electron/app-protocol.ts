import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * The renderer is served from a privileged custom scheme instead of file://: the page gets a real
 * origin (app://bundle) so the CSP's 'self' means "our files" and nothing else on the disk, and the
 * handler below is the only thing that decides which files exist. Only files under the built
 * renderer folder are served; anything else (traversal, other hosts, unknown types) is refused.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'bundle'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Must run before the app's `ready` event (Electron's rule for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs and an origin; secure: a secure context like https. No bypassCSP,
      // no corsEnabled (nothing else may read our files), no service workers.
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ])
}

/** Installs the app:// handler (after `ready`). */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir))
}

/**
 * The renderer URL to load: the Vite dev server only in development from source when given one
 * (`ELECTRON_RENDERER_URL`, set by `electron-vite dev`); production (packaged, or
 * TELLER_MODE=production) always loads app://.
 */
export function chooseRendererUrl(lockedDown: boolean, env: NodeJS.ProcessEnv): string {
  const devUrl = env.ELECTRON_RENDERER_URL
  return !lockedDown && devUrl ? devUrl : APP_ENTRY_URL
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.eot': 'application/vnd.ms-fontobject',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/** Content type by extension; undefined for a type the renderer never ships (it is then refused). */
export function mimeTypeFor(filePath: string): string | undefined {
  return MIME_TYPES[extname(filePath).toLowerCase()]
}

/**
 * Maps an app:// URL to a file inside `rendererDir`, or null when the URL is not ours or would
 * leave the folder (`..`, encoded `%2e%2e`, encoded separators `%2f`/`%5c`, backslashes, NUL bytes).
 */
export function resolveAppPath(rendererDir: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST || url.username || url.password || url.port) return null
  // An encoded separator is never part of a real asset name: refuse it before decoding.
  if (/%2f|%5c/i.test(url.pathname)) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const root = resolve(rendererDir)
  const rel = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '')
  const target = resolve(root, rel)
  const inside = relative(root, target)
  if (!inside || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return null
  return target
}

type ReadFile = (path: string) => Promise<Uint8Array>

const refuse = (status: number, text: string): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })

/** The app:// request handler; `read` is injectable for tests. */
export function createAppProtocolHandler(rendererDir: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed')
    const filePath = resolveAppPath(rendererDir, request.url)
    if (!filePath) return refuse(403, 'Forbidden')
    const type = mimeTypeFor(filePath)
    if (!type) return refuse(404, 'Not found')
    let body: Uint8Array
    try {
      body = await read(filePath)
    } catch {
      return refuse(404, 'Not found')
    }
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' },
    })
  }
}

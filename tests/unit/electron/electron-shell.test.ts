import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { allChannels } from '../../../src/shared/ipc/channels'

// No Electron binary here, and tests never load the real module: a recording stand-in for the
// parts of the electron API the shell uses. The specs below are the security gates of the shell.
const rec = vi.hoisted(() => ({
  windows: [] as { options: Record<string, any>; handlers: Record<string, (...a: any[]) => any>; openHandler?: () => unknown; loaded?: string }[],
  ipcHandlers: new Map<string, (...a: any[]) => any>(),
  appHandlers: {} as Record<string, (...a: any[]) => any>,
  permissionHandler: undefined as undefined | ((...a: any[]) => any),
  permissionCheck: undefined as undefined | ((...a: any[]) => any),
  beforeRequest: undefined as undefined | ((...a: any[]) => any),
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  applicationMenu: 'default' as unknown,
  singleInstanceLock: true,
  quit: 0,
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: any
    constructor(options: Record<string, any>) {
      const entry: (typeof rec.windows)[number] = { options, handlers: {} }
      rec.windows.push(entry)
      this.webContents = {
        setWindowOpenHandler: (h: () => unknown) => (entry.openHandler = h),
        on: (ev: string, h: (...a: any[]) => any) => (entry.handlers[ev] = h),
      }
      Object.assign(this, { entry })
    }
    once() {}
    loadURL(url: string) {
      ;(this as any).entry.loaded = url
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    ipcMain: { handle: (ch: string, h: (...a: any[]) => any) => rec.ipcHandlers.set(ch, h) },
    app: {
      on: (ev: string, h: (...a: any[]) => any) => (rec.appHandlers[ev] = h),
      requestSingleInstanceLock: () => rec.singleInstanceLock,
      quit: () => rec.quit++,
    },
    Menu: { setApplicationMenu: (menu: unknown) => (rec.applicationMenu = menu) },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof rec.privilegedSchemes) => rec.privilegedSchemes.push(...schemes),
      handle: (scheme: string, h: (request: Request) => Promise<Response>) => rec.protocolHandlers.set(scheme, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: any) => (rec.permissionHandler = h),
        setPermissionCheckHandler: (h: any) => (rec.permissionCheck = h),
        webRequest: { onBeforeRequest: (h: any) => (rec.beforeRequest = h) },
      },
    },
  }
})

const { applyMenuPolicy, createMainWindow, isAppUrl } = await import('../../../src/main/electron/window')
const appProtocol = await import('../../../src/main/electron/app-protocol')
const { claimSingleInstance } = await import('../../../src/main/electron/single-instance')
const { registerIpc } = await import('../../../src/main/electron/ipc')
const { hardenApp } = await import('../../../src/main/electron/hardening')

const APP = 'file:///opt/teller/resources/app/out/renderer/index.html'

describe('Electron window factory', () => {
  beforeEach(() => (rec.windows.length = 0))

  it('creates windows with sandbox, context isolation, no node integration, no webview', () => {
    createMainWindow({ preloadPath: '/p/preload.js', rendererUrl: APP, devTools: true })
    const wp = rec.windows[0]!.options.webPreferences
    expect(wp).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      preload: '/p/preload.js',
    })
    expect(wp.enableBlinkFeatures).toBeUndefined()
    expect(rec.windows[0]!.loaded).toBe(APP)
  })

  it('denies window.open and navigation away from the app document', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: APP, devTools: true })
    const w = rec.windows[0]!
    expect(w.openHandler?.()).toEqual({ action: 'deny' })
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://127.0.0.1:9/index.html']) {
      const event = { preventDefault: vi.fn() }
      w.handlers['will-navigate']!(event, url)
      expect(event.preventDefault, url).toHaveBeenCalled()
    }
    const same = { preventDefault: vi.fn() }
    w.handlers['will-navigate']!(same, `${APP}#/sign-in`)
    expect(same.preventDefault).not.toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    w.handlers['will-attach-webview']!(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('treats only the same document as the app', () => {
    expect(isAppUrl(`${APP}#/x`, APP)).toBe(true)
    expect(isAppUrl('file:///opt/teller/other.html', APP)).toBe(false)
    expect(isAppUrl('not a url', APP)).toBe(false)
  })
})

describe('process-wide hardening', () => {
  it('denies every permission request and check, and blocks requests to anything but the app', () => {
    hardenApp((url) => url.startsWith('file:///opt/teller/'))
    const cb = vi.fn()
    rec.permissionHandler!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect(rec.permissionCheck!({}, 'geolocation')).toBe(false)
    const remote = vi.fn()
    rec.beforeRequest!({ url: 'https://cdn.example/lib.js' }, remote)
    expect(remote).toHaveBeenCalledWith({ cancel: true })
    const local = vi.fn()
    rec.beforeRequest!({ url: 'file:///opt/teller/out/renderer/assets/a.js' }, local)
    expect(local).toHaveBeenCalledWith({ cancel: false })
  })
})

describe('IPC registration', () => {
  it('binds exactly the contract channels and checks the sender frame', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'served' }))
    registerIpc(dispatch, (url) => isAppUrl(url, APP), 'ws-9')
    expect([...rec.ipcHandlers.keys()].sort()).toEqual([...allChannels].sort())
    const handler = rec.ipcHandlers.get('system:status')!
    const mainFrame = { url: APP }
    const okEvent = { senderFrame: mainFrame, sender: { id: 7, mainFrame } }
    expect(await handler(okEvent, {})).toEqual({ ok: true, value: 'served' })
    expect(dispatch).toHaveBeenCalledWith('system:status', {}, { clientId: 'wc:7', workstation: 'ws-9' })

    dispatch.mockClear()
    const subFrame = { url: APP }
    const fromIframe = { senderFrame: subFrame, sender: { id: 7, mainFrame } }
    const foreign = { senderFrame: { url: 'https://evil.example/' }, sender: { id: 8, mainFrame: { url: 'x' } } }
    foreign.sender.mainFrame = foreign.senderFrame
    for (const event of [fromIframe, foreign, { senderFrame: null, sender: { id: 1, mainFrame } }]) {
      expect(await handler(event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    }
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('IPC registration reports a refused sender (issue 14)', () => {
  it('each call from a foreign frame is handed to the refusal recorder with its channel and window, never its payload', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'served' }))
    const refused = vi.fn(async () => undefined)
    registerIpc(dispatch, (url) => isAppUrl(url, APP), 'ws-9', refused)
    const handler = rec.ipcHandlers.get('customer:lookup')!
    const frame = { url: 'https://evil.example/' }
    expect(await handler({ senderFrame: frame, sender: { id: 8, mainFrame: frame } }, { phone: '+77012345678' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    expect(refused).toHaveBeenCalledWith('customer:lookup', { clientId: 'wc:8', workstation: 'ws-9' })
    expect(JSON.stringify(refused.mock.calls)).not.toContain('77012345678')
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('app:// protocol (the renderer is served from the built renderer folder only)', () => {
  const { APP_ENTRY_URL, chooseRendererUrl, createAppProtocolHandler, registerAppScheme, resolveAppPath, serveAppProtocol } = appProtocol
  let base: string
  let rendererDir: string
  const SECRET = 'teller.sqlite contents: must never be served'
  const get = (url: string, method = 'GET') => createAppProtocolHandler(rendererDir)(new Request(url, { method }))

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'teller-app-protocol-'))
    rendererDir = join(base, 'out', 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Branch Teller</title>')
    writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'export const x = 1')
    writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}')
    writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'wOF2')
    writeFileSync(join(rendererDir, 'favicon.svg'), '<svg/>')
    writeFileSync(join(rendererDir, 'assets', 'blob.bin'), 'binary')
    // Files next to the renderer folder that a traversal would reach.
    writeFileSync(join(base, 'out', 'secret.txt'), SECRET)
    writeFileSync(join(base, 'secret.txt'), SECRET)
  })

  it('registers app as a standard, secure scheme without CSP bypass or cross-origin reads, before ready', () => {
    registerAppScheme()
    const entry = rec.privilegedSchemes.find((s) => s.scheme === 'app')
    expect(entry?.privileges).toMatchObject({ standard: true, secure: true })
    expect(entry?.privileges.bypassCSP).toBeFalsy()
    expect(entry?.privileges.corsEnabled).toBeFalsy()
    expect(entry?.privileges.allowServiceWorkers).toBeFalsy()
    serveAppProtocol(rendererDir)
    expect(rec.protocolHandlers.has('app')).toBe(true)
  })

  it('serves the renderer files with the right MIME type', async () => {
    const cases: [string, string, string][] = [
      [APP_ENTRY_URL, 'text/html', '<title>Branch Teller</title>'],
      ['app://bundle/', 'text/html', '<title>Branch Teller</title>'],
      ['app://bundle/index.html#/sign-in', 'text/html', '<title>Branch Teller</title>'],
      ['app://bundle/assets/index-abc.js', 'text/javascript', 'export const x'],
      ['app://bundle/assets/index-abc.css', 'text/css', 'body{}'],
      ['app://bundle/favicon.svg', 'image/svg+xml', '<svg/>'],
      ['app://bundle/assets/font.woff2', 'font/woff2', 'wOF2'],
    ]
    for (const [url, type, body] of cases) {
      const res = await get(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('content-type'), url).toContain(type)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(await res.text(), url).toContain(body)
    }
    // The handler is the one registered with Electron.
    const registered = rec.protocolHandlers.get('app')!
    expect((await registered(new Request('app://bundle/assets/index-abc.js'))).headers.get('content-type')).toContain('text/javascript')
  })

  it('refuses path traversal, other hosts and foreign URLs, and never returns a file outside the renderer folder', async () => {
    const hostile = [
      'app://bundle/..%2fsecret.txt',
      'app://bundle/..%2f..%2fsecret.txt',
      'app://bundle/%2e%2e%2fsecret.txt',
      'app://bundle/assets/..%2f..%2fsecret.txt',
      'app://bundle/..%5csecret.txt',
      'app://bundle/%2e%2e%5c%2e%2e%5csecret.txt',
      'app://bundle/index.html%00.js',
      'app://bundle/%E0%A4%A',
      `app://bundle/${encodeURIComponent(join(base, 'secret.txt'))}`,
      'app://other/index.html',
      'app://bundle:8080/index.html',
      'file:///etc/passwd',
      'https://bundle/index.html',
    ]
    for (const url of hostile) {
      expect(resolveAppPath(rendererDir, url), url).toBeNull()
      const res = await get(url)
      expect(res.status, url).toBe(403)
      expect(await res.text(), url).not.toContain(SECRET)
    }
    expect(resolveAppPath(rendererDir, 'app://user:pw@bundle/index.html')).toBeNull()
    // Dot segments are resolved by the URL parser (as Chromium does) and stay inside the folder.
    for (const url of ['app://bundle/../secret.txt', 'app://bundle/%2e%2e/%2e%2e/secret.txt', 'app://bundle//etc/passwd']) {
      const path = resolveAppPath(rendererDir, url)
      expect(path?.startsWith(rendererDir + '/'), url).toBe(true)
      const res = await get(url)
      expect(res.status, url).toBe(404)
      expect(await res.text()).not.toContain(SECRET)
    }
  })

  it('serves only known file types and only GET/HEAD; missing files are 404', async () => {
    expect((await get('app://bundle/assets/blob.bin')).status).toBe(404)
    expect((await get('app://bundle/nope.js')).status).toBe(404)
    expect((await get('app://bundle/assets')).status).toBe(404)
    expect((await get(APP_ENTRY_URL, 'POST')).status).toBe(405)
    const head = await get(APP_ENTRY_URL, 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    expect(readFileSync(join(rendererDir, 'assets', 'blob.bin'), 'utf8')).toBe('binary')
  })

  it('loads app:// unless an unpackaged run is given a dev server; a packaged build ignores ELECTRON_RENDERER_URL', () => {
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(chooseRendererUrl(true, dev)).toBe(APP_ENTRY_URL)
    expect(chooseRendererUrl(true, {})).toBe(APP_ENTRY_URL)
    expect(chooseRendererUrl(false, {})).toBe(APP_ENTRY_URL)
    expect(chooseRendererUrl(false, dev)).toBe('http://localhost:5173')
  })

  it('treats app://bundle/index.html as the app document for navigation and the IPC sender check', async () => {
    expect(isAppUrl(`${APP_ENTRY_URL}#/customers`, APP_ENTRY_URL)).toBe(true)
    expect(isAppUrl('app://bundle/other.html', APP_ENTRY_URL)).toBe(false)
    expect(isAppUrl('app://evil/index.html', APP_ENTRY_URL)).toBe(false)
    expect(isAppUrl('file:///opt/teller/out/renderer/index.html', APP_ENTRY_URL)).toBe(false)

    rec.ipcHandlers.clear()
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'served' }))
    registerIpc(dispatch, (url) => isAppUrl(url, APP_ENTRY_URL), 'ws-1')
    const handler = rec.ipcHandlers.get('system:status')!
    const appFrame = { url: `${APP_ENTRY_URL}#/sign-in` }
    expect(await handler({ senderFrame: appFrame, sender: { id: 3, mainFrame: appFrame } }, {})).toEqual({ ok: true, value: 'served' })
    const fileFrame = { url: 'file:///opt/teller/resources/app.asar/out/renderer/index.html' }
    expect(await handler({ senderFrame: fileFrame, sender: { id: 4, mainFrame: fileFrame } }, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    })
  })

  it("keeps the renderer's CSP to 'self' (which is app://bundle when served from app://)", () => {
    const html = readFileSync(join(__dirname, '../../../src/renderer/index.html'), 'utf8')
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(csp).toBeDefined()
    const directives = Object.fromEntries(csp!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]))
    expect(directives['default-src']).toEqual(["'self'"])
    expect(directives['script-src']).toEqual(["'self'"])
    expect(directives['connect-src']).toEqual(["'self'"])
    expect(csp).not.toMatch(/unsafe-eval|https?:|file:|\*/)
  })
})

describe('packaged window policy', () => {
  beforeEach(() => (rec.windows.length = 0))

  it('turns DevTools off when asked (a packaged build) and on only for development', () => {
    createMainWindow({ preloadPath: '/p', rendererUrl: 'app://bundle/index.html', devTools: false })
    createMainWindow({ preloadPath: '/p', rendererUrl: 'app://bundle/index.html', devTools: true })
    expect(rec.windows[0]!.options.webPreferences.devTools).toBe(false)
    expect(rec.windows[1]!.options.webPreferences.devTools).toBe(true)
    expect(rec.windows[0]!.loaded).toBe('app://bundle/index.html')
  })

  it('removes the application menu in a packaged build only', () => {
    rec.applicationMenu = 'default'
    applyMenuPolicy(false)
    expect(rec.applicationMenu).toBe('default')
    applyMenuPolicy(true)
    expect(rec.applicationMenu).toBeNull()
  })
})

describe('single instance', () => {
  beforeEach(() => {
    rec.quit = 0
    delete rec.appHandlers['second-instance']
  })

  it('a second instance quits at once and installs nothing', () => {
    rec.singleInstanceLock = false
    expect(claimSingleInstance(() => null)).toBe(false)
    expect(rec.quit).toBe(1)
    expect(rec.appHandlers['second-instance']).toBeUndefined()
  })

  it("the first instance keeps running and brings its window to the front when another one starts", () => {
    rec.singleInstanceLock = true
    const calls: string[] = []
    const win = {
      isDestroyed: () => false,
      isMinimized: () => true,
      restore: () => calls.push('restore'),
      show: () => calls.push('show'),
      focus: () => calls.push('focus'),
    }
    let current: typeof win | null = null
    expect(claimSingleInstance(() => current as any)).toBe(true)
    expect(rec.quit).toBe(0)
    rec.appHandlers['second-instance']!({}, ['teller'], '/')
    expect(calls).toEqual([]) // no window yet: nothing to focus, no crash
    current = win
    rec.appHandlers['second-instance']!({}, ['teller'], '/')
    expect(calls).toEqual(['restore', 'show', 'focus'])
  })
})

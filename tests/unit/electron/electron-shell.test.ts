import { beforeEach, describe, expect, it, vi } from 'vitest'
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
    app: { on: (ev: string, h: (...a: any[]) => any) => (rec.appHandlers[ev] = h) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: any) => (rec.permissionHandler = h),
        setPermissionCheckHandler: (h: any) => (rec.permissionCheck = h),
        webRequest: { onBeforeRequest: (h: any) => (rec.beforeRequest = h) },
      },
    },
  }
})

const { createMainWindow, isAppUrl } = await import('../../../src/main/electron/window')
const { registerIpc } = await import('../../../src/main/electron/ipc')
const { hardenApp } = await import('../../../src/main/electron/hardening')

const APP = 'file:///opt/teller/resources/app/out/renderer/index.html'

describe('Electron window factory', () => {
  beforeEach(() => (rec.windows.length = 0))

  it('creates windows with sandbox, context isolation, no node integration, no webview', () => {
    createMainWindow({ preloadPath: '/p/preload.js', rendererUrl: APP })
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
    createMainWindow({ preloadPath: '/p', rendererUrl: APP })
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

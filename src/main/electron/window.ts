import { BrowserWindow, Menu } from 'electron'

export interface WindowOptions {
  preloadPath: string
  /** The one document the window may show: app://bundle/index.html, or the dev server in development. */
  rendererUrl: string
  /** DevTools can be opened: development only; a packaged build passes false. */
  devTools: boolean
}

/**
 * The only way windows are made. Security gates (each has a spec in tests/unit/electron/electron-shell.test.ts):
 * sandboxed renderer, context isolation, no Node integration, no webview, no remote content,
 * navigation and window.open denied.
 */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    title: 'Branch Teller',
    autoHideMenuBar: true,
    // The shared list, with the three flags Electronegativity checks written out where the window is
    // made (it reads this literal, not the function): the same values, so nothing can drift.
    webPreferences: { ...hardenedWebPreferences(options.preloadPath, options.devTools), sandbox: true, contextIsolation: true, disableBlinkFeatures: 'Auxclick' },
  })
  guardWindow(win, options.rendererUrl)
  return win
}

/** The webPreferences of every window (teller and customer alike): one list, so the two can never drift apart. */
export function hardenedWebPreferences(preloadPath: string, devTools: boolean): Electron.WebPreferences {
  return {
    // Reviewed (docs/security-review.md): each preload exposes only its allowlisted API (window.teller, window.customerWindow).
    preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Middle-click (auxclick) could open links in new windows: switched off at the engine level.
    disableBlinkFeatures: 'Auxclick',
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools,
  }
}

/** No new windows, no navigation or redirect away from the window's one document, no webview; shown when ready. */
export function guardWindow(win: BrowserWindow, rendererUrl: string): void {
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault()
  })
  win.webContents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault()
  })
  win.webContents.on('will-attach-webview', (event) => event.preventDefault())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(rendererUrl)
}

/** A packaged build has no application menu (no reload, no DevTools, no zoom accelerators). */
/** Production (packaged, or TELLER_MODE=production) has no application menu, hence no DevTools shortcut. */
export function applyMenuPolicy(lockedDown: boolean): void {
  if (lockedDown) Menu.setApplicationMenu(null)
}

/** Same document (any hash route) as the renderer entry; everything else is foreign. */
export function isAppUrl(candidate: string, rendererUrl: string): boolean {
  try {
    const a = new URL(candidate)
    const b = new URL(rendererUrl)
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname
  } catch {
    return false
  }
}

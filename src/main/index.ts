import { app, BrowserWindow, dialog } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { markRunning } from './app/app-lock'
import { loadConfig, packagedMode, readMode, type AppMode } from './app/config'
import { withAskedPassphrase } from './app/passphrase-source'
import { createEngine, type Engine } from './app/composition-root'
import { createLogger } from './app/logger'
import { createGate } from './ipc/gate'
import { recordAppStart, recordAppStop } from './engine/audit/app-trail'
import { createCustomerGate } from './ipc/customer-gate'
import { createCustomerWindow, registerCustomerIpc } from './electron/customer-window'
import { chooseRendererUrl, registerAppScheme, serveAppProtocol } from './electron/app-protocol'
import { hardenApp } from './electron/hardening'
import { registerIpc } from './electron/ipc'
import { claimSingleInstance } from './electron/single-instance'
import { applyMenuPolicy, createMainWindow, isAppUrl } from './electron/window'

const logger = createLogger()
let engine: Engine | null = null

// Production (packaged, or TELLER_MODE=production from source) is locked down: no dev-server URL,
// no DevTools, no application menu. An unreadable TELLER_MODE counts as production and is reported.
let modeError: Error | null = null
const mode: AppMode = (() => {
  try {
    return packagedMode(app.isPackaged, app.isPackaged && existsSync(join(process.resourcesPath, 'qa-build')), process.env) ?? readMode(process.env)
  } catch (e) {
    modeError = e instanceof Error ? e : new Error(String(e))
    return 'production'
  }
})()
const lockedDown = mode === 'production'

// The renderer is served from app://bundle (the built renderer folder only); a dev server URL is
// accepted only in development from source (ELECTRON_RENDERER_URL is ignored otherwise).
const rendererDir = join(__dirname, '../renderer')
const rendererUrl = chooseRendererUrl(lockedDown, process.env)

const isOwnUrl = (url: string): boolean =>
  isAppUrl(url, rendererUrl) || url.startsWith(new URL('.', rendererUrl).toString())

let unmark: () => void = () => {}
let mainWindow: BrowserWindow | null = null
let customerWindow: BrowserWindow | null = null
app.enableSandbox()
registerAppScheme()
// A second instance focuses the first one's window and quits.
const isFirstInstance = claimSingleInstance(() => mainWindow)

app.whenReady().then(async () => {
  if (!isFirstInstance) return
  hardenApp(isOwnUrl)
  applyMenuPolicy(lockedDown)
  serveAppProtocol(rendererDir)
  try {
    if (modeError) throw modeError
    // Migrations run before any window opens; a newer database stops start-up with a clear message.
    engine = await createEngine({
      // Passphrase mode started from a terminal with no passphrase file: asked there, not echoed.
      config: await withAskedPassphrase(
        loadConfig(process.env, {
          appVersion: app.getVersion(),
          shell: 'electron',
          mode,
          dataDir: process.env.TELLER_DATA_DIR || app.getPath('userData'),
          // Packaged: resources/ is shipped next to app.asar (electron-builder extraResources).
          resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : undefined,
        }),
      ),
      logger,
    })
  } catch (e) {
    logger.error('store failed to open', { errorName: e instanceof Error ? e.name : typeof e })
    dialog.showErrorBox('Branch Teller', e instanceof Error ? e.message : 'The local store could not be opened.')
    app.exit(1)
    return
  }
  unmark = markRunning(engine.config.dataDir)
  await recordAppStart(engine.audit, { version: app.getVersion(), shell: 'electron', mode: engine.config.mode }, engine.config.workstation)
  // The teller channels answer the teller page only (not the customer page beside it in the bundle).
  const gate = createGate(engine)
  registerIpc(gate, (url) => isAppUrl(url, rendererUrl), engine.config.workstation, gate.refuseSender)
  const customerUrl = new URL('customer.html', rendererUrl).toString()
  registerCustomerIpc(createCustomerGate(engine.customerWindows, logger), () => customerWindow, customerUrl, engine.config.workstation)
  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), rendererUrl, devTools: !lockedDown })
    // The customer-facing window (issue 12): on a second display when there is one.
    customerWindow = createCustomerWindow({ preloadPath: join(__dirname, '../preload/customer.js'), rendererUrl: customerUrl, devTools: !lockedDown })
    customerWindow.on('closed', () => (customerWindow = null))
    mainWindow.on('closed', () => customerWindow?.close())
  }
  openWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow()
  })
})

app.on('window-all-closed', () => {
  unmark()
  if (engine) {
    const open = engine
    // The stop is an event of the trail (issue 14), recorded before the store closes.
    void recordAppStop(open.audit, open.config.workstation)
      .catch((e: unknown) => logger.error('app stop not audited', { errorName: e instanceof Error ? e.name : typeof e }))
      .then(() => open.close())
      .finally(() => app.quit())
  }
  if (!engine) app.quit()
})

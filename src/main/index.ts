import { app, BrowserWindow, dialog } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { markRunning } from './app/app-lock'
import { loadConfig } from './app/config'
import { createEngine, type Engine } from './app/composition-root'
import { createLogger } from './app/logger'
import { createGate } from './ipc/gate'
import { hardenApp } from './electron/hardening'
import { registerIpc } from './electron/ipc'
import { createMainWindow, isAppUrl } from './electron/window'

const logger = createLogger()
let engine: Engine | null = null

// The renderer is always the packaged file; a dev server URL is accepted only in development.
const rendererUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL
    ? process.env.ELECTRON_RENDERER_URL
    : pathToFileURL(join(__dirname, '../renderer/index.html')).toString()

const isOwnUrl = (url: string): boolean =>
  isAppUrl(url, rendererUrl) || url.startsWith(new URL('.', rendererUrl).toString())

let unmark: () => void = () => {}
app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()

app.whenReady().then(async () => {
  hardenApp(isOwnUrl)
  try {
    // Migrations run before any window opens; a newer database stops start-up with a clear message.
    engine = await createEngine({
      config: loadConfig(process.env, {
        appVersion: app.getVersion(),
        shell: 'electron',
        dataDir: process.env.TELLER_DATA_DIR || app.getPath('userData'),
        // Packaged: resources/ is shipped next to app.asar (electron-builder extraResources).
        resourcesDir: app.isPackaged ? join(process.resourcesPath, 'resources') : undefined,
      }),
      logger,
    })
  } catch (e) {
    logger.error('store failed to open', { errorName: e instanceof Error ? e.name : typeof e })
    dialog.showErrorBox('Branch Teller', e instanceof Error ? e.message : 'The local store could not be opened.')
    app.exit(1)
    return
  }
  unmark = markRunning(engine.config.dataDir)
  registerIpc(createGate(engine), isOwnUrl, engine.config.workstation)
  createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), rendererUrl })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      createMainWindow({ preloadPath: join(__dirname, '../preload/index.js'), rendererUrl })
    }
  })
})

app.on('window-all-closed', () => {
  unmark()
  void engine?.close().finally(() => app.quit())
  if (!engine) app.quit()
})

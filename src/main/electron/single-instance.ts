import { app, type BrowserWindow } from 'electron'

/**
 * One teller app per OS session: two instances would open the same store and keychain entry. The
 * first instance keeps the lock and brings its window to the front when a second one starts; the
 * second one quits at once. Returns whether this process is the first instance.
 */
export function claimSingleInstance(mainWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const win = mainWindow()
    if (!win || win.isDestroyed()) return
    if (win.isMinimized()) win.restore()
    win.show()
    win.focus()
  })
  return true
}

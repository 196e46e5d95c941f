import { BrowserWindow, ipcMain, screen, type IpcMainInvokeEvent } from 'electron'
import { defaultMessages, ErrorCode } from '../../shared/errors'
import { customerPageChannelNames } from '../../shared/ipc/customer-page-contract'
import { err } from '../../shared/result'
import type { Dispatch } from '../ipc/dispatch'
import { chooseCustomerDisplay } from './customer-display'
import { guardWindow, hardenedWebPreferences, isAppUrl } from './window'

export interface CustomerWindowOptions {
  /** The customer window's own preload: window.customerWindow (pair, getPrompt, answer, cancel) only. */
  preloadPath: string
  /** app://bundle/customer.html (or the dev server's customer.html in development). */
  rendererUrl: string
  devTools: boolean
}

/**
 * The customer-facing window (issue 12): the teller window's hardening, its own preload, full
 * screen on a second display when there is one, else a separate window.
 */
export function createCustomerWindow(options: CustomerWindowOptions): BrowserWindow {
  const target = chooseCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id)
  const win = new BrowserWindow({
    ...(target ? { ...target.bounds, fullscreen: true } : { width: 1024, height: 768 }),
    show: false,
    title: 'Customer window',
    autoHideMenuBar: true,
    // The shared list, with the three flags Electronegativity checks written out where the window is
    // made (it reads this literal, not the function): the same values, so nothing can drift.
    webPreferences: { ...hardenedWebPreferences(options.preloadPath, options.devTools), sandbox: true, contextIsolation: true, disableBlinkFeatures: 'Auxclick' },
  })
  guardWindow(win, options.rendererUrl)
  return win
}

/**
 * Binds the customer window's four channels to its gate. A call is served only from the main frame
 * of the customer window showing the customer page; the teller window's channels never hear it
 * (registerIpc accepts only the teller page's own document).
 */
export function registerCustomerIpc(dispatch: Dispatch, customerWindow: () => BrowserWindow | null, rendererUrl: string, workstation: string): void {
  for (const channel of customerPageChannelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      const win = customerWindow()
      const frame = event.senderFrame
      if (!win || event.sender !== win.webContents || !frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url, rendererUrl)) {
        return err(ErrorCode.FORBIDDEN_SENDER, defaultMessages.FORBIDDEN_SENDER)
      }
      return dispatch(channel, payload, { clientId: `cwc:${event.sender.id}`, workstation })
    })
  }
}

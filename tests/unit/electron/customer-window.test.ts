import { describe, expect, it, vi } from 'vitest'
import { chooseCustomerDisplay } from '../../../src/main/electron/customer-display'
import { customerPageChannelNames } from '../../../src/shared/ipc/customer-page-contract'

// No Electron binary here: a recording stand-in for BrowserWindow, ipcMain and screen (issue 12).
const rec = vi.hoisted(() => ({
  windows: [] as { options: Record<string, any>; handlers: Record<string, (...a: any[]) => any>; loaded?: string }[],
  ipcHandlers: new Map<string, (...a: any[]) => any>(),
  displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] as { id: number; bounds: Record<string, number> }[],
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: any
    constructor(options: Record<string, any>) {
      const entry: (typeof rec.windows)[number] = { options, handlers: {} }
      rec.windows.push(entry)
      this.webContents = { setWindowOpenHandler: () => {}, on: (ev: string, h: (...a: any[]) => any) => (entry.handlers[ev] = h) }
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
    Menu: { setApplicationMenu: () => {} },
    ipcMain: { handle: (ch: string, h: (...a: any[]) => any) => rec.ipcHandlers.set(ch, h) },
    screen: { getAllDisplays: () => rec.displays, getPrimaryDisplay: () => rec.displays[0] },
  }
})

const { createCustomerWindow, registerCustomerIpc } = await import('../../../src/main/electron/customer-window')
const { createMainWindow } = await import('../../../src/main/electron/window')

const TELLER = 'app://bundle/index.html'
const CUSTOMER = 'app://bundle/customer.html'

describe('the customer window in Electron (issue 12)', () => {
  it('goes full screen on the second display when there is one, else a separate window', () => {
    const primary = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }
    const second = { id: 2, bounds: { x: 1920, y: 0, width: 1024, height: 768 } }
    expect(chooseCustomerDisplay([primary], 1)).toBeNull()
    expect(chooseCustomerDisplay([primary, second], 1)).toBe(second)
    expect(chooseCustomerDisplay([second, primary], 1)).toBe(second)

    rec.displays = [primary]
    createCustomerWindow({ preloadPath: '/p/customer.js', rendererUrl: CUSTOMER, devTools: false })
    expect(rec.windows.at(-1)!.options).toMatchObject({ width: 1024, height: 768 })
    expect(rec.windows.at(-1)!.options.fullscreen).toBeUndefined()
    rec.displays = [primary, second]
    createCustomerWindow({ preloadPath: '/p/customer.js', rendererUrl: CUSTOMER, devTools: false })
    expect(rec.windows.at(-1)!.options).toMatchObject({ x: 1920, y: 0, width: 1024, height: 768, fullscreen: true })
    expect(rec.windows.at(-1)!.loaded).toBe(CUSTOMER)
  })

  it('has the teller window\'s hardening, with its own preload', () => {
    createMainWindow({ preloadPath: '/p/index.js', rendererUrl: TELLER, devTools: false })
    const teller = rec.windows.at(-1)!.options.webPreferences
    createCustomerWindow({ preloadPath: '/p/customer.js', rendererUrl: CUSTOMER, devTools: false })
    const customer = rec.windows.at(-1)!.options.webPreferences
    expect(customer).toEqual({ ...teller, preload: '/p/customer.js' })
    expect(customer).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, devTools: false })
  })

  it('its channels answer only the customer window\'s main frame showing the customer page', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'served' }))
    const mainFrame = { url: CUSTOMER }
    const webContents = { id: 5, mainFrame }
    registerCustomerIpc(dispatch, () => ({ webContents }) as never, CUSTOMER, 'ws-1')
    expect([...rec.ipcHandlers.keys()].sort()).toEqual([...customerPageChannelNames].sort())
    const handler = rec.ipcHandlers.get('customerPage:prompt')!
    expect(await handler({ sender: webContents, senderFrame: mainFrame }, {})).toEqual({ ok: true, value: 'served' })
    expect(dispatch).toHaveBeenCalledWith('customerPage:prompt', {}, { clientId: 'cwc:5', workstation: 'ws-1' })
    dispatch.mockClear()
    const tellerFrame = { url: TELLER }
    const tellerContents = { id: 4, mainFrame: tellerFrame }
    for (const event of [
      { sender: tellerContents, senderFrame: tellerFrame },
      { sender: webContents, senderFrame: { url: CUSTOMER } },
      { sender: { id: 5, mainFrame: tellerFrame }, senderFrame: tellerFrame },
    ]) {
      expect(await handler(event, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } })
    }
    expect(dispatch).not.toHaveBeenCalled()
  })
})

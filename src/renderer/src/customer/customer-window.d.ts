import type { CustomerApi } from '../../../shared/ipc/customer-page-contract'

declare global {
  interface Window {
    /** The customer window's only door: provided by its own preload (Electron) or the shell's customer bridge. */
    readonly customerWindow: CustomerApi
  }
}

export {}

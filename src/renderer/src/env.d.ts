/// <reference types="vite/client" />
import type { TellerApi } from '../../shared/ipc/api'

declare global {
  interface Window {
    /** The only door to the main process: provided by the preload (Electron) or the shell bridge. */
    readonly teller: TellerApi
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

export {}

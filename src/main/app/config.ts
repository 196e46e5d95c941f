import { homedir, hostname } from 'node:os'
import { join } from 'node:path'

export interface AppConfig {
  appVersion: string
  shell: 'electron' | 'browser'
  /** Folder holding the SQLite store; Electron's userData folder or the same path in the shell. */
  dataDir: string
  workstation: string
  idleTimeoutSeconds: number
}

export const APP_ID = 'kz-branch-teller'

/** Same folder Electron's app.getPath('userData') gives on Linux, so both shells share one store. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TELLER_DATA_DIR) return env.TELLER_DATA_DIR
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, APP_ID)
}

export function readIdleTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const raw = Number(env.TELLER_IDLE_TIMEOUT_SECONDS)
  return Number.isInteger(raw) && raw > 0 ? raw : 300
}

export function defaultWorkstation(env: NodeJS.ProcessEnv = process.env): string {
  return (env.TELLER_WORKSTATION || hostname()).slice(0, 128)
}

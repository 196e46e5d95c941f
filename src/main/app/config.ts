import { homedir, hostname } from 'node:os'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

export interface AppConfig {
  appVersion: string
  shell: 'electron' | 'browser'
  /** Folder holding the SQLite store; Electron's userData folder or the same path in the shell. */
  dataDir: string
  workstation: string
  idleTimeoutSeconds: number
  /** Default: the OS keychain. */
  keyMode?: KeyModeConfig
  /** Default: defaultResourcesDir(). */
  resourcesDir?: string
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

/** How the key-encryption key is held (issue 4): the OS keychain by default, or a passphrase. */
export type KeyModeConfig = { mode: 'keychain' } | { mode: 'passphrase'; passphrase: string }

export function readKeyMode(env: NodeJS.ProcessEnv = process.env): KeyModeConfig {
  if (env.TELLER_KEY_MODE === 'passphrase') {
    const passphrase = env.TELLER_KEY_PASSPHRASE ?? ''
    if (passphrase.length < 16) throw new Error('TELLER_KEY_MODE=passphrase needs TELLER_KEY_PASSPHRASE of at least 16 characters.')
    return { mode: 'passphrase', passphrase }
  }
  return { mode: 'keychain' }
}

/** The shipped data folder (provider catalog, BIN table): TELLER_RESOURCES_DIR, or the nearest `resources/` above this file. */
export function defaultResourcesDir(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string {
  if (env.TELLER_RESOURCES_DIR) return env.TELLER_RESOURCES_DIR
  let dir = from
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources')
    if (existsSync(join(candidate, 'providers.json'))) return candidate
    dir = dirname(dir)
  }
  throw new Error('The resources folder (providers.json, bin-ranges.csv) was not found; set TELLER_RESOURCES_DIR.')
}

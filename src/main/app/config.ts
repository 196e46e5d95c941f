import { readPaymentConfig, type PaymentConfig } from './payment-config'
import { homedir, hostname } from 'node:os'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * development: `npm start` from source; starts anywhere (a development key store when no keychain
 * answers), with the SMS outbox, the dev phone page and the payment simulator, and says so on every
 * screen. production: the packaged app or TELLER_MODE=production; refuses each of those stand-ins.
 */
export type AppMode = 'development' | 'production'

export interface AppConfig {
  appVersion: string
  shell: 'electron' | 'browser'
  mode: AppMode
  /** Folder holding the SQLite store; Electron's userData folder or the same path in the shell. */
  dataDir: string
  workstation: string
  idleTimeoutSeconds: number
  /** Default: the OS keychain in production; in development `auto`. */
  keyMode?: KeyModeConfig
  /** Default: defaultResourcesDir(). */
  resourcesDir?: string
  /** Default: the embedded outbox. */
  sms?: SmsConfig
  /** Branch mode: a shared PostgreSQL database instead of the local SQLite file (issue 6). */
  database?: DatabaseConfig
  /** Default: the embedded simulator (development only; production refuses it). */
  payment?: PaymentConfig
  /** How long a write waits for another program holding the SQLite store before STORE_BUSY (default 5000). */
  storeBusyTimeoutMs?: number
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

/** TELLER_MODE=production|development; from source the default is development. */
export function readMode(env: NodeJS.ProcessEnv = process.env): AppMode {
  const v = env.TELLER_MODE ?? 'development'
  if (v !== 'development' && v !== 'production') throw new Error('TELLER_MODE must be production or development.')
  return v
}

/**
 * Electron: a packaged app is production, whatever the environment says; only a packaged QA build
 * (Playwright's build, with its marker file) may be started with TELLER_MODE=development. Unpackaged:
 * from the environment like the other shells (undefined: loadConfig decides).
 */
export function packagedMode(packaged: boolean, qaBuild: boolean, env: NodeJS.ProcessEnv): AppMode | undefined {
  if (!packaged) return undefined
  return qaBuild && env.TELLER_MODE === 'development' ? 'development' : 'production'
}

/**
 * How the key-encryption key is held (issue 4): the OS keychain, a passphrase, or (development
 * only) a key file in the data folder. `auto` (development default): the mode the store was
 * created in; for a new store the keychain when one answers, else the development key file.
 */
export type KeyModeConfig = { mode: 'keychain' } | { mode: 'passphrase'; passphrase: string } | { mode: 'dev-file' } | { mode: 'auto'; passphrase?: string }

export function readKeyMode(env: NodeJS.ProcessEnv = process.env, appMode: AppMode = 'production'): KeyModeConfig {
  switch (env.TELLER_KEY_MODE) {
    case 'passphrase': {
      const passphrase = env.TELLER_KEY_PASSPHRASE ?? ''
      if (passphrase.length < 16) throw new Error('TELLER_KEY_MODE=passphrase needs TELLER_KEY_PASSPHRASE of at least 16 characters.')
      return { mode: 'passphrase', passphrase }
    }
    case 'keychain':
      return { mode: 'keychain' }
    case 'dev-file':
      return { mode: 'dev-file' }
    case undefined:
    case '':
      return appMode === 'production' ? { mode: 'keychain' } : { mode: 'auto', ...(env.TELLER_KEY_PASSPHRASE ? { passphrase: env.TELLER_KEY_PASSPHRASE } : {}) }
    default:
      throw new Error('TELLER_KEY_MODE must be keychain, passphrase or dev-file.')
  }
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

/** Which SMS operator adapter the engine uses (issue 6); the embedded outbox unless configured. */
export type SmsConfig =
  | { mode: 'outbox' }
  | { mode: 'smpp'; url: string; systemId: string; password: string; sourceAddr: string; caFile?: string }
  | { mode: 'https'; url: string; token: string; caFile?: string }

/**
 * TELLER_SMS_MODE = outbox (default) | smpp | https.
 * smpp: TELLER_SMPP_URL (ssmpp://host:port for TLS), TELLER_SMPP_SYSTEM_ID, TELLER_SMPP_PASSWORD,
 * TELLER_SMPP_SOURCE, TELLER_SMPP_CA_FILE. https: TELLER_SMS_URL, TELLER_SMS_TOKEN, TELLER_SMS_CA_FILE.
 */
export function readSmsConfig(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  const need = (name: string): string => {
    const v = env[name]
    if (!v) throw new Error(`TELLER_SMS_MODE=${env.TELLER_SMS_MODE} needs ${name}.`)
    return v
  }
  switch (env.TELLER_SMS_MODE ?? 'outbox') {
    case 'outbox':
      return { mode: 'outbox' }
    case 'smpp':
      return {
        mode: 'smpp',
        url: need('TELLER_SMPP_URL'),
        systemId: need('TELLER_SMPP_SYSTEM_ID'),
        password: need('TELLER_SMPP_PASSWORD'),
        sourceAddr: env.TELLER_SMPP_SOURCE ?? 'BANK',
        caFile: env.TELLER_SMPP_CA_FILE,
      }
    case 'https':
      return { mode: 'https', url: need('TELLER_SMS_URL'), token: need('TELLER_SMS_TOKEN'), caFile: env.TELLER_SMS_CA_FILE }
    default:
      throw new Error('TELLER_SMS_MODE must be outbox, smpp or https.')
  }
}

export interface DatabaseConfig {
  kind: 'postgres'
  url: string
  caFile?: string
}

/** TELLER_DB_URL=postgres://… selects branch mode; TELLER_DB_CA_FILE adds the server's CA. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig | undefined {
  if (!env.TELLER_DB_URL) return undefined
  if (!/^postgres(ql)?:\/\//.test(env.TELLER_DB_URL)) throw new Error('TELLER_DB_URL must be a postgres:// URL.')
  return { kind: 'postgres', url: env.TELLER_DB_URL, caFile: env.TELLER_DB_CA_FILE }
}

/** TELLER_STORE_BUSY_TIMEOUT_MS: 100..60000 ms, default 5000. */
function readBusyTimeout(env: NodeJS.ProcessEnv): number {
  if (env.TELLER_STORE_BUSY_TIMEOUT_MS === undefined) return 5000
  const ms = Number(env.TELLER_STORE_BUSY_TIMEOUT_MS)
  if (!Number.isInteger(ms) || ms < 100 || ms > 60_000) throw new Error('TELLER_STORE_BUSY_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000.')
  return ms
}

type Overrides = Partial<AppConfig> & Pick<AppConfig, 'appVersion' | 'shell'>

/**
 * The whole configuration from the environment, as Electron, the browser shell, the admin CLI and
 * the tests all read it; `overrides` win where they hold a value (undefined keeps the default).
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Overrides): AppConfig {
  const mode = overrides.mode ?? readMode(env)
  const fromEnv: Omit<AppConfig, 'appVersion' | 'shell'> = {
    mode,
    dataDir: defaultDataDir(env),
    workstation: defaultWorkstation(env),
    idleTimeoutSeconds: readIdleTimeout(env),
    keyMode: readKeyMode(env, mode),
    sms: readSmsConfig(env),
    database: readDatabaseConfig(env),
    payment: readPaymentConfig(env),
    storeBusyTimeoutMs: readBusyTimeout(env),
  }
  const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Overrides
  return { ...fromEnv, ...set }
}

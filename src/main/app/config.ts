import { readDatabaseConfig, readSmsConfig, readWitnessPgConfig, type DatabaseConfig, type SmsConfig, type WitnessPgConfig } from './connections-config'
import { readPaymentConfig, type PaymentConfig } from './payment-config'
import { passphraseFrom } from './passphrase-source'
import { readApprovalPolicy } from './approvals-config'
import type { ApprovalPolicy } from '../engine/approvals/approval-rules'
import { homedir, hostname } from 'node:os'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { assertIdleTimeout, assertStaffLockoutPolicy, DEFAULT_STAFF_LOCKOUT, type StaffLockoutPolicy } from '../engine/staff/staff-lockout-rules'

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
  /** The bank and branch printed on receipts (`TELLER_BANK_NAME`, `TELLER_BRANCH_NAME`). */
  receiptHeader?: { bank: string; branch: string }
  idleTimeoutSeconds: number
  /** PCI DSS 8.3.4 staff lockout; default 10 attempts, 30 minutes; laxer values are refused. */
  staffLockout?: StaffLockoutPolicy
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
  /** Counter-session lifetime in minutes: TELLER_COUNTER_IDLE_MINUTES (default 10), TELLER_COUNTER_MAX_MINUTES (default 30). */
  counterIdleMinutes?: number
  counterMaxMinutes?: number
  /** Customer lookups per staff member: TELLER_LOOKUP_LIMIT (default 30) per TELLER_LOOKUP_WINDOW_MINUTES (default 10). */
  lookupLimit?: number
  lookupWindowMinutes?: number
  /** Session-key SMS per Almaty day: TELLER_SMS_PER_STAFF_PER_DAY (default 200), TELLER_SMS_PER_PHONE_PER_DAY (default 10). */
  smsPerStaffPerDay?: number
  smsPerPhonePerDay?: number
  /** The language of session-key SMS, one per message so it fits one segment: TELLER_SMS_LOCALE = kk | ru (default) | en. */
  smsLocale?: 'kk' | 'ru' | 'en'
  /** Saved cards unused this many months are purged, at start and daily: TELLER_CARD_PURGE_MONTHS (default 13). */
  cardPurgeMonths?: number
  /**
   * TELLER_AUDIT_WITNESS: the file (on another volume than the store) that keeps the signed
   * checkpoints of the audit chain. Development default: `audit-witness.jsonl` in the data folder;
   * production refuses to start without one outside the data folder.
   */
  auditWitness?: string
  /** TELLER_AUDIT_WITNESS_PG_URL (+ TELLER_AUDIT_WITNESS_PG_CA_FILE): the branch PostgreSQL server as the witness of a local store (issue 14). */
  auditWitnessPg?: WitnessPgConfig
  /** TELLER_AUDIT_ARCHIVE_DIR: where retention writes its archives (created 0700). Default: `audit-archive` in the data folder. */
  auditArchiveDir?: string
  /** How long a write waits for another program holding the SQLite store before STORE_BUSY (default 5000). */
  storeBusyTimeoutMs?: number
  /** Four-eyes approval (issue 13): TELLER_FOUR_EYES, TELLER_APPROVAL_EXPIRY_MINUTES; never laxer than the mandatory actions. */
  approvals?: ApprovalPolicy
}

export const APP_ID = 'kz-branch-teller'

/** Same folder Electron's app.getPath('userData') gives on Linux, so both shells share one store. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TELLER_DATA_DIR) return env.TELLER_DATA_DIR
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config')
  return join(base, APP_ID)
}

/** TELLER_IDLE_TIMEOUT_SECONDS, default 300; above 900 (15 minutes, PCI DSS 8.2.8) is refused, not clamped. */
export function readIdleTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TELLER_IDLE_TIMEOUT_SECONDS
  if (raw === undefined || raw === '') return 300
  const seconds = /^\d+$/.test(raw) ? Number(raw) : NaN
  try {
    assertIdleTimeout(seconds)
  } catch {
    throw new Error('TELLER_IDLE_TIMEOUT_SECONDS must be a whole number of seconds from 1 to at most 900 seconds (15 minutes, PCI DSS 8.2.8).')
  }
  return seconds
}

/**
 * TELLER_STAFF_MAX_ATTEMPTS (default 10, at most 10) and TELLER_STAFF_LOCKOUT_MINUTES (default 30,
 * at least 30): stricter than PCI DSS 8.3.4 is allowed, laxer is refused at start.
 */
export function readStaffLockout(env: NodeJS.ProcessEnv = process.env): StaffLockoutPolicy {
  const whole = (name: string, fallback: number, rule: string): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a whole number ${rule} (PCI DSS 8.3.4).`)
    return Number(raw)
  }
  const maxAttempts = whole('TELLER_STAFF_MAX_ATTEMPTS', DEFAULT_STAFF_LOCKOUT.maxAttempts, 'from 1 to 10')
  const minutes = whole('TELLER_STAFF_LOCKOUT_MINUTES', DEFAULT_STAFF_LOCKOUT.lockoutMs / 60_000, 'of at least 30')
  const policy = { maxAttempts, lockoutMs: minutes * 60_000 }
  try {
    assertStaffLockoutPolicy(policy)
  } catch (e) {
    const name = maxAttempts < 1 || maxAttempts > 10 ? 'TELLER_STAFF_MAX_ATTEMPTS must be from 1 to 10' : 'TELLER_STAFF_LOCKOUT_MINUTES must be at least 30'
    throw new Error(`${name}: ${(e as Error).message}`, { cause: e })
  }
  return policy
}

/** A positive whole number from the environment, else the default (as TELLER_IDLE_TIMEOUT_SECONDS). */
export function readPositiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number.`)
  return n
}

export function readSmsLocale(env: NodeJS.ProcessEnv): 'kk' | 'ru' | 'en' {
  const v = env.TELLER_SMS_LOCALE || 'ru'
  if (v !== 'kk' && v !== 'ru' && v !== 'en') throw new Error('TELLER_SMS_LOCALE must be kk, ru or en.')
  return v
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
export type KeyModeConfig = { mode: 'keychain' } | { mode: 'passphrase'; passphrase: string | null } | { mode: 'dev-file' } | { mode: 'auto'; passphrase?: string }

export function readKeyMode(env: NodeJS.ProcessEnv = process.env, appMode: AppMode = 'production'): KeyModeConfig {
  switch (env.TELLER_KEY_MODE) {
    case 'passphrase': {
      // null: asked on the terminal at start (withAskedPassphrase), or refused there with a clear message.
      const passphrase = passphraseFrom(env, appMode)
      if (passphrase !== null && passphrase.length < 16) throw new Error('TELLER_KEY_MODE=passphrase needs a passphrase of at least 16 characters.')
      return { mode: 'passphrase', passphrase }
    }
    case 'keychain':
      return { mode: 'keychain' }
    case 'dev-file':
      return { mode: 'dev-file' }
    case undefined:
    case '':
    {
      if (appMode === 'production') return { mode: 'keychain' }
      const passphrase = passphraseFrom(env, appMode)
      return { mode: 'auto', ...(passphrase !== null ? { passphrase } : {}) }
    }
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

export { readDatabaseConfig, readSmsConfig, type DatabaseConfig, type SmsConfig } from './connections-config'

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
    receiptHeader: { bank: env.TELLER_BANK_NAME || 'Bank', branch: env.TELLER_BRANCH_NAME || defaultWorkstation(env) },
    idleTimeoutSeconds: readIdleTimeout(env),
    staffLockout: readStaffLockout(env),
    keyMode: readKeyMode(env, mode),
    sms: readSmsConfig(env),
    database: readDatabaseConfig(env),
    payment: readPaymentConfig(env),
    counterIdleMinutes: readPositiveInt(env, 'TELLER_COUNTER_IDLE_MINUTES', 10),
    counterMaxMinutes: readPositiveInt(env, 'TELLER_COUNTER_MAX_MINUTES', 30),
    lookupLimit: readPositiveInt(env, 'TELLER_LOOKUP_LIMIT', 30),
    lookupWindowMinutes: readPositiveInt(env, 'TELLER_LOOKUP_WINDOW_MINUTES', 10),
    smsPerStaffPerDay: readPositiveInt(env, 'TELLER_SMS_PER_STAFF_PER_DAY', 200),
    smsPerPhonePerDay: readPositiveInt(env, 'TELLER_SMS_PER_PHONE_PER_DAY', 10),
    smsLocale: readSmsLocale(env),
    auditWitness: env.TELLER_AUDIT_WITNESS || undefined,
    auditWitnessPg: readWitnessPgConfig(env),
    auditArchiveDir: env.TELLER_AUDIT_ARCHIVE_DIR || undefined,
    storeBusyTimeoutMs: readBusyTimeout(env),
    approvals: readApprovalPolicy(env),
    cardPurgeMonths: readPositiveInt(env, 'TELLER_CARD_PURGE_MONTHS', 13),
  }
  const set = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Overrides
  return { ...fromEnv, ...set }
}

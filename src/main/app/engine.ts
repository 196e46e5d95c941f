import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { AuditService } from '../engine/audit.service'
import { systemClock, type Clock } from '../engine/clock'
import { PasswordHasher, type Argon2Params } from '../engine/password-hasher'
import { SerialQueue } from '../engine/serial'
import { StaffService } from '../engine/staff.service'
import { StaffSessions } from '../engine/staff-sessions'
import { openStore, SCHEMA_VERSION } from '../store/data-source'
import type { AppConfig } from './config'
import { silentLogger, type Logger } from './logger'

export interface EngineDeps {
  config: AppConfig
  clock?: Clock
  logger?: Logger
  argon2?: Argon2Params
}

export interface Engine {
  config: AppConfig
  ds: DataSource
  schemaVersion: number
  clock: Clock
  logger: Logger
  audit: AuditService
  staff: StaffService
  sessions: StaffSessions
  close(): Promise<void>
}

export const STORE_FILE = 'teller.sqlite'

/**
 * The composition root: every service is constructed here, by hand, with its clock, store and
 * (in later issues) SMS gateway, payment host and key store. No electron import: the Electron
 * main process, the browser shell, the admin CLI and the tests all start the engine this way.
 */
export async function createEngine(deps: EngineDeps): Promise<Engine> {
  const clock = deps.clock ?? systemClock
  const logger = deps.logger ?? silentLogger
  const ds = await openStore({ path: join(deps.config.dataDir, STORE_FILE) })
  const queue = new SerialQueue()
  const audit = new AuditService(ds, clock, queue)
  const hasher = new PasswordHasher(deps.argon2)
  const staff = new StaffService(ds, clock, hasher, audit, queue)
  const sessions = new StaffSessions(clock, deps.config.idleTimeoutSeconds)
  return {
    config: deps.config,
    ds,
    schemaVersion: SCHEMA_VERSION,
    clock,
    logger,
    audit,
    staff,
    sessions,
    close: () => ds.destroy(),
  }
}

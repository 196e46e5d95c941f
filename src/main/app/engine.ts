import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { AuditReview } from '../engine/audit-review'
import { AuditService } from '../engine/audit.service'
import { CounterSessions } from '../engine/counter-sessions'
import { CustomerService } from '../engine/customer.service'
import { EphemeralKeyStore } from '../engine/key-store'
import type { KeyStore, SmsGateway } from '../engine/ports'
import { SessionKeyService } from '../engine/session-keys.service'
import { OutboxSmsGateway } from '../engine/sms/outbox'
import { TransactionConfirmations } from '../engine/transaction-confirmation'
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
  /** Defaults to the embedded outbox (the browser shell's dev phone view reads it). */
  sms?: SmsGateway
  /** Defaults to keys held in memory only (issue 4 adds the OS keychain). */
  keyStore?: KeyStore
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
  hasher: PasswordHasher
  sessionKeys: SessionKeyService
  customers: CustomerService
  confirmations: TransactionConfirmations
  /** The customer signed in at each window's counter; ends with the window's staff session. */
  counter: CounterSessions
  auditReview: AuditReview
  /** The embedded SMS outbox when it is the gateway in use, else null. */
  outbox: OutboxSmsGateway | null
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
  const counter = new CounterSessions()
  const sessions = new StaffSessions(clock, deps.config.idleTimeoutSeconds, (clientId) => counter.end(clientId))
  const outbox = deps.sms ? null : new OutboxSmsGateway(clock)
  const sms = deps.sms ?? outbox!
  const sessionKeys = new SessionKeyService(ds, clock, queue, deps.keyStore ?? new EphemeralKeyStore(), sms, audit)
  const customers = new CustomerService(ds, clock, queue, hasher, sessionKeys, audit)
  return {
    config: deps.config,
    ds,
    schemaVersion: SCHEMA_VERSION,
    clock,
    logger,
    audit,
    staff,
    sessions,
    hasher,
    sessionKeys,
    customers,
    confirmations: new TransactionConfirmations(sessionKeys),
    counter,
    auditReview: new AuditReview(ds),
    outbox,
    close: () => ds.destroy(),
  }
}

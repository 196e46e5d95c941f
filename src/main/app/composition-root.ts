import { join } from 'node:path'
import type { DataSource } from 'typeorm'
import { AuditReview } from '../engine/audit/audit-review'
import { AuditService } from '../engine/audit/audit.service'
import { CounterSessions } from '../engine/counter/counter-sessions'
import { CustomerService } from '../engine/customers/customer.service'
import { CustomerVault } from '../engine/customers/customer-vault'
import { KeyRing } from '../engine/crypto/key-ring'
import { BinTable } from '../engine/payments/bin-table'
import { CardVault } from '../engine/payments/card-vault'
import { ProviderCatalog } from '../engine/payments/catalog'
import { FraudService } from '../engine/payments/fraud.service'
import type { PaymentHost } from '../engine/payments/payment-host'
import { PaymentService } from '../engine/payments/payment.service'
import { SimulatorHost } from '../engine/payments/simulator-host'
import { HttpsPaymentHost } from '../engine/payments/https-host'
import type { SmsGateway } from '../engine/kernel/ports'
import { SessionKeyService } from '../engine/session-keys/session-keys.service'
import { OutboxSmsGateway } from '../engine/sms/outbox'
import { TransactionConfirmations } from '../engine/session-keys/transaction-confirmation'
import type { Clock } from '../engine/kernel/clock'
import { TrustedClock } from '../engine/kernel/trusted-clock'
import { auditClockJumps } from '../engine/audit/clock-jumps'
import { PasswordHasher, type Argon2Params } from '../engine/crypto/password-hasher'
import { StaffService } from '../engine/staff/staff.service'
import { StaffSessions } from '../engine/staff/staff-sessions'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../store/data-source'
import { SqlUnitOfWork } from '../store/unit-of-work'
import { AuditDesk } from '../engine/audit/audit-desk.service'
import { CounterDesk } from '../engine/counter/counter-desk.service'
import { DisputesDesk } from '../engine/payments/disputes-desk.service'
import { StaffAccess } from '../engine/staff/staff-access.service'
import type { GateServices } from '../ipc/handlers'
import { smsGatewayFor } from './sms-gateway'
import { secureDataFolder } from './data-folder'
import { kekProviderFor } from './key-provider'
import { assertProductionReady } from './production-guard'
import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import { readFileSync } from 'node:fs'
import { defaultResourcesDir, type AppConfig } from './config'
import { silentLogger, type Logger } from './logger'

export interface EngineDeps {
  config: AppConfig
  clock?: Clock
  logger?: Logger
  argon2?: Argon2Params
  /** Defaults to the embedded outbox (the browser shell's dev phone view reads it). */
  sms?: SmsGateway
  /** Defaults to the embedded simulator host (a real acquirer adapter plugs in here). */
  paymentHost?: PaymentHost
}

export interface Engine {
  config: AppConfig
  ds: DataSource
  /** The store as the engine sees it: repositories and transactions. */
  uow: UnitOfWork
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
  keys: KeyRing
  bins: BinTable
  catalog: ProviderCatalog
  vault: CardVault
  customerVault: CustomerVault
  payments: PaymentService
  fraud: FraudService
  /** The simulator when it is the host in use, else null. */
  simulator: SimulatorHost | null
  /** What the IPC gate serves (src/main/ipc/gate.ts). */
  gate: GateServices
  close(): Promise<void>
}

export const STORE_FILE = 'teller.sqlite'

/**
 * The composition root: every service is constructed here, by hand, with its clock, store and
 * SMS gateway, payment host and key ring. No electron import: the Electron
 * main process, the browser shell, the admin CLI and the tests all start the engine this way.
 */
export async function createEngine(deps: EngineDeps): Promise<Engine> {
  // The engine's time: monotonic since start, so a wall-clock jump moves no deadline (issue 17).
  const clock = deps.clock ?? new TrustedClock()
  const logger = deps.logger ?? silentLogger
  const config = deps.config
  const keyMode = config.keyMode ?? (config.mode === 'production' ? { mode: 'keychain' } : { mode: 'auto' })
  const paymentConfig = config.payment ?? { mode: 'simulator' }
  assertProductionReady(config, { smsFromConfig: !deps.sms, paymentSimulator: !deps.paymentHost && paymentConfig.mode === 'simulator' })
  // Built before the store opens: a missing CA file stops the start with nothing to clean up.
  const host: PaymentHost | null = deps.paymentHost ?? (paymentConfig.mode === 'https' ? new HttpsPaymentHost(paymentConfig) : null)
  if (deps.config.database && keyMode.mode !== 'passphrase') {
    // Every workstation of the branch must unwrap the same data keys: one KEK, from a shared passphrase.
    throw new Error('Branch mode (TELLER_DB_URL) needs TELLER_KEY_MODE=passphrase with the branch passphrase on every workstation.')
  }
  // The data folder holds the store (local mode), the app lock and, in development, maybe the key file.
  secureDataFolder(config.dataDir, config.mode)
  const ds = deps.config.database
    ? await openBranchStore({ url: deps.config.database.url, caFile: deps.config.database.caFile })
    : await openStore({ path: join(deps.config.dataDir, STORE_FILE), busyTimeoutMs: config.storeBusyTimeoutMs })
  const uow = new SqlUnitOfWork(ds)
  const audit = new AuditService(uow, clock)
  if (clock instanceof TrustedClock) auditClockJumps(clock, audit, logger, config.workstation)
  const hasher = new PasswordHasher(deps.argon2)
  const staff = new StaffService(uow, clock, hasher, audit)
  const counter = new CounterSessions()
  // A window's counter closes with its staff session (sign-out, idle lock, account disabled).
  const sessions = new StaffSessions(clock, deps.config.idleTimeoutSeconds, (clientId) => desk.windowClosed(clientId))
  const { sms, outbox, closeSms } = deps.sms
    ? { sms: deps.sms, outbox: null, closeSms: async () => {} }
    : smsGatewayFor(deps.config.sms ?? { mode: 'outbox' }, uow, clock, logger)
  let keys: KeyRing
  try {
    keys = await KeyRing.open(uow, await kekProviderFor(keyMode, uow, config.dataDir, logger), clock)
  } catch (e) {
    await closeSms()
    await ds.destroy()
    throw e
  }
  const sessionKeys = new SessionKeyService(uow, clock, keys, sms, audit)
  const customerVault = new CustomerVault(uow, keys)
  await customerVault.sealLegacyRows()
  const customers = new CustomerService(uow, clock, hasher, sessionKeys, audit, customerVault)
  const confirmations = new TransactionConfirmations(sessionKeys)
  const resourcesDir = deps.config.resourcesDir ?? defaultResourcesDir()
  const bins = BinTable.parse(readFileSync(join(resourcesDir, 'bin-ranges.csv'), 'utf8'))
  const catalog = new ProviderCatalog(JSON.parse(readFileSync(join(resourcesDir, 'providers.json'), 'utf8')))
  const vault = new CardVault(uow, keys, bins)
  const simulator = host ? null : new SimulatorHost()
  const payments = new PaymentService(uow, clock, vault, host ?? simulator!, confirmations, catalog, audit, customerVault)
  const fraud = new FraudService(uow, clock, payments, audit, customerVault)
  const desk = new CounterDesk(customers, counter, audit, clock)
  const auditReview = new AuditReview(uow)
  const gate: GateServices = {
    system: { appVersion: config.appVersion, schemaVersion: SCHEMA_VERSION, shell: config.shell, mode: config.mode },
    clockStatus: () => (clock instanceof TrustedClock ? clock.status() : null),
    staffAccess: new StaffAccess(staff, sessions, audit),
    desk,
    customers,
    payments,
    catalog,
    disputes: new DisputesDesk(payments, fraud, audit),
    fraud,
    auditDesk: new AuditDesk(audit, auditReview, clock),
  }
  await payments.reconcilePending()
  // Every minute: payments whose host reply was lost are settled from the host's record, and
  // payment intents past their 15 minutes are dropped with their CVVs zeroed.
  const housekeeping = setInterval(() => {
    payments.sweep()
    payments.reconcilePending().catch((e: unknown) => logger.warn('payment reconciliation failed', { errorName: e instanceof Error ? e.name : typeof e }))
  }, 60_000)
  housekeeping.unref()
  return {
    config: deps.config,
    ds,
    uow,
    schemaVersion: SCHEMA_VERSION,
    clock,
    logger,
    audit,
    staff,
    sessions,
    hasher,
    sessionKeys,
    customers,
    confirmations,
    keys,
    bins,
    catalog,
    vault,
    customerVault,
    payments,
    fraud,
    simulator,
    counter,
    auditReview,
    gate,
    outbox,
    close: async () => {
      clearInterval(housekeeping)
      await closeSms()
      await ds.destroy()
    },
  }
}

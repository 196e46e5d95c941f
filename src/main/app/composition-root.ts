import { join } from 'node:path'
import { AuditReview } from '../engine/audit/audit-review'
import { AuditService } from '../engine/audit/audit.service'
import { CounterSessions } from '../engine/counter/counter-sessions'
import { CustomerWindows } from '../engine/counter/customer-window.service'
import { CustomerWindowSteps } from '../engine/counter/customer-window-steps'
import { CardRemoval } from '../engine/payments/card-removal'
import { CustomerService } from '../engine/customers/customer.service'
import { CustomerVault } from '../engine/customers/customer-vault'
import { DEFAULT_LOOKUP_LIMITS } from '../engine/customers/customer-lookup'
import { KeyRing } from '../engine/crypto/key-ring'
import { FieldSeal } from '../engine/crypto/field-seal'
import { AtRestSealer } from '../engine/crypto/at-rest-sealer'
import { BinTable } from '../engine/payments/bin-table'
import { CardVault } from '../engine/payments/card-vault'
import { CardPurge } from '../engine/payments/card-purge'
import { ProviderCatalog } from '../engine/payments/catalog'
import { FraudService } from '../engine/payments/fraud.service'
import type { PaymentHost } from '../engine/payments/payment-host'
import { PaymentService } from '../engine/payments/payment.service'
import { SimulatorHost } from '../engine/payments/simulator-host'
import { HttpsPaymentHost } from '../engine/payments/https-host'
import { DEFAULT_SMS_LIMITS, SessionKeyService } from '../engine/session-keys/session-keys.service'
import { TransactionConfirmations } from '../engine/session-keys/transaction-confirmation'
import { TrustedClock } from '../engine/kernel/trusted-clock'
import { auditClockJumps } from '../engine/audit/clock-jumps'
import { watchServerClock } from '../engine/audit/server-clock'
import { PasswordHasher } from '../engine/crypto/password-hasher'
import { StaffService } from '../engine/staff/staff.service'
import { StaffSessions } from '../engine/staff/staff-sessions'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../store/data-source'
import { SqlUnitOfWork } from '../store/unit-of-work'
import { AuditDesk } from '../engine/audit/audit-desk.service'
import { checkpointCoverage } from '../engine/audit/audit-verify-status'
import { latestWitnessed } from '../engine/audit/audit-checkpoint-status'
import { ReceiptDesk } from '../engine/payments/receipt-desk.service'
import { CounterDesk } from '../engine/counter/counter-desk.service'
import { DEFAULT_COUNTER_LIMITS } from '../engine/counter/counter-rules'
import { DisputesDesk } from '../engine/payments/disputes-desk.service'
import { StaffAccess } from '../engine/staff/staff-access.service'
import { StaffPasswords } from '../engine/staff/staff-passwords'
import { StaffSignIn, type Sleep } from '../engine/staff/staff-sign-in'
import { StaffSecondFactor } from '../engine/staff/staff-second-factor'
import { assertStaffLockoutPolicy, DEFAULT_STAFF_LOCKOUT } from '../engine/staff/staff-lockout-rules'
import type { GateServices } from '../ipc/handlers'
import { smsGatewayFor } from './sms-gateway'
import { secureDataFolder } from './data-folder'
import { kekProviderFor } from './key-provider'
import { assertProductionReady } from './production-guard'
import { claimStoreMode } from './store-mode'
import { readFileSync } from 'node:fs'
import { defaultResourcesDir } from './config'
import { silentLogger } from './logger'
import type { Engine, EngineDeps } from './engine-shape'
import { createApprovals } from './approvals-wiring'
import { startBackgroundJobs } from './background-jobs'
import { openWitness } from './audit-witness'
import type { Witness } from '../engine/audit/witness'

export type { Engine, EngineDeps } from './engine-shape'

export const STORE_FILE = 'teller.sqlite'
export { DEV_AUDIT_WITNESS } from './audit-witness'

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
  // Never laxer than PCI DSS 8.3.4, whoever built the configuration.
  const staffLockout = config.staffLockout ?? DEFAULT_STAFF_LOCKOUT
  assertStaffLockoutPolicy(staffLockout)
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
    ? await openBranchStore({ url: deps.config.database.url, caFile: deps.config.database.caFile, ownerUrl: deps.config.database.ownerUrl })
    : await openStore({ path: join(deps.config.dataDir, STORE_FILE), busyTimeoutMs: config.storeBusyTimeoutMs })
  const uow = new SqlUnitOfWork(ds)
  const hasher = new PasswordHasher(deps.argon2)
  const counter = new CounterSessions()
  // A window's counter closes with its staff session (sign-out, idle lock, account disabled).
  const sessions = new StaffSessions(clock, deps.config.idleTimeoutSeconds, (clientId) => {
    desk.windowClosed(clientId)
    customerWindows.tellerClosed(clientId)
  })
  const { sms, outbox, closeSms } = deps.sms
    ? { sms: deps.sms, outbox: null, closeSms: async () => {} }
    : smsGatewayFor(deps.config.sms ?? { mode: 'outbox' }, uow, clock, logger)
  let keys: KeyRing
  try {
    // Before anything is created in the store (key ring, dev key file, staff): is it ours to open?
    await claimStoreMode(uow, config.mode, clock.now().toISOString())
    keys = await KeyRing.open(uow, await kekProviderFor(keyMode, uow, config.dataDir, logger), clock)
  } catch (e) {
    await closeSms()
    await ds.destroy()
    throw e
  }
  let witness: Witness
  try {
    witness = await openWitness(config, keys)
  } catch (e) {
    await closeSms()
    await ds.destroy()
    throw e
  }
  const audit = new AuditService(uow, clock, keys, witness)
  // Events recorded before migration 0014 are sealed in place once (resumable), then the store is compacted (issue 15).
  await audit.sealLegacyRows().catch((e: unknown) => logger.warn('sealing old audit events failed', { errorName: e instanceof Error ? e.name : typeof e }))
  // A wall-clock jump is detected by the trusted clock and recorded in the chain (issue 17).
  if (clock instanceof TrustedClock) auditClockJumps(clock, audit, logger, config.workstation)
  const serverClock = config.database ? watchServerClock(audit, logger, config.workstation) : null
  audit.startCheckpoints()
  const staff = new StaffService(uow, clock, hasher, audit)
  const sessionKeys = new SessionKeyService(uow, clock, keys, sms, audit, {
    perPhonePerDay: config.smsPerPhonePerDay ?? DEFAULT_SMS_LIMITS.perPhonePerDay,
    perStaffPerDay: config.smsPerStaffPerDay ?? DEFAULT_SMS_LIMITS.perStaffPerDay,
  }, config.smsLocale ?? 'ru', async (phone) => (await customerVault.findByPhone(phone))?.smsLocale ?? null)
  const customerVault = new CustomerVault(uow, keys)
  await customerVault.sealLegacyRows()
  // Issue 15: rows older than migration 12 sealed (resumable batches), then the store compacted.
  const fields = new FieldSeal(keys)
  const atRest = new AtRestSealer(uow, fields)
  await atRest.sealClearRows()
  const customers = new CustomerService(uow, clock, hasher, sessionKeys, audit, customerVault, {
    limit: config.lookupLimit ?? DEFAULT_LOOKUP_LIMITS.limit,
    windowMinutes: config.lookupWindowMinutes ?? DEFAULT_LOOKUP_LIMITS.windowMinutes,
  })
  const confirmations = new TransactionConfirmations(sessionKeys)
  const resourcesDir = deps.config.resourcesDir ?? defaultResourcesDir()
  const bins = BinTable.parse(readFileSync(join(resourcesDir, 'bin-ranges.csv'), 'utf8'))
  const catalog = new ProviderCatalog(JSON.parse(readFileSync(join(resourcesDir, 'providers.json'), 'utf8')))
  const vault = new CardVault(uow, keys, bins)
  const simulator = host ? null : new SimulatorHost()
  const payments = new PaymentService(uow, clock, vault, host ?? simulator!, confirmations, catalog, audit, customerVault, fields)
  const fraud = new FraudService(uow, clock, payments, audit, customerVault, fields)
  const desk = new CounterDesk(customers, counter, audit, clock, {
    idleMinutes: config.counterIdleMinutes ?? DEFAULT_COUNTER_LIMITS.idleMinutes,
    maxMinutes: config.counterMaxMinutes ?? DEFAULT_COUNTER_LIMITS.maxMinutes,
  })
  const customerWindows = new CustomerWindows(customers, desk, audit, clock)
  const cardRemoval = new CardRemoval(uow, clock, confirmations, audit)
  const customerWindowSteps = new CustomerWindowSteps(customerWindows, desk, payments, catalog, cardRemoval)
  const auditReview = new AuditReview(uow, keys)
  const sleep: Sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  const staffSecondFactor = new StaffSecondFactor(uow, clock, keys, audit)
  const staffSignIn = new StaffSignIn(uow, clock, hasher, audit, staffLockout, sleep, staffSecondFactor)
  const staffAccess = new StaffAccess(staff, staffSignIn, new StaffPasswords(uow, clock, hasher, audit, staffSignIn), sessions, audit, clock, staffSecondFactor)
  const disputes = new DisputesDesk(payments, fraud, audit)
  const { approvals, overrides } = createApprovals({ uow, clock, keys, audit, policy: config.approvals, staffSignIn }, { customers, customerVault, staffAccess, disputes, fraud, hasher })
  const gate: GateServices = {
    system: { appVersion: config.appVersion, schemaVersion: SCHEMA_VERSION, shell: config.shell, mode: config.mode },
    clockStatus: () => (clock instanceof TrustedClock ? { ...clock.status(), server: serverClock?.status() ?? null } : null),
    staffAccess,
    desk,
    customers,
    payments,
    catalog,
    customerWindows,
    customerWindowSteps,
    disputes,
    fraud,
    auditDesk: new AuditDesk(audit, auditReview, clock, (window) => desk.requireCustomer(window), (cp) => checkpointCoverage(witness, keys, cp), () => latestWitnessed(witness, keys)),
    receipts: new ReceiptDesk(uow, clock, catalog, audit, config.receiptHeader ?? { bank: 'Bank', branch: config.workstation }, (window) => desk.requireCustomer(window), customerVault, fields),
    approvals,
    overrides,
  }
  const jobs = await startBackgroundJobs(
    {
      reconcile: () => payments.reconcilePending(),
      sweepMinute: () => payments.sweep(),
      dailyAtStart: [{ name: 'unused staff sweep', run: () => staffAccess.disableUnused(config.workstation) }],
      // S21 retention runs by itself: at start and daily, whenever events are older than 10 years.
      dailyInBackground: [{ name: 'audit retention', run: () => audit.retentionIfDue(config.auditArchiveDir ?? join(config.dataDir, 'audit-archive'), { staffId: null, workstation: config.workstation }) }],
    },
    logger,
  )
  // Issue 12: saved cards unused for TELLER_CARD_PURGE_MONTHS are purged, at start and daily.
  const cardPurge = new CardPurge(uow, clock, audit, config.cardPurgeMonths, config.workstation).start(logger)
  return {
    config: deps.config,
    ds,
    uow,
    schemaVersion: SCHEMA_VERSION,
    clock,
    logger,
    audit,
    staff,
    staffSecondFactor,
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
    atRest,
    payments,
    fraud,
    simulator,
    counter,
    auditReview,
    approvals,
    gate,
    customerWindows,
    customerWindowSteps,
    cardPurge,
    cardRemoval,
    outbox,
    close: async () => {
      await jobs.stop()
      await cardPurge.stop()
      await audit.stopCheckpoints()
      await witness.close?.()
      await closeSms()
      await ds.destroy()
    },
  }
}

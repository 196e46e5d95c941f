import { spawn } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PaymentEntity } from '../../../src/main/store/entities/payment.entity'
import { CARDS, CVV, EXPIRY } from '../../support/cards'
import { lastCode, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { failAuditOf, restoreAudit } from '../../support/audit-faults'
import { FakeClock } from '../../support/fake-clock'
import { startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import type { Engine } from '../../../src/main/app/composition-root'
import { KILL_SCENARIOS, KILLER_STAFF_LOGIN, killerEngine, type KillScenario } from '../../support/decision-killer'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'

const PHONE = '+77012345678'

describe('issue 14: every decision commits with its audit event, or not at all', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
    await registerCustomer(t, PHONE, 'qwerty1!')
  })
  afterEach(async () => t.close())

  const blocked = async () => ((await t.engine.ds.query(`SELECT blocked FROM customer`)) as { blocked: number | boolean }[])[0]!.blocked
  const events = async (action: string) => (await t.engine.auditReview.search({ action }, null)).rows.length

  it('a block whose audit event cannot be written is not made', async () => {
    failAuditOf(t, 'customer.block')
    await expect(t.engine.customers.block(PHONE, 'Card reported stolen', SUPERVISOR)).rejects.toThrow()
    expect(Boolean(await blocked())).toBe(false)
    expect(await events('customer.block')).toBe(0)
  })

  it('a lift whose audit event cannot be written leaves the block in place', async () => {
    await t.engine.customers.block(PHONE, 'Card reported stolen', SUPERVISOR)
    failAuditOf(t, 'customer.unblock')
    await expect(t.engine.customers.unblock(PHONE, 'Customer identified at the counter', SUPERVISOR)).rejects.toThrow()
    expect(Boolean(await blocked())).toBe(true)
    expect(await events('customer.unblock')).toBe(0)
  })

  it('a staff unlock whose audit event cannot be written leaves the lock', async () => {
    const member = await t.engine.staff.create({ login: 'aidana', displayName: 'Aidana', role: 'teller', password: 'Teller-Password-2026' }, SUPERVISOR)
    const until = new Date(t.clock.now().getTime() + 15 * 60_000).toISOString()
    await t.engine.ds.query(`UPDATE staff SET failed_attempts = 10, locked_until = ? WHERE id = ?`, [until, member.id])
    failAuditOf(t, 'staff.unlock')
    await expect(t.engine.gate.staffAccess.unlock(member.id, 'Identity checked in person', SUPERVISOR)).rejects.toThrow()
    expect(await t.engine.ds.query(`SELECT locked_until FROM staff WHERE id = ?`, [member.id])).toEqual([{ locked_until: until }])
    expect(await events('staff.unlock')).toBe(0)
  })

  const count = async (sql: string) => Number(((await t.engine.ds.query(sql)) as { n: number | string }[])[0]!.n)

  it('a fraud case, a note and a status change whose audit events cannot be written are not made', async () => {
    failAuditOf(t, 'fraud.open')
    await expect(t.engine.fraud.open({ phone: PHONE, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)).rejects.toThrow()
    expect({ cases: await count(`SELECT count(*) AS n FROM fraud_case`), notes: await count(`SELECT count(*) AS n FROM fraud_note`), events: await events('fraud.open') }).toEqual({ cases: 0, notes: 0, events: 0 })
    restoreAudit(t)
    const opened = await t.engine.fraud.open({ phone: PHONE, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)
    failAuditOf(t, 'fraud.note')
    await expect(t.engine.fraud.addNote(opened.id, 'Called the issuer', SUPERVISOR)).rejects.toThrow()
    expect({ notes: await count(`SELECT count(*) AS n FROM fraud_note`), events: await events('fraud.note') }).toEqual({ notes: 1, events: 0 })
    restoreAudit(t)
    failAuditOf(t, 'fraud.status')
    await expect(t.engine.fraud.setStatus(opened.id, 'investigating', null, SUPERVISOR)).rejects.toThrow()
    expect({ moved: await count(`SELECT count(*) AS n FROM fraud_case WHERE status <> 'open'`), events: await events('fraud.status') }).toEqual({ moved: 0, events: 0 })
  })

  it('a customer lockout whose audit event cannot be written is not made: the third check is not spent', async () => {
    for (const n of [1, 2]) await expect(t.engine.customers.signIn(PHONE, `wrong-${n}-pass`, TELLER)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })
    failAuditOf(t, 'customer.lockout')
    const refused = await t.engine.customers.signIn(PHONE, 'wrong-3-pass', TELLER).catch((e: unknown) => e)
    expect(await t.engine.ds.query(`SELECT failed_attempts, locked_until FROM customer`)).toEqual([{ failed_attempts: 2, locked_until: null }])
    expect(await events('customer.lockout')).toBe(0)
    expect(refused).toMatchObject({ code: 'STORAGE_FULL' })
    restoreAudit(t)
    await expect(t.engine.customers.signIn(PHONE, 'wrong-3-pass', TELLER)).rejects.toMatchObject({ code: 'CUSTOMER_LOCKED' })
    expect(await events('customer.lockout')).toBe(1)
  })

  it('a staff lockout whose audit event cannot be written is not made', async () => {
    await t.engine.staff.create({ login: 'aidana', displayName: 'Aidana', role: 'teller', password: 'Teller-Password-2026' }, SUPERVISOR)
    const wrong = (n: number) => t.engine.gate.staffAccess.signIn(`wc:${n}`, 'aidana', `Wrong-password-${n}`, 'ws-test-1')
    for (let n = 1; n < 10; n++) await expect(wrong(n)).rejects.toMatchObject({ code: 'STAFF_SIGN_IN_REFUSED' })
    failAuditOf(t, 'staff.lockout')
    const refused = await wrong(10).catch((e: unknown) => e)
    expect(await t.engine.ds.query(`SELECT failed_attempts, locked_until FROM staff WHERE login = 'aidana'`)).toEqual([{ failed_attempts: 9, locked_until: null }])
    expect(await events('staff.lockout')).toBe(0)
    expect(refused).toMatchObject({ code: 'STORAGE_FULL' })
  })

  it('a refund whose audit event cannot be written is not recorded as made; the retry refunds once at the host', async () => {
    const me = { customerId: (await t.engine.customerVault.findByPhone(PHONE))!.id, phone: PHONE }
    const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: PHONE }, amountTiyn: 100_000, card: { kind: 'new', pan: CARDS.bypass, expiry: EXPIRY, cvv: CVV } }, TELLER)
    const receipt = await t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
    failAuditOf(t, 'payment.refund')
    await expect(t.engine.payments.refund(receipt.paymentId, 'S18 refund', SUPERVISOR, 's18-3ds-bypass')).rejects.toThrow()
    expect((await t.engine.ds.getRepository(PaymentEntity).findOneByOrFail({ id: receipt.paymentId })).state).toBe('approved')
    expect(await events('payment.refund')).toBe(0)
    restoreAudit(t)
    await expect(t.engine.payments.refund(receipt.paymentId, 'S18 refund', SUPERVISOR, 's18-3ds-bypass')).resolves.toMatchObject({ state: 'refunded' })
    expect(await events('payment.refund')).toBe(1)
    expect(t.engine.simulator!.refunds.size).toBe(1)
  })
})

/** Whether the decision's state change is in the store after the restart, and how many events it has. */
const afterRestart: Record<KillScenario, (e: Engine) => Promise<{ changed: boolean; events: number }>> = {
  'customer.block': async (e) => ({ changed: Boolean(((await e.ds.query(`SELECT blocked FROM customer`)) as { blocked: number | boolean }[])[0]!.blocked), events: await eventsOf(e, 'customer.block') }),
  'fraud.open': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM fraud_case`)) > 0, events: await eventsOf(e, 'fraud.open') }),
  // The case was opened with its first note before the decision: a second note is the change.
  'fraud.note': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM fraud_note`)) > 1, events: await eventsOf(e, 'fraud.note') }),
  'fraud.status': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM fraud_case WHERE status <> 'open'`)) > 0, events: await eventsOf(e, 'fraud.status') }),
  'customer.lockout': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM customer WHERE locked_until IS NOT NULL`)) > 0, events: await eventsOf(e, 'customer.lockout') }),
  'staff.lockout': async (e) => ({
    changed: (await countOf(e, `SELECT count(*) AS n FROM staff WHERE login = '${KILLER_STAFF_LOGIN}' AND locked_until IS NOT NULL`)) > 0,
    events: await eventsOf(e, 'staff.lockout'),
  }),
  'staff.create': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM staff WHERE login = '${KILLER_STAFF_LOGIN}'`)) > 0, events: await eventsOf(e, 'staff.create') }),
  'staff.disable': async (e) => ({ changed: (await countOf(e, `SELECT count(*) AS n FROM staff WHERE login = '${KILLER_STAFF_LOGIN}' AND disabled = true`)) > 0, events: await eventsOf(e, 'staff.disable') }),
}
const countOf = async (e: Engine, sql: string) => Number(((await e.ds.query(sql)) as { n: number | string }[])[0]!.n)
const eventsOf = async (e: Engine, action: string) => (await e.auditReview.search({ action }, null)).rows.length

/** Runs the child until it stops inside `scenario`'s decision, at its audit event, and kills it there (kill -9). */
async function killDuring(scenario: KillScenario, dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  // The child itself (not an npx wrapper) receives the SIGKILL, while the decision's audit event is being built.
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/decision-killer.ts', dataDir, PHONE, scenario], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let out = ''
  child.stderr.on('data', (c: Buffer) => (out += c.toString()))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the child never reached the audit write:\n${out}`)), 90_000)
    child.on('exit', () => reject(new Error(`the child exited by itself:\n${out}`)))
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      if (out.includes('between')) {
        clearTimeout(timer)
        child.kill('SIGKILL')
        resolve()
      }
    })
  })
  await new Promise((r) => child.on('exit', r))
  expect(child.signalCode).toBe('SIGKILL')
}

describe('issue 14: kill -9 between a decision and its audit event (SQLite)', () => {
  const dir = tempDir()
  afterEach(() => dir.cleanup())

  it.each(KILL_SCENARIOS)('after the restart, %s is in the store with its audit event, or neither is', async (scenario) => {
    await killDuring(scenario, dir.path)
    const engine = await killerEngine(dir.path, new FakeClock(new Date()), undefined)
    try {
      // On the previous code: the change, with no event (it had committed on its own).
      expect(await afterRestart[scenario](engine)).toEqual({ changed: false, events: 0 })
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
    } finally {
      await engine.close()
    }
  }, 120_000)
})

describe.skipIf(!adminPgUrl)('issue 14: kill -9 between a decision and its audit event (branch mode, PostgreSQL)', () => {
  const dir = tempDir()
  afterEach(() => dir.cleanup())

  it.each(['customer.lockout', 'fraud.status'] as const)('after the restart, %s is in the database with its audit event, or neither is', async (scenario) => {
    const db = await throwawayDatabase('teller_kill')
    try {
      await killDuring(scenario, dir.path, { TELLER_TEST_DB_URL: db.url })
      const engine = await killerEngine(dir.path, new FakeClock(new Date()), db.url)
      try {
        expect(await afterRestart[scenario](engine)).toEqual({ changed: false, events: 0 })
        expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
      } finally {
        await engine.close()
      }
    } finally {
      await db.drop()
    }
  }, 120_000)
})

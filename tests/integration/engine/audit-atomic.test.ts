import { spawn } from 'node:child_process'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditInput } from '../../../src/main/engine/audit/audit.service'
import { PaymentEntity } from '../../../src/main/store/entities/payment.entity'
import { CARDS, CVV, EXPIRY } from '../../support/cards'
import { lastCode, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'
import { FakeClock } from '../../support/fake-clock'
import { reopenEngine, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'

const PHONE = '+77012345678'

const realBuilders = new WeakMap<object, unknown>()
function restoreAudit(t: TestEngine): void {
  const audit = t.engine.audit as unknown as { builder: unknown }
  audit.builder = realBuilders.get(audit)
}

/** The audit write of `action` fails (a full disk, a crash) after the state change was made. */
function failAuditOf(t: TestEngine, action: string): void {
  const audit = t.engine.audit as unknown as { builder(input: AuditInput): Promise<unknown> }
  const real = audit.builder.bind(audit)
  realBuilders.set(audit, real)
  audit.builder = async (input) => {
    if (input.action === action) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' })
    return real(input)
  }
}

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

describe('issue 14: kill -9 between a block and its audit event', () => {
  const dir = tempDir()
  afterEach(() => dir.cleanup())

  it('after the restart the customer is blocked with its audit event, or neither', async () => {
    // The child itself (not an npx wrapper) receives the SIGKILL, while the block's audit event is being built.
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/decision-killer.ts', dir.path, PHONE], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the child never reached the audit write:\n${out}`)), 60_000)
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

    const engine = await reopenEngine(dir.path, new FakeClock(new Date()))
    try {
      const [row] = (await engine.ds.query(`SELECT blocked FROM customer`)) as { blocked: number | boolean }[]
      const blockEvents = (await engine.auditReview.search({ action: 'customer.block' }, null)).rows.length
      // On the previous code: blocked, with no event (the block had committed on its own).
      expect({ blocked: Boolean(row!.blocked), blockEvents }).toEqual({ blocked: false, blockEvents: 0 })
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
    } finally {
      await engine.close()
    }
  })
})

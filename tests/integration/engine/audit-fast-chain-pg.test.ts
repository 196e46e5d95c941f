import { createRequire } from 'node:module'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { DataSource } from 'typeorm'
import { AuditService } from '../../../src/main/engine/audit/audit.service'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'

/**
 * Issue 14 (scale): in branch mode a standalone append (not inside a caller's transaction) takes
 * two round trips: the next seq and the server's clock (and the chain's head when this process
 * does not know it), then one autocommit INSERT that takes the chain's lock inside the statement.
 * Back to back (the previous append of the chain began at most 50 ms before), the INSERT also
 * returns the next seq and the server's clock for the next event: one round trip each.
 * Several processes of one workstation, and callers' transactions appending to the same chain,
 * must still leave one chain that verifies, with no business transaction lost to the race.
 */
interface Process {
  ds: DataSource
  uow: SqlUnitOfWork
  audit: AuditService
}

/** The driver TypeORM loads (require, not import: the same module instance); every statement goes through Client#query. */
const pg = createRequire(import.meta.url)('pg') as { Client: { prototype: { query: (...a: unknown[]) => unknown } } }

const WS = 'ws-shared'
const ev = (who: string, i: number, ws = WS) => ({ actorStaffId: null, workstation: ws, customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { who, i } })

describe.skipIf(!adminPgUrl)('audit: the fast standalone append in branch mode (issue 14, scale)', () => {
  const clock = new FakeClock()
  let db: { url: string; drop(): Promise<void> }
  let opened: Process[] = []

  /** The processes' monotonic and wall clocks (ms), which say how old a reserved seq and server time are. */
  let monotonic = 0
  let wall = 0
  async function open(): Promise<Process> {
    const ds = await openBranchStore({ url: db.url })
    const uow = new SqlUnitOfWork(ds, undefined, { monotonicMs: () => monotonic, wallMs: () => wall })
    const keys = await KeyRing.open(uow, new PassphraseKek('audit-test-passphrase-0123'), clock)
    const p = { ds, uow, audit: new AuditService(uow, clock, keys) }
    opened.push(p)
    return p
  }

  /** The chain of one workstation: contiguous places, seq increasing along it (verification walks by seq), and its times never going back. */
  async function expectChainInOrder(ds: DataSource, ws: string, n: number): Promise<void> {
    const rows = (await ds.query(`SELECT seq::int AS seq, chain_seq::int AS c, at FROM audit_event WHERE workstation = $1 ORDER BY chain_seq`, [ws])) as { seq: number; c: number; at: string }[]
    expect(rows.map((r) => r.c)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.seq).toBeGreaterThan(rows[i - 1]!.seq)
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.at >= rows[i - 1]!.at, `place ${i + 1} at ${rows[i]!.at} before place ${i} at ${rows[i - 1]!.at}`).toBe(true)
  }

  /** The statements `work` sends to PostgreSQL. */
  async function statementsOf(work: () => Promise<void>): Promise<string[]> {
    const sent: string[] = []
    const own = pg.Client.prototype.query
    pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
      const q = a[0] as string | { text: string }
      sent.push(typeof q === 'string' ? q : q.text)
      return own.apply(this, a)
    }
    try {
      await work()
    } finally {
      pg.Client.prototype.query = own
    }
    return sent
  }

  beforeEach(async () => {
    db = await throwawayDatabase('teller_fastchain')
  })
  afterEach(async () => {
    for (const p of opened) await p.ds.destroy()
    opened = []
    await db.drop()
  })

  it('a warm standalone append sends two statements to PostgreSQL, no transaction', async () => {
    const p = await open()
    await p.audit.record(ev('warm-up', 0))
    const sent = await statementsOf(async () => {
      for (let i = 1; i <= 10; i++) {
        // Each append begins 60 ms after the one before: not back to back.
        monotonic += 60
        wall += 60
        await p.audit.record(ev('counted', i))
      }
    })
    expect(sent.length, `statements for 10 appends:\n${sent.map((s) => s.slice(0, 60)).join('\n')}`).toBe(20)
    expect(sent.some((s) => /^\s*(START TRANSACTION|BEGIN|COMMIT)/i.test(s))).toBe(false)
    // Spaced appends reserve nothing: no seq is taken that no event gets.
    const [{ gaps }] = (await p.ds.query(`SELECT MAX(seq) - MIN(seq) + 1 - COUNT(*) AS gaps FROM audit_event WHERE workstation = $1`, [WS])) as [{ gaps: string }]
    expect(Number(gaps)).toBe(0)
    await expectChainInOrder(p.ds, WS, 11)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 11 })
  })

  it('back-to-back standalone appends send one statement each: the INSERT returns the next seq and server time', async () => {
    const p = await open()
    await p.audit.record(ev('first', 0))
    await p.audit.record(ev('second', 1))
    const [{ before }] = (await p.ds.query(`SELECT clock_timestamp() AS before`)) as [{ before: Date }]
    const sent = await statementsOf(async () => {
      for (let i = 2; i <= 11; i++) await p.audit.record(ev('counted', i))
    })
    expect(sent.length, `statements for 10 appends:\n${sent.map((s) => s.slice(0, 60)).join('\n')}`).toBe(10)
    expect(sent.some((s) => /^\s*(START TRANSACTION|BEGIN|COMMIT)/i.test(s))).toBe(false)
    await expectChainInOrder(p.ds, WS, 12)
    // The server gave every time (not the workstation): each is one the server's clock read after
    // the event before was stored, so never earlier than the last one read before these appends.
    const ats = (await p.ds.query(`SELECT at FROM audit_event WHERE chain_seq > 3 AND workstation = $1`, [WS])) as { at: string }[]
    for (const { at } of ats) expect(at >= new Date(before).toISOString()).toBe(true)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 12 })
  })

  it('a reserved seq and time older than 50 ms are not used: the event takes a fresh seq and the server time of its own append', async () => {
    const p = await open()
    await p.audit.record(ev('first', 0))
    const kept = await p.audit.record(ev('back-to-back', 1))
    monotonic += 51
    wall += 51
    await new Promise((r) => setTimeout(r, 20))
    const [{ before }] = (await p.ds.query(`SELECT clock_timestamp() AS before`)) as [{ before: Date }]
    const sent = await statementsOf(async () => {
      await p.audit.record(ev('late', 2))
    })
    expect(sent.length).toBe(2)
    const [late] = (await p.ds.query(`SELECT seq::int AS seq, at FROM audit_event WHERE chain_seq = 3 AND workstation = $1`, [WS])) as [{ seq: number; at: string }]
    expect(late.at >= new Date(before).toISOString()).toBe(true)
    // The reservation made by the second append was left unused (one seq skipped), never reused.
    expect(late.seq).toBe(kept.seq + 2)
    await expectChainInOrder(p.ds, WS, 3)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 3 })
  })

  it('a reservation across a machine sleep (the monotonic clock stood still, the wall clock went on) is not used: the event is not back-dated, and sorts after what others recorded meanwhile', async () => {
    const [p, other] = [await open(), await open()]
    await p.audit.record(ev('first', 0))
    await p.audit.record(ev('back-to-back', 1))
    // The machine sleeps: the server's clock and the wall clock go on, the monotonic clock does not.
    await new Promise((r) => setTimeout(r, 300))
    const awake = await other.audit.record(ev('awake', 0, 'ws-awake'))
    wall += 6_000
    monotonic += 5
    const [{ before }] = (await p.ds.query(`SELECT clock_timestamp() AS before`)) as [{ before: Date }]
    const sent = await statementsOf(async () => {
      await p.audit.record(ev('after-sleep', 2))
    })
    expect(sent.length).toBe(2)
    const [row] = (await p.ds.query(`SELECT seq::int AS seq, at FROM audit_event WHERE chain_seq = 3 AND workstation = $1`, [WS])) as [{ seq: number; at: string }]
    expect(row.at >= new Date(before).toISOString(), `stamped ${row.at}, before the server clock read just before it began`).toBe(true)
    expect(row.seq).toBeGreaterThan(awake.seq)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 4 })
  })

  it('a reservation across a pause that stopped both clocks (a paused virtual machine) is refused by the server: the event takes a fresh seq and time', async () => {
    const p = await open()
    await p.audit.record(ev('first', 0))
    const kept = await p.audit.record(ev('back-to-back', 1))
    // Neither of the workstation's clocks moves; the server's does, by more than its limit (1 s).
    await new Promise((r) => setTimeout(r, 1_100))
    const [{ before }] = (await p.ds.query(`SELECT clock_timestamp() AS before`)) as [{ before: Date }]
    const row = await p.audit.record(ev('after-pause', 2))
    expect(row.at >= new Date(before).toISOString(), `stamped ${row.at}, before the server clock read just before it began`).toBe(true)
    expect(row.seq).toBeGreaterThan(kept.seq + 1)
    await expectChainInOrder(p.ds, WS, 3)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 3 })
  })

  it('a reservation is not used once the wall clock went back (set back by hand or by time sync)', async () => {
    const p = await open()
    await p.audit.record(ev('first', 0))
    await p.audit.record(ev('back-to-back', 1))
    wall -= 1_000
    const sent = await statementsOf(async () => {
      await p.audit.record(ev('after-set-back', 2))
    })
    expect(sent.length).toBe(2)
    await expectChainInOrder(p.ds, WS, 3)
  })

  it('a reservation held when the same process appends in a transaction is dropped: seq and time still increase along the chain', async () => {
    const p = await open()
    await p.audit.record(ev('first', 0))
    const reserving = await p.audit.record(ev('back-to-back', 1))
    // The cache holds a reservation (seq reserving.seq + 1); a decision's transaction appends to the chain first.
    const inTx = await p.uow.transaction([], (tx) => p.audit.recordIn(tx, ev('in-tx', 2)))
    const after = await p.audit.record(ev('after', 3))
    expect(inTx.seq).toBeGreaterThan(reserving.seq + 1)
    expect(after.seq).toBeGreaterThan(inTx.seq)
    expect(after.chainSeq).toBe(4)
    await expectChainInOrder(p.ds, WS, 4)
    expect(await p.audit.verifyChain()).toMatchObject({ ok: true, count: 4 })
  })

  it('two processes of one workstation and a third appending in its transactions: every transaction commits, one chain verifies', async () => {
    const [a, b, t] = [await open(), await open(), await open()]
    const N = 150
    const fast = (p: Process, who: string) => async () => {
      for (let i = 0; i < N; i++) await p.audit.record(ev(who, i))
    }
    let committed = 0
    const failures: unknown[] = []
    const transactional = async () => {
      for (let i = 0; i < N / 3; i++) {
        try {
          await t.uow.transaction([`customer:${i % 7}`], async (tx) => {
            // Other work of the decision before and after its audit event, holding the chain's lock meanwhile.
            await tx.staff.count()
            await t.audit.recordIn(tx, ev('tx', i))
            await t.audit.recordIn(tx, ev('tx-other', i, 'ws-other'))
            await new Promise((r) => setTimeout(r, 1))
            await tx.staff.count()
          })
          committed++
          // The same process also appends standalone in between (its head cache must not be trusted after a transaction).
          await t.audit.record(ev('t-fast', i))
        } catch (e) {
          failures.push(e)
        }
      }
    }
    await Promise.all([fast(a, 'a')(), fast(b, 'b')(), transactional()])
    expect(failures).toEqual([])
    expect(committed).toBe(N / 3)
    const total = 2 * N + 2 * (N / 3)
    await expectChainInOrder(a.ds, WS, total)
    await expectChainInOrder(a.ds, 'ws-other', N / 3)
    expect(await b.audit.verifyChain()).toMatchObject({ ok: true, count: total + N / 3 })
  })

  it('a rolled-back transactional append followed by fast appends from every process still verifies', async () => {
    const [a, t] = [await open(), await open()]
    await a.audit.record(ev('a', 0))
    await t.audit.record(ev('t', 0))
    await expect(
      t.uow.transaction([], async (tx) => {
        await t.audit.recordIn(tx, ev('rolled-back', 1))
        throw new Error('the decision fails after its audit event')
      }),
    ).rejects.toThrow('the decision fails')
    await a.audit.record(ev('a', 1))
    await t.audit.record(ev('t', 1))
    await a.audit.record(ev('a', 2))
    await expectChainInOrder(a.ds, WS, 5)
    expect(await t.audit.verifyChain()).toMatchObject({ ok: true, count: 5 })
  })

  it('a stale head (another process appended meanwhile) is re-read, not forked', async () => {
    const [a, b] = [await open(), await open()]
    await a.audit.record(ev('a', 0))
    for (let i = 0; i < 3; i++) await b.audit.record(ev('b', i))
    // a still believes the head is its own first event: the INSERT is refused by the unique place, a re-reads and appends after b's.
    const row = await a.audit.record(ev('a', 1))
    expect(row.chainSeq).toBe(5)
    await expectChainInOrder(a.ds, WS, 5)
    expect(await a.audit.verifyChain()).toMatchObject({ ok: true, count: 5 })
  })

  it('a head that went back under the process (an older copy of the table restored) is not built on: the next event follows the real head', async () => {
    const a = await open()
    for (let i = 0; i < 3; i++) await a.audit.record(ev('a', i))
    const triggers = (await a.ds.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = 'audit_event'::regclass`)) as { tgname: string }[]
    for (const t of triggers) await a.ds.query(`DROP TRIGGER ${t.tgname} ON audit_event`)
    await a.ds.query(`DELETE FROM audit_event WHERE workstation = $1 AND chain_seq > 1`, [WS])
    // a's cache still says place 3: the event must take place 2, linked onto place 1, not place 4 after a gap.
    const row = await a.audit.record(ev('a', 3))
    expect(row.chainSeq).toBe(2)
    await expectChainInOrder(a.ds, WS, 2)
    expect(await a.audit.verifyChain()).toMatchObject({ ok: true, count: 2 })
  })
})

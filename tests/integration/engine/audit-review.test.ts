import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'

const A = '+77012345678'
const B = '+77471234567'
const HOUR = 3600_000

describe('audit review (S21): filters, keyset pages, per-day counts in Almaty, CSV export', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
    // 2026-03-10T04:00Z = 09:00 Almaty. 15 events on day 1, then 5 events after Almaty midnight.
    for (let i = 0; i < 15; i++) {
      await t.engine.audit.record({ actorStaffId: null, workstation: 'ws-1', customerRef: i % 3 ? A : B, action: i % 2 ? 'customer.signIn' : 'sessionKey.send', outcome: i % 5 ? 'success' : 'failure' })
    }
    t.clock.set('2026-03-10T19:00:00.000Z') // 00:00 on 11 March in Almaty
    for (let i = 0; i < 5; i++) {
      await t.engine.audit.record({ actorStaffId: null, workstation: 'ws-2', customerRef: A, action: 'customer.block', outcome: 'success', details: { reason: '=HYPERLINK("x")' } })
      t.clock.advance(HOUR)
    }
  })
  afterEach(async () => t.close())
  const review = () => t.engine.auditReview

  it('pages newest first by keyset cursor, without gaps or repeats', async () => {
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page = await review().search({}, cursor, 6)
      seen.push(...page.rows.map((r) => r.seq))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i))
    await expect(review().search({}, 'abc', 6)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED })
  })

  it('filters by phone (as typed), action prefix, outcome and Almaty calendar days', async () => {
    expect((await review().search({ phone: '8 747 123 45 67' }, null)).rows).toHaveLength(5)
    expect((await review().search({ action: 'customer.' }, null)).rows).toHaveLength(12)
    expect((await review().search({ action: 'customer' }, null)).rows).toHaveLength(0)
    expect((await review().search({ outcome: 'failure' }, null)).rows).toHaveLength(3)
    expect((await review().search({ from: '2026-03-11', to: '2026-03-11' }, null)).rows.map((r) => r.action)).toEqual(Array(5).fill('customer.block'))
    expect((await review().search({ to: '2026-03-10' }, null)).rows).toHaveLength(15)
    await expect(review().search({ from: '2026-03-12', to: '2026-03-11' }, null)).rejects.toMatchObject({ code: ErrorCode.VALIDATION_FAILED })
  })

  it('counts events per Almaty day', async () => {
    expect(await review().perDay({})).toEqual([
      { day: '2026-03-10', count: 15 },
      { day: '2026-03-11', count: 5 },
    ])
    expect(await review().perDay({ phone: B })).toEqual([{ day: '2026-03-10', count: 5 }])
  })

  it('exports CSV with a header, one line per event, and formula cells neutralised', async () => {
    const out = await review().exportCsv({ action: 'customer.block' }, t.clock.now())
    expect(out.rows).toBe(5)
    const lines = out.csv.trimEnd().split('\r\n')
    expect(lines[0]).toBe('seq,at,actor_staff_id,workstation,customer,action,outcome,details,prev_hash,hash')
    expect(lines).toHaveLength(6)
    expect(lines[1]).toContain(`"{""reason"":""=HYPERLINK(\\""x\\"")""}"`)
    expect(out.fileName).toMatch(/^audit-\d{8}T\d{4}\.csv$/)
    // Cells a spreadsheet would evaluate (=, +, -, @) get a leading apostrophe (OWASP CSV injection).
    await t.engine.audit.record({ actorStaffId: null, workstation: '=cmd|calc', customerRef: A, action: 'customer.block', outcome: 'success' })
    const all = (await review().exportCsv({ action: 'customer.block' }, t.clock.now())).csv.trimEnd().split('\r\n')
    expect(all[6]).toContain(`,"'=cmd|calc","'+77012345678","customer.block",`)
  })
})

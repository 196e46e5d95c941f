import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DataSource } from 'typeorm'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import type { Logger } from '../../../src/main/app/logger'
import { buildEvent, canonical, type AuditInput } from '../../../src/main/engine/audit/audit-chain-rules'
import { AuditService } from '../../../src/main/engine/audit/audit.service'
import type { AuditEventRow } from '../../../src/main/engine/audit/audit.repo'
import { PassphraseKek } from '../../../src/main/engine/crypto/kek'
import { KeyRing } from '../../../src/main/engine/crypto/key-ring'
import { openBranchStore } from '../../../src/main/store/data-source'
import { SqlUnitOfWork } from '../../../src/main/store/unit-of-work'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, asPgAdmin, pgUrlAs } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

/**
 * Issue 14, retention (S21) in branch mode with two roles: the app role may not DELETE from the
 * audit trail, so the automatic retention removes 10-year-old events through the owner's function
 * `audit_retention_purge` (migration 0019), which enforces the rule on the server's clock. Three
 * workstation chains each lose their oldest events; each chain then verifies from its own anchor,
 * goes on from it, and the attacks after retention are still named.
 */
const PASSPHRASE = 'branch passphrase for the retention tests'
const tag = `${process.pid}_${Date.now()}`
const OWNER = `teller_rown_${tag}`
const APP = `teller_rapp_${tag}`
const OTHER = `teller_roth_${tag}`
const DB = `teller_ret_${tag}`
const pw = (who: string) => `pw-${who}-0123456789`
const WS = ['ws-a', 'ws-b', 'ws-c'] as const
const OLD_ROUNDS = 4

const asAdmin = asPgAdmin
const urlFor = (role: string): string => pgUrlAs(role, pw(role), DB)

const input = (ws: string, i: number): AuditInput => ({ actorStaffId: null, workstation: ws, customerRef: i % 2 ? '+77012345678' : null, action: 'customer.lookup', outcome: 'success', details: { i } })

describe.skipIf(!adminPgUrl)('audit retention in branch mode: the app role purges through the owner\'s function, per-chain anchors (issue 14, S21)', () => {
  const dirs = Object.fromEntries(WS.map((w) => [w, tempDir(`teller-ret-${w}-`)])) as Record<(typeof WS)[number], ReturnType<typeof tempDir>>
  const engines: Partial<Record<(typeof WS)[number], Engine>> = {}
  const warnings: string[] = []
  const logger: Logger = { info: () => undefined, warn: (m, f) => warnings.push(JSON.stringify({ m, ...f })), error: (m, f) => warnings.push(JSON.stringify({ m, ...f })) }
  let app: DataSource
  let owner: DataSource
  let cutoff: string
  /** The last event of each workstation chain older than 10 years, as seeded. */
  const lastOld = new Map<string, AuditEventRow>()
  let oldCount = 0

  const start = async (ws: (typeof WS)[number], withOwner: boolean): Promise<Engine> =>
    (engines[ws] = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dirs[ws].path, workstation: ws, idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: urlFor(APP), ...(withOwner ? { ownerUrl: urlFor(OWNER) } : {}) }, keyMode: { mode: 'passphrase', passphrase: PASSPHRASE },
      },
      argon2: FAST_ARGON2,
      logger,
    }))

  const count = async (where = 'true'): Promise<number> => ((await app.query(`SELECT COUNT(*)::int AS n FROM audit_event WHERE ${where}`)) as { n: number }[])[0]!.n

  beforeAll(async () => {
    await asAdmin([
      `CREATE ROLE ${OWNER} LOGIN PASSWORD '${pw(OWNER)}'`,
      `CREATE ROLE ${APP} LOGIN PASSWORD '${pw(APP)}'`,
      `CREATE ROLE ${OTHER} NOLOGIN`,
      `CREATE DATABASE ${DB} OWNER ${OWNER}`,
      `REVOKE ALL ON DATABASE ${DB} FROM PUBLIC`,
      `GRANT CONNECT ON DATABASE ${DB} TO ${APP}`,
    ])
    // Ten years ago: the branch store migrated by the owner, each workstation recording events into its own chain.
    const ds = await openBranchStore({ url: urlFor(APP), ownerUrl: urlFor(OWNER) })
    try {
      const [server] = (await ds.query('SELECT now() AS now')) as { now: Date }[]
      const serverNow = new Date(server!.now)
      const clock = new FakeClock(serverNow.toISOString())
      const uow = new SqlUnitOfWork(ds)
      const keys = await KeyRing.open(uow, new PassphraseKek(PASSPHRASE), clock)
      const audit = new AuditService(uow, clock, keys, null)
      const pkey = await audit.sealer.pseudonymKey()
      const old = new Date(serverNow)
      old.setUTCFullYear(old.getUTCFullYear() - 10)
      cutoff = old.toISOString()
      for (let r = 0; r < OLD_ROUNDS; r++) {
        for (const ws of WS) {
          const at = new Date(old.getTime() - 2 * 86_400_000 + (r * WS.length + oldCount) * 1000).toISOString()
          const row = await uow.serial((repos) => repos.audit.append((prev) => buildEvent(audit.sealer.seal(input(ws, r), prev.seq + 1, pkey), prev, at, keys.chainKey()), ws))
          lastOld.set(ws, row)
          oldCount++
        }
      }
    } finally {
      await ds.destroy()
    }
    app = new DataSource({ type: 'postgres', url: urlFor(APP) })
    await app.initialize()
    owner = new DataSource({ type: 'postgres', url: urlFor(OWNER) })
    await owner.initialize()
  }, 120_000)

  afterAll(async () => {
    for (const ws of WS) await engines[ws]?.close()
    await app?.destroy()
    await owner?.destroy()
    await asAdmin([`DROP DATABASE IF EXISTS ${DB}`, `DROP ROLE IF EXISTS ${APP}`, `DROP ROLE IF EXISTS ${OWNER}`, `DROP ROLE IF EXISTS ${OTHER}`]).catch(() => undefined)
    for (const d of Object.values(dirs)) d.cleanup()
  })

  it('the app role still may not DELETE an event, not even a 10-year-old one', async () => {
    expect(oldCount).toBe(OLD_ROUNDS * WS.length)
    await expect(app.query(`DELETE FROM audit_event WHERE seq = (SELECT MIN(seq) FROM audit_event)`)).rejects.toThrow(/permission denied/)
    expect(await count()).toBe(oldCount)
  })

  it('the automatic retention at start, under the app role, archives and removes every event older than 10 years; each chain is anchored at its last removed event', async () => {
    const a = await start('ws-a', true)
    await vi.waitFor(async () => expect(await app.query(`SELECT details FROM audit_event WHERE action = 'audit.retention'`)).toHaveLength(1), { timeout: 30_000, interval: 200 })
    const [{ details }] = (await app.query(`SELECT details FROM audit_event WHERE action = 'audit.retention'`)) as [{ details: string }]
    const lastSeq = Math.max(...[...lastOld.values()].map((r) => r.seq))
    const recorded = JSON.parse(details) as Record<string, unknown>
    expect(recorded).toMatchObject({ purged: oldCount, fromSeq: 1, toSeq: lastSeq })
    const archive = join(dirs['ws-a'].path, 'audit-archive', `audit-archive-1-${lastSeq}.sealed`)
    expect(recorded.archiveSha256).toBe(createHash('sha256').update(readFileSync(archive)).digest('hex'))
    expect(await count(`at < '${cutoff}'`)).toBe(0)
    expect(warnings.filter((w) => w.includes('retention'))).toEqual([])
    expect(await app.query(`SELECT workstation, last_chain_seq, last_seq, last_hash FROM audit_chain_anchor ORDER BY workstation`)).toEqual(
      WS.map((ws) => ({ workstation: ws, last_chain_seq: OLD_ROUNDS, last_seq: lastOld.get(ws)!.seq, last_hash: lastOld.get(ws)!.hash })),
    )
    expect(await app.query(`SELECT last_seq, last_hash FROM audit_anchor`)).toEqual([{ last_seq: lastSeq, last_hash: [...lastOld.values()].find((r) => r.seq === lastSeq)!.hash }])
    expect(await a.audit.verifyChain()).toMatchObject({ ok: true })
  }, 60_000)

  it('every workstation chain goes on from its anchor, and every chain verifies on every workstation', async () => {
    const b = await start('ws-b', false)
    const c = await start('ws-c', false)
    for (const e of [engines['ws-a']!, b, c]) for (let i = 0; i < 3; i++) await e.audit.record(input(e.config.workstation, 100 + i))
    const firsts = (await app.query(`SELECT workstation, MIN(chain_seq)::int AS first FROM audit_event WHERE chain_seq IS NOT NULL GROUP BY workstation ORDER BY workstation`)) as { workstation: string; first: number }[]
    expect(firsts).toEqual(WS.map((ws) => ({ workstation: ws, first: OLD_ROUNDS + 1 })))
    for (const ws of WS) {
      const [first] = (await app.query(`SELECT prev_hash FROM audit_event WHERE workstation = $1 ORDER BY chain_seq LIMIT 1`, [ws])) as { prev_hash: string }[]
      expect(first!.prev_hash).toBe(lastOld.get(ws)!.hash)
    }
    for (const e of [engines['ws-a']!, b, c]) await e.audit.checkpointNow()
    for (const e of [engines['ws-a']!, b, c]) expect(await e.audit.verifyChain()).toMatchObject({ ok: true, count: await count() })
  }, 60_000)

  it('the app role calling the function to remove recent events is refused, and so is anyone without the grant', async () => {
    const before = await count()
    const [newest] = (await app.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`)) as { seq: number; hash: string }[]
    const call = `SELECT audit_retention_purge($1, $2, $3, 'audit-archive-x.sealed', '${'0'.repeat(64)}') AS n`
    await expect(app.query(call, [newest!.seq, newest!.hash, before])).rejects.toThrow(/not all older than 10 years/)
    const [oldest] = (await app.query(`SELECT seq, hash FROM audit_event ORDER BY seq LIMIT 1`)) as { seq: number; hash: string }[]
    await expect(app.query(call, [oldest!.seq, oldest!.hash, 1])).rejects.toThrow(/not all older than 10 years/)
    expect(await count()).toBe(before)
    expect(await app.query(`SELECT has_function_privilege($1, 'audit_retention_purge(integer, varchar, integer, varchar, varchar)', 'EXECUTE') AS x`, [OTHER])).toEqual([{ x: false }])
    expect(await app.query(`SELECT prosecdef, proconfig FROM pg_proc WHERE proname = 'audit_retention_purge'`)).toEqual([{ prosecdef: true, proconfig: ['search_path=pg_catalog, pg_temp'] }])
    expect(await engines['ws-b']!.audit.verifyChain()).toMatchObject({ ok: true, count: before })
  })

  it.each([
    ['INSERT an anchor (skip the first events of a chain)', `INSERT INTO audit_chain_anchor (workstation, last_chain_seq, last_seq, last_hash, purged_at) VALUES ('ws-new', 5, 5, '${'0'.repeat(64)}', 'x')`],
    ['UPDATE an anchor', `UPDATE audit_chain_anchor SET last_chain_seq = last_chain_seq + 1`],
    ['DELETE an anchor', `DELETE FROM audit_chain_anchor`],
    ['UPDATE the single chain\'s anchor', `UPDATE audit_anchor SET last_seq = last_seq + 1`],
  ])('the app role may not %s', async (_what, statement) => {
    const before = await app.query('SELECT * FROM audit_chain_anchor ORDER BY workstation')
    await expect(app.query(statement)).rejects.toThrow(/permission denied/)
    expect(await app.query('SELECT * FROM audit_chain_anchor ORDER BY workstation')).toEqual(before)
  })

  it('after retention, the owner deleting the newest events of one chain is named', async () => {
    const a = engines['ws-a']!
    // After retention: no event older than 10 years is left, each chain starts at its anchor.
    expect(await count(`at < '${cutoff}'`)).toBe(0)
    await a.audit.checkpointNow()
    await owner.query(`DROP TRIGGER audit_event_retention_only ON audit_event`)
    const [{ top }] = (await owner.query(`SELECT MAX(chain_seq)::int AS top FROM audit_event WHERE workstation = 'ws-c'`)) as [{ top: number }]
    await owner.query(`DELETE FROM audit_event WHERE workstation = 'ws-c' AND chain_seq > $1`, [top - 2])
    expect(await a.audit.verifyChain()).toMatchObject({ ok: false, reason: 'missing', chain: 'ws-c', chainSeq: top - 1 })
  })

  it('after retention, the owner editing an event of one chain and recomputing every later link is named', async () => {
    const a = engines['ws-a']!
    // After retention: no event older than 10 years is left, each chain starts at its anchor.
    expect(await count(`at < '${cutoff}'`)).toBe(0)
    await owner.query(`DROP TRIGGER audit_event_no_update ON audit_event`)
    const rows = (await owner.query(`SELECT * FROM audit_event WHERE workstation = 'ws-b' ORDER BY chain_seq`)) as Record<string, unknown>[]
    let prevHash = rows[0]!.hash as string
    for (const r of rows.slice(1)) {
      if (r === rows[1]) r.details = '{"i":99}'
      const content = { seq: r.seq, at: r.at, actorStaffId: r.actor_staff_id, workstation: r.workstation, customerRef: r.customer_ref, action: r.action, outcome: r.outcome, details: r.details, chainSeq: Number(r.chain_seq) }
      const hash = createHash('sha256').update(prevHash).update(canonical(content)).digest('hex')
      await owner.query(`UPDATE audit_event SET details = $1, prev_hash = $2, hash = $3, key_version = NULL, customer_sealed = NULL WHERE seq = $4`, [r.details, prevHash, hash, r.seq])
      prevHash = hash
    }
    const verdict = await a.audit.verifyChain()
    expect(verdict.ok).toBe(false)
    expect(verdict).toMatchObject({ breaks: expect.arrayContaining([{ chain: 'ws-b', chainSeq: Number(rows[1]!.chain_seq), brokenAt: Number(rows[1]!.seq), reason: 'link' }]) })
  })
})

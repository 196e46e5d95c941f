import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DataSource } from 'typeorm'
import { createEngine, DEV_AUDIT_WITNESS, STORE_FILE, type Engine } from '../../../src/main/app/composition-root'
import { backupStore, restoreStore } from '../../../src/main/app/backup'
import { loadConfig } from '../../../src/main/app/config'
import { adminPgUrl } from '../../support/pg-database'
import { FAST_ARGON2, startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import type { FakeClock } from '../../support/fake-clock'

/**
 * Issue 14: the store is the local SQLite file and the branch PostgreSQL server is the audit
 * witness (TELLER_AUDIT_WITNESS_PG_URL). The checkpoints and rollback acknowledgements go to a
 * table the workstation's role may only INSERT into and SELECT from; the attacks of the file
 * witness are caught with it: the newest events deleted, an older copy of the store restored.
 * The DBA's part (README) is done here on scripts/with-postgres's throwaway server.
 */
const tag = `${process.pid}_${Date.now()}`
const DB = `teller_witness_${tag}`
const WS = `teller_ws_${tag}`
const WS_PW = 'pw-witness-0123456789'

async function asAdmin(statements: string[], db?: string): Promise<void> {
  const u = new URL(adminPgUrl!)
  if (db) u.pathname = `/${db}`
  const ds = new DataSource({ type: 'postgres', url: u.toString() })
  await ds.initialize()
  try {
    for (const s of statements) await ds.query(s)
  } finally {
    await ds.destroy()
  }
}

const witnessUrl = () => {
  const u = new URL(adminPgUrl!)
  u.username = WS
  u.password = WS_PW
  u.pathname = `/${DB}`
  return u.toString()
}
const event = (i: number) => ({ actorStaffId: 'st-1', workstation: 'ws-test-1', action: 'customer.lookup', outcome: 'success' as const, details: { i } })
const recordN = async (engine: Engine, n: number, from = 0) => {
  for (let i = from; i < from + n; i++) await engine.audit.record(event(i))
}
const reopen = (dataDir: string, clock: FakeClock) =>
  createEngine({ config: loadConfig({}, { appVersion: 't', shell: 'browser', dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300, auditWitnessPg: { url: witnessUrl() } }), clock, argon2: FAST_ARGON2 })

describe.skipIf(!adminPgUrl)('audit checkpoints witnessed by the branch PostgreSQL server (issue 14)', () => {
  let witness: DataSource
  let t: TestEngine | null = null
  const witnessed = async () =>
    ((await witness.query(`SELECT stream, size, line FROM audit_witness ORDER BY id`)) as { stream: string; size: string; line: string }[]).map((r) => ({ ...r, size: Number(r.size) }))

  beforeAll(async () => {
    await asAdmin([`CREATE ROLE ${WS} LOGIN PASSWORD '${WS_PW}'`, `CREATE DATABASE ${DB}`, `REVOKE ALL ON DATABASE ${DB} FROM PUBLIC`, `GRANT CONNECT ON DATABASE ${DB} TO ${WS}`])
    // The table and its grant, exactly as the README gives them to the DBA.
    await asAdmin(
      [
        `CREATE TABLE audit_witness (
           id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           stream text NOT NULL,
           size bigint NOT NULL,
           line text NOT NULL,
           recorded_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
        `CREATE INDEX audit_witness_stream ON audit_witness (stream, id)`,
        `GRANT SELECT, INSERT ON audit_witness TO ${WS}`,
      ],
      DB,
    )
    witness = new DataSource({ type: 'postgres', url: witnessUrl() })
    await witness.initialize()
  }, 60_000)
  afterEach(async () => {
    await t?.close().catch(() => undefined)
    t = null
  })
  afterAll(async () => {
    await witness?.destroy()
    await asAdmin([`DROP DATABASE IF EXISTS ${DB}`, `DROP ROLE IF EXISTS ${WS}`]).catch(() => undefined)
  })

  it('checkpoints go to the server (no witness file is written), and verification uses them', async () => {
    t = await startTestEngine({ auditWitnessPg: { url: witnessUrl() } })
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    const rows = (await witnessed()).filter((r) => r.stream.startsWith('ws-test-1:'))
    expect(rows.at(-1)).toMatchObject({ size: 10 })
    expect(JSON.parse(rows.at(-1)!.line)).toMatchObject({ size: 10 })
    expect(existsSync(join(t.dataDir, DEV_AUDIT_WITNESS))).toBe(false)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true, count: 10 })
  })

  it('the checkpoint status read from the server\'s newest rows: the latest line this store signed, a forged later row passed over', async () => {
    t = await startTestEngine({ auditWitnessPg: { url: witnessUrl() } })
    // More rows than one page of the newest-first read (100), then forged rows after them.
    for (let i = 0; i < 120; i++) {
      await recordN(t.engine, 1, i)
      await t.engine.audit.checkpointNow()
    }
    const at = t.clock.now().toISOString()
    const ours = (await witnessed()).filter((r) => r.stream.startsWith('ws-test-1:')).at(-1)!
    for (let i = 0; i < 150; i++) {
      await witness.query(`INSERT INTO audit_witness (stream, size, line) VALUES ($1, $2, $3)`, [ours.stream, 1000 + i, JSON.stringify({ ...JSON.parse(ours.line), size: 1000 + i })])
    }
    t.clock.advance(7_000)
    const status = await t.engine.gate.auditDesk.checkpointStatus({ staffId: null, workstation: 'ws-test-1' })
    expect(status).toEqual({ witness: 'read', checkpoint: { size: 120, at, ageSeconds: 7 } })
    expect(JSON.stringify(status)).not.toMatch(/postgres|teller_/)
  })

  it('delete the newest k events: the server\'s checkpoint knows they existed', async () => {
    t = await startTestEngine({ auditWitnessPg: { url: witnessUrl() } })
    // The first test's store, on a workstation of the same name, wrote a stream of its own (its own keys).
    await recordN(t.engine, 10)
    await t.engine.audit.checkpointNow()
    expect((await witnessed()).filter((r) => r.stream.startsWith('ws-test-1:')).at(-1)).toMatchObject({ size: 10 })
    const triggers = (await t.engine.ds.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'audit%'`)) as { name: string }[]
    for (const tr of triggers) await t.engine.ds.query(`DROP TRIGGER ${tr.name}`)
    await t.engine.ds.query(`DELETE FROM audit_event WHERE seq > 7`)
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: false, brokenAt: 8, reason: 'missing' })
  })

  it('restore an older copy of the database file: caught against the server\'s checkpoints', async () => {
    await asAdmin(['TRUNCATE audit_witness'], DB)
    t = await startTestEngine({ auditWitnessPg: { url: witnessUrl() } })
    const store = join(t.dataDir, STORE_FILE)
    await recordN(t.engine, 5)
    await t.engine.close()
    copyFileSync(store, join(t.dataDir, 'old-copy.sqlite'))
    let engine = await reopen(t.dataDir, t.clock)
    await recordN(engine, 5, 5)
    await engine.close()
    expect(Math.max(...(await witnessed()).map((r) => r.size))).toBeGreaterThanOrEqual(10)
    for (const suffix of ['', '-wal', '-shm']) rmSync(store + suffix, { force: true })
    copyFileSync(join(t.dataDir, 'old-copy.sqlite'), store)
    engine = await reopen(t.dataDir, t.clock)
    try {
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: false, reason: 'missing' })
    } finally {
      await engine.close()
      rmSync(t.dataDir, { recursive: true, force: true })
      t = null
    }
  })

  it('an acknowledged restore of an older backup is signed into the server, and then verifies as a rollback', async () => {
    await asAdmin(['TRUNCATE audit_witness'], DB)
    const out = tempDir('teller-backups-')
    t = await startTestEngine({ auditWitnessPg: { url: witnessUrl() } })
    await recordN(t.engine, 3)
    const backup = await backupStore(t.engine, out.path)
    await recordN(t.engine, 4, 3)
    await t.engine.close()
    const config = loadConfig({}, { appVersion: 't', shell: 'browser', dataDir: t.dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300, auditWitnessPg: { url: witnessUrl() } })
    await expect(restoreStore(config, backup)).rejects.toMatchObject({ name: 'RestoreRollbackError' })
    const report = await restoreStore(config, backup, { acceptRollback: true, by: 'chief.admin' })
    expect(report.rollback).toMatchObject({ by: 'chief.admin' })
    const acks = (await witnessed()).filter((r) => JSON.parse(r.line).by === 'chief.admin')
    expect(acks).toHaveLength(1)
    const engine = await reopen(t.dataDir, t.clock)
    try {
      expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
    } finally {
      await engine.close()
      rmSync(t.dataDir, { recursive: true, force: true })
      out.cleanup()
      t = null
    }
  })

  it.each([
    ['UPDATE', `UPDATE audit_witness SET size = 1`],
    ['DELETE', `DELETE FROM audit_witness`],
    ['TRUNCATE', `TRUNCATE audit_witness`],
  ])('the workstation\'s role is refused %s on the witness table', async (_what, statement) => {
    await expect(witness.query(statement)).rejects.toThrow(/permission denied/)
  })
})

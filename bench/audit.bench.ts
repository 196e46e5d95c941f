// Audit log (S21): durable append rate of AuditService.record (hash chain, one commit per event)
// against raw sqlite3 per-commit inserts in the same run, then first-page query time over a large
// generated log (AUDIT_BENCH_ROWS, default 10,000,000). Run: npx tsx bench/audit.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { AuditReview } from '../src/main/engine/audit-review'
import { AuditService } from '../src/main/engine/audit.service'
import { systemClock } from '../src/main/engine/clock'
import { SerialQueue } from '../src/main/engine/serial'
import { openStore } from '../src/main/store/data-source'
import { percentile, printRow, time } from './lib'

const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (e) => (e ? reject(e) : resolve())))

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-audit-bench-'))
  const appends = Number(process.env.AUDIT_BENCH_APPENDS ?? 2000)
  const rows = Number(process.env.AUDIT_BENCH_ROWS ?? 10_000_000)

  // 1. Durable appends: the engine's path vs the raw driver, same file settings (WAL, synchronous default).
  const ds = await openStore({ path: join(dir, 'engine.sqlite') })
  const audit = new AuditService(ds, systemClock, new SerialQueue())
  let t0 = process.hrtime.bigint()
  for (let i = 0; i < appends; i++) {
    await audit.record({ actorStaffId: null, workstation: 'bench', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: { i } })
  }
  const engineRate = appends / (Number(process.hrtime.bigint() - t0) / 1e9)
  await ds.destroy()

  const raw = new sqlite3.Database(join(dir, 'raw.sqlite'))
  await run(raw, 'PRAGMA journal_mode = WAL')
  await run(raw, 'CREATE TABLE e (seq integer PRIMARY KEY, at text, workstation text, customer_ref text, action text, outcome text, details text, prev_hash text, hash text)')
  t0 = process.hrtime.bigint()
  for (let i = 0; i < appends; i++) {
    await run(raw, 'INSERT INTO e VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [i + 1, new Date().toISOString(), 'bench', '+77012345678', 'customer.signIn', 'success', `{"i":${i}}`, 'p', `h${i}`])
  }
  const rawRate = appends / (Number(process.hrtime.bigint() - t0) / 1e9)
  await new Promise<void>((resolve, reject) => raw.close((e) => (e ? reject(e) : resolve())))
  console.log(`durable appends: engine ${engineRate.toFixed(0)}/s, raw sqlite3 per-commit ${rawRate.toFixed(0)}/s, ratio ${(engineRate / rawRate).toFixed(2)}x (goal >= 0.8x)`)

  // 2. First page over a large log: generated straight into the engine's table (chain not needed to time reads).
  const bigPath = join(dir, 'big.sqlite')
  await (await openStore({ path: bigPath })).destroy()
  const big = new sqlite3.Database(bigPath)
  t0 = process.hrtime.bigint()
  await run(big, 'PRAGMA journal_mode = WAL')
  // Generated inside SQLite: one row every 15 s from 2020, 200,000 customers, 40 workstations.
  await run(
    big,
    `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash)
     WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
     SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', 1577836800 + i * 15, 'unixepoch'), NULL, 'ws-' || (i % 40),
       '+7701' || printf('%07d', i % 200000), CASE WHEN i % 3 THEN 'customer.signIn' ELSE 'sessionKey.send' END,
       CASE WHEN i % 11 THEN 'success' ELSE 'failure' END, '{}', 'p', 'h' || i FROM c`,
    [rows],
  )
  // Closing checkpoints the WAL; the review below must not start before that is done.
  await new Promise<void>((resolve, reject) => big.close((e) => (e ? reject(e) : resolve())))
  console.log(`generated ${rows.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)

  const bigDs = await openStore({ path: bigPath })
  const review = new AuditReview(bigDs)
  const latest = await time(50, () => review.search({}, null, 50))
  const byPhone = await time(50, () => review.search({ phone: '+77010001234' }, null, 50))
  const byDay = await time(50, () => review.search({ from: '2021-06-01', to: '2021-06-01' }, null, 50))
  const page = await review.search({}, null, 50)
  const second = await time(50, () => review.search({}, page.nextCursor, 50))
  printRow('first page, no filter', latest)
  printRow('first page, by customer phone', byPhone)
  printRow('first page, one Almaty day', byDay)
  printRow('second page (keyset cursor)', second)
  const worst = Math.max(...[latest, byPhone, byDay, second].map((xs) => percentile(xs, 95)))
  console.log(`worst first-page p95 ${worst.toFixed(2)} ms over ${rows.toLocaleString('en')} rows (goal < 100 ms)`)
  await bigDs.destroy()
  rmSync(dir, { recursive: true, force: true })
}

void main()

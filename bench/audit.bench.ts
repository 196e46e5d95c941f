// Audit log (S21): durable append rate of AuditService.record (HMAC chain, signed checkpoints to a
// witness file every 256 events or 1 s, one commit per event)
// against raw sqlite3 per-commit inserts in the same run, then first-page query time over a large
// generated log (AUDIT_BENCH_ROWS, default 10,000,000). Run: npx tsx bench/audit.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { AuditReview } from '../src/main/engine/audit/audit-review'
import { AuditService } from '../src/main/engine/audit/audit.service'
import { pseudonym } from '../src/main/engine/audit/audit-seal-rules'
import { FileWitness } from '../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { systemClock } from '../src/main/engine/kernel/clock'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'
import { openStore } from '../src/main/store/data-source'
import { percentile, printRow, time } from './lib'

const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<void>((resolve, reject) => db.run(sql, params, (e) => (e ? reject(e) : resolve())))

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-audit-bench-'))
  const appends = Number(process.env.AUDIT_BENCH_APPENDS ?? 2000)
  const rows = Number(process.env.AUDIT_BENCH_ROWS ?? 10_000_000)

  // 1. Durable appends: the engine's path (hash chain, serial queue, one commit per event) against
  // the raw driver inserting the same rows into the same table (same indexes, WAL, synchronous
  // default), one autocommit INSERT each. Two rounds each, alternating; the better round counts.
  const ds = await openStore({ path: join(dir, 'engine.sqlite') })
  // The engine's path as the app runs it: HMAC links under the key ring's chain key, signed checkpoints to a witness file.
  const uow = new SqlUnitOfWork(ds)
  const audit = new AuditService(uow, systemClock, await KeyRing.open(uow, new PassphraseKek('bench-passphrase-0123456'), systemClock), new FileWitness(join(dir, 'witness.jsonl')))
  audit.startCheckpoints()
  const rawPath = join(dir, 'raw.sqlite')
  await (await openStore({ path: rawPath })).destroy()
  const raw = new sqlite3.Database(rawPath)
  await run(raw, 'PRAGMA journal_mode = WAL')
  let rawSeq = 0
  const HEX64 = 'ab'.repeat(32)
  const PSEUDONYM_LIKE = `b1:${HEX64}`
  const SEALED_LIKE = `k1:v1.${'A'.repeat(16)}.${'B'.repeat(24)}.${'C'.repeat(22)}`
  const engineRound = async () => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < appends; i++) {
      await audit.record({ actorStaffId: null, workstation: 'bench', customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success', details: { i } })
    }
    return appends / (Number(process.hrtime.bigint() - t0) / 1e9)
  }
  const rawRound = async () => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < appends; i++) {
      rawSeq++
      // The same row as the engine stores (issue 15): a keyed pseudonym, a sealed copy of the phone,
      // 64-hex links and the key version; only computing them is left to the engine.
      await run(raw, 'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        rawSeq, new Date().toISOString(), 'bench', PSEUDONYM_LIKE, 'customer.signIn', 'success', `{"i":${i}}`, HEX64, HEX64.replace(/^.{8}/, String(rawSeq).padStart(8, '0')), 1, SEALED_LIKE,
      ])
    }
    return appends / (Number(process.hrtime.bigint() - t0) / 1e9)
  }
  // The engine runs its INSERT as a statement prepared once (issue 15): for the record, the same
  // rows through a raw prepared statement too (the floor of the driver), into a third file.
  const preparedPath = join(dir, 'raw-prepared.sqlite')
  await (await openStore({ path: preparedPath })).destroy()
  const rawPrepared = new sqlite3.Database(preparedPath)
  await run(rawPrepared, 'PRAGMA journal_mode = WAL')
  const stmt = rawPrepared.prepare('INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
  let preparedSeq = 0
  const preparedRound = async () => {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < appends; i++) {
      preparedSeq++
      await new Promise<void>((resolve, reject) =>
        stmt.run([preparedSeq, new Date().toISOString(), 'bench', PSEUDONYM_LIKE, 'customer.signIn', 'success', `{"i":${i}}`, HEX64, HEX64.replace(/^.{8}/, String(preparedSeq).padStart(8, '0')), 1, SEALED_LIKE], (e: Error | null) => (e ? reject(e) : resolve())),
      )
    }
    return appends / (Number(process.hrtime.bigint() - t0) / 1e9)
  }
  const rawRate = await rawRound() // the first round also warms the JIT and the file system
  const engineRate = Math.max(await engineRound(), await engineRound())
  const rawBest = Math.max(rawRate, await rawRound())
  const preparedBest = Math.max(await preparedRound(), await preparedRound())
  await audit.stopCheckpoints()
  await ds.destroy()
  await new Promise<void>((resolve, reject) => raw.close((e) => (e ? reject(e) : resolve())))
  await new Promise<void>((resolve) => stmt.finalize(() => resolve()))
  await new Promise<void>((resolve, reject) => rawPrepared.close((e) => (e ? reject(e) : resolve())))
  console.log(`durable appends: engine ${engineRate.toFixed(0)}/s, raw sqlite3 per-commit ${rawBest.toFixed(0)}/s (same table and indexes), ratio ${(engineRate / rawBest).toFixed(2)}x (goal >= 0.8x)`)
  console.log(`  for the record: raw sqlite3 prepared statement per-commit ${preparedBest.toFixed(0)}/s, engine ratio to it ${(engineRate / preparedBest).toFixed(2)}x`)

  // 2. First page over a large log: generated straight into the engine's table (chain not needed to time reads).
  const bigPath = join(dir, 'big.sqlite')
  const bigDs = await openStore({ path: bigPath })
  const bigUow = new SqlUnitOfWork(bigDs)
  // Customers are named by keyed pseudonyms (issue 15): the customer searched for below gets the real one.
  const searched = pseudonym('+77010001234', await (await KeyRing.open(bigUow, new PassphraseKek('bench-passphrase-0123456'), systemClock)).mac('blind-index'))
  await bigDs.destroy()
  const big = new sqlite3.Database(bigPath)
  const t0 = process.hrtime.bigint()
  await run(big, 'PRAGMA journal_mode = WAL')
  // Generated inside SQLite: one row every 15 s from 2020, 200,000 customers, 40 workstations.
  await run(
    big,
    `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash)
     WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < ?)
     SELECT i, strftime('%Y-%m-%dT%H:%M:%fZ', 1577836800 + i * 15, 'unixepoch'), NULL, 'ws-' || (i % 40),
       CASE WHEN i % 200000 = 1234 THEN ? ELSE 'b1:' || printf('%064d', i % 200000) END, CASE WHEN i % 3 THEN 'customer.signIn' ELSE 'sessionKey.send' END,
       CASE WHEN i % 11 THEN 'success' ELSE 'failure' END, '{}', 'p', 'h' || i FROM c`,
    [rows, searched],
  )
  // Closing checkpoints the WAL; the review below must not start before that is done.
  await new Promise<void>((resolve, reject) => big.close((e) => (e ? reject(e) : resolve())))
  console.log(`generated ${rows.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)

  const reviewDs = await openStore({ path: bigPath })
  const reviewUow = new SqlUnitOfWork(reviewDs)
  const review = new AuditReview(reviewUow, await KeyRing.open(reviewUow, new PassphraseKek('bench-passphrase-0123456'), systemClock))
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
  await reviewDs.destroy()
  rmSync(dir, { recursive: true, force: true })
}

void main()

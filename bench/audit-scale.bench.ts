// Audit trail at scale (issue 14), printed as figures, not timed tests. Run: npm run bench:audit-scale
// (through scripts/with-postgres for part 1, which needs TELLER_TEST_PG_URL).
// 1. Branch mode: 20 workstations (20 processes, 20 DataSources) appending at once to one
//    PostgreSQL, each to its own chain, against the same 20 on the design before issue 14 (one
//    global lock around tail read + INSERT + COMMIT, statement for statement: audit-scale-worker.ts,
//    on a database of its own) and one workstation alone; then every workstation chain verified. AUDIT_SCALE_WORKSTATIONS (20),
//    AUDIT_SCALE_SECONDS (10, the measured window of each round), AUDIT_SCALE_WARMUP (30 s before it,
//    the same in every round: not counted, so that each figure is the steady state of running
//    processes, not 20 cold starts on 2 cores; the warm-up's own rate is printed too).
// 2. Full verification of AUDIT_SCALE_ROWS (10,000,000) events on SQLite, generated with real
//    HMAC links and a signed checkpoint every 256 events in a witness file: time and peak RSS; then
//    the first page of the review over them (p95).
// AUDIT_SCALE_PART=workstations|verify runs one part only; AUDIT_SCALE_STORE=<folder> keeps the generated
// store there for the next run.
import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import sqlite3 from 'sqlite3'
import { DataSource } from 'typeorm'
import { buildEvent, GENESIS_HASH } from '../src/main/engine/audit/audit-chain-rules'
import { checkpointLine, signCheckpoint } from '../src/main/engine/audit/audit-checkpoint-rules'
import { AuditReview } from '../src/main/engine/audit/audit-review'
import { AuditService } from '../src/main/engine/audit/audit.service'
import type { ChainLink } from '../src/main/engine/audit/audit.repo'
import { FileWitness } from '../src/main/engine/audit/file-witness'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { systemClock } from '../src/main/engine/kernel/clock'
import { openBranchStore, openStore } from '../src/main/store/data-source'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'
import { percentile, printRow, time } from './lib'

const PASSPHRASE = 'bench-passphrase-0123456'
const part = process.env.AUDIT_SCALE_PART ?? 'all'

/**
 * Starts `n` workstation processes, lets them all go at once, and returns the events appended per
 * second in the measured window. The machine's CPU and the database server's own are read when the
 * first worker says its window began and once every worker has reported its count (each then waits,
 * idle with its connections open, until told to end).
 */
async function round(url: string, n: number, mode: 'chains' | 'global' | 'global-server-time', seconds: number, prefix: string): Promise<number> {
  const name = mode !== 'chains' ? mode : n === 1 ? 'one' : 'chains'
  let start: { cpu: { busy: number; total: number }; pg: Map<string, number> } | null = null
  const children = Array.from({ length: n }, (_, i) => {
    const args = ['--import', 'tsx', 'bench/audit-scale-worker.ts', `${prefix}-${String(i).padStart(2, '0')}`, mode, String(warmup * 1000), String(seconds * 1000)]
    // The database URL holds its password: in the environment, never in argv (as bench/soak-branch.ts does).
    const child = spawn(process.execPath, args, { env: { ...process.env, AUDIT_SCALE_DB_URL: url }, stdio: ['pipe', 'pipe', 'inherit'] })
    let out = ''
    let resolveCount: (c: { count: number; warm: number }) => void = () => undefined
    const counted = new Promise<{ count: number; warm: number }>((resolve) => (resolveCount = resolve))
    const ready = new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString()
        if (process.env.AUDIT_SCALE_DEBUG) console.log(`[${i}] ${c.toString().trim()}`)
        if (out.includes('ready')) resolve()
        if (out.includes('measuring') && !start) start = { cpu: machineCpu(), pg: serverCpuMs(postmaster) }
        const last = out.trim().split('\n').at(-1)!
        if (last.startsWith('{') && last.endsWith('}')) resolveCount(JSON.parse(last) as { count: number; warm: number })
      }),
    )
    const exited = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`)))))
    // A worker that dies before its count fails the round (and the bench drops its databases).
    return { child, ready, counted: Promise.race([counted, exited.then(() => counted)]), exited }
  })
  await Promise.all(children.map((c) => c.ready))
  for (const c of children) c.child.stdin.write('go\n')
  const counts = await Promise.all(children.map((c) => c.counted))
  const cpu1 = machineCpu()
  const pg1 = serverCpuMs(postmaster)
  for (const c of children) c.child.stdin.end('end\n')
  await Promise.all(children.map((c) => c.exited))
  const from = start!
  busy[name] = (cpu1.busy - from.cpu.busy) / (cpu1.total - from.cpu.total)
  let used = 0
  for (const [pid, ms] of pg1) used += ms - (from.pg.get(pid) ?? 0)
  warmRate[name] = warmup > 0 ? counts.reduce((a, c) => a + c.warm, 0) / warmup : 0
  const measured = counts.reduce((a, c) => a + c.count, 0)
  serverMs[name] = pg1.size > 0 ? used / measured : null
  return measured / seconds
}

/** The PostgreSQL server's postmaster, when it runs on this machine (the parent of a backend): its processes are the server's CPU. */
let postmaster: string | null = null

async function findPostmaster(ds: DataSource): Promise<string | null> {
  const [{ pid }] = (await ds.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }]
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? null
  } catch {
    // The server runs on another machine: its CPU is not read.
    return null
  }
}

/**
 * CPU time (ms) used so far by each process of the PostgreSQL server (/proc: the postmaster and its
 * children; none when the server is not on this machine). A backend that ends during the window (an
 * idle pool connection closed) loses its last part: the workers' own connections stay open through
 * the round.
 */
function serverCpuMs(master: string | null): Map<string, number> {
  const tick = 1000 / 100
  const used = new Map<string, number>()
  if (!master) return used
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (pid !== master && f[1] !== master) continue
      used.set(pid, (Number(f[11]) + Number(f[12])) * tick)
    } catch {
      // The process ended meanwhile.
    }
  }
  return used
}

/** The database server's CPU per event appended in each measured window (ms; null when the server is not on this machine). */
const serverMs: Record<string, number | null> = {}

/** Seconds each worker appends before its measured window. */
const warmup = Number(process.env.AUDIT_SCALE_WARMUP ?? 30)
/** The rate during each round's warm-up, printed beside the measured one. */
const warmRate: Record<string, number> = {}

/** The machine's CPU time so far (all cores, from /proc/stat): busy and total jiffies. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = f.reduce((a, b) => a + b, 0)
  return { busy: total - f[3]! - (f[4] ?? 0), total }
}

/** How busy the machine's cores were during each round: the global lock leaves them idle, the chains use them. */
const busy: Record<string, number> = {}

async function workstations(dir: string): Promise<void> {
  const admin = process.env.TELLER_TEST_PG_URL
  if (!admin) return void console.log('part 1 skipped: TELLER_TEST_PG_URL is not set (run through scripts/with-postgres)')
  const n = Number(process.env.AUDIT_SCALE_WORKSTATIONS ?? 20)
  const seconds = Number(process.env.AUDIT_SCALE_SECONDS ?? 10)
  const name = `teller_scale_${process.pid}`
  // The design before runs on a database of its own, on the same server: its rows are one single chain.
  const single = `${name}_single`
  const server = new DataSource({ type: 'postgres', url: admin })
  await server.initialize()
  await server.query(`CREATE DATABASE ${name}`)
  await server.query(`CREATE DATABASE ${single}`)
  const url = new URL(admin)
  url.pathname = `/${name}`
  const singleUrl = new URL(admin)
  singleUrl.pathname = `/${single}`
  try {
    const ds = await openBranchStore({ url: url.toString() })
    const uow = new SqlUnitOfWork(ds)
    const keys = await KeyRing.open(uow, new PassphraseKek(PASSPHRASE), systemClock)
    postmaster = await findPostmaster(ds)
    const before = await openBranchStore({ url: singleUrl.toString() })
    await KeyRing.open(new SqlUnitOfWork(before), new PassphraseKek(PASSPHRASE), systemClock)
    await before.destroy()
    console.log(`${n} workstations, ${seconds} s measured a round after ${warmup} s of warm-up`)
    const one = await round(url.toString(), 1, 'chains', seconds, 'solo')
    const global = await round(singleUrl.toString(), n, 'global', seconds, 'glob')
    const globalServer = await round(singleUrl.toString(), n, 'global-server-time', seconds, 'gsrv')
    const chains = await round(url.toString(), n, 'chains', seconds, 'ws')
    console.log(`branch appends: 1 workstation ${one.toFixed(0)}/s; ${n} workstations on one global lock (the design before, as it was) ${global.toFixed(0)}/s; the same with the server's clock read under the lock ${globalServer.toFixed(0)}/s; ${n} workstations, one chain each ${chains.toFixed(0)}/s`)
    const pct = (k: string) => `${Math.round((busy[k] ?? 0) * 100)}%`
    console.log(`machine CPU busy (${cpus().length} cores): 1 workstation ${pct('one')}, ${n} on the global lock ${pct('global')} (with the server's clock ${pct('global-server-time')}), ${n} chains ${pct('chains')}`)
    if (warmup > 0) console.log(`during the warm-up (not counted): 1 workstation ${warmRate.one!.toFixed(0)}/s; ${n} on the global lock ${warmRate.global!.toFixed(0)}/s (with the server's clock ${warmRate['global-server-time']!.toFixed(0)}/s); ${n} chains ${warmRate.chains!.toFixed(0)}/s`)
    const per = (k: string) => (serverMs[k] ? `${serverMs[k].toFixed(3)} ms` : 'n/a')
    const bound = serverMs.chains ? `; with the workstations on machines of their own, ${cpus().length} server cores would bound ${n} chains at about ${Math.round((cpus().length * 1000) / serverMs.chains).toLocaleString('en')}/s (an estimate, not a measurement: the server processes' CPU only, on the back-to-back path, without the disk's own time)` : ''
    console.log(`database server CPU per event: 1 workstation ${per('one')}, ${n} on the global lock ${per('global')} (with the server's clock ${per('global-server-time')}), ${n} chains ${per('chains')}${bound}`)
    console.log(`ratio ${n} chains / 1 workstation ${(chains / one).toFixed(2)}x; ${n} chains / the design before, as it was ${(chains / global).toFixed(2)}x (goal >= 5x); / the same with the server's clock ${(chains / globalServer).toFixed(2)}x`)
    const audit = new AuditService(uow, systemClock, keys, new FileWitness(join(dir, 'branch-witness.jsonl')))
    await audit.record({ actorStaffId: null, workstation: 'bench-parent', action: 'customer.signIn', outcome: 'success' })
    await audit.checkpointNow()
    const t0 = process.hrtime.bigint()
    const verdict = await audit.verifyChain()
    const [{ chains: c }] = (await ds.query(`SELECT COUNT(DISTINCT workstation)::int AS chains FROM audit_event WHERE chain_seq IS NOT NULL`)) as [{ chains: number }]
    console.log(`verified afterwards: ${JSON.stringify({ ok: verdict.ok, count: verdict.ok ? verdict.count : undefined, chains: c })} in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)
    await ds.destroy()
  } finally {
    await server.query(`DROP DATABASE IF EXISTS ${name}`)
    await server.query(`DROP DATABASE IF EXISTS ${single}`)
    await server.destroy()
  }
}

const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) => new Promise<void>((resolve, reject) => db.run(sql, params, (e) => (e ? reject(e) : resolve())))

async function verification(dir: string): Promise<void> {
  const rows = Number(process.env.AUDIT_SCALE_ROWS ?? 10_000_000)
  // AUDIT_SCALE_STORE=<folder>: the generated store is kept there and used again by the next run (generation takes minutes).
  const kept = process.env.AUDIT_SCALE_STORE
  const folder = kept ?? dir
  mkdirSync(folder, { recursive: true })
  const path = join(folder, `big-${rows}.sqlite`)
  const witness = join(folder, `witness-${rows}.jsonl`)
  if (!kept || !existsSync(witness)) await generate(path, witness, rows)
  else console.log(`using the ${rows.toLocaleString('en')} events generated before in ${kept}`)
  await verifyAndReview(path, witness, rows)
}

async function generate(path: string, witness: string, rows: number): Promise<void> {
  // Written under another name and renamed once complete: an interrupted run is never used again.
  const part = `${witness}.part`
  for (const f of [path, part, witness]) rmSync(f, { force: true })
  const ds = await openStore({ path })
  const keys = await KeyRing.open(new SqlUnitOfWork(ds), new PassphraseKek(PASSPHRASE), systemClock)
  const key = keys.chainKey()
  const signer = keys.checkpointSigner().privateKey
  await ds.destroy()
  // Generated with the engine's own rules (HMAC links under the ring's chain key, a checkpoint every
  // 256 events), written in batches straight into the table through SQLite's JSON reader.
  const db = new sqlite3.Database(path)
  await run(db, 'PRAGMA journal_mode = WAL')
  await run(db, 'PRAGMA synchronous = OFF')
  const t0 = process.hrtime.bigint()
  const BATCH = 10_000
  const start = Date.parse('2020-01-01T00:00:00.000Z')
  let prev: ChainLink = { seq: 0, hash: GENESIS_HASH }
  for (let from = 1; from <= rows; from += BATCH) {
    const batch: unknown[][] = []
    let lines = ''
    for (let seq = from; seq < Math.min(from + BATCH, rows + 1); seq++) {
      const at = new Date(start + seq * 15_000).toISOString()
      const row = buildEvent({ actorStaffId: null, workstation: `ws-${seq % 40}`, action: seq % 3 ? 'customer.signIn' : 'sessionKey.send', outcome: seq % 11 ? 'success' : 'failure', details: { n: seq % 7 } }, prev, at, key)
      batch.push([row.seq, row.at, row.workstation, row.action, row.outcome, row.details, row.prevHash, row.hash, row.keyVersion])
      prev = row
      if (seq % 256 === 0 || seq === rows) lines += checkpointLine(signCheckpoint({ size: seq, head: row.hash, at, keyedFrom: 1 }, signer))
    }
    await run(db, 'BEGIN')
    await run(
      db,
      `INSERT INTO audit_event (seq, at, workstation, action, outcome, details, prev_hash, hash, key_version)
       SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, j.value ->> 8 FROM json_each(?) j`,
      [JSON.stringify(batch)],
    )
    await run(db, 'COMMIT')
    appendFileSync(part, lines)
  }
  await new Promise<void>((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())))
  renameSync(part, witness)
  console.log(`generated ${rows.toLocaleString('en')} events with HMAC links and ${Math.ceil(rows / 256).toLocaleString('en')} signed checkpoints in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)
}

async function verifyAndReview(path: string, witness: string, rows: number): Promise<void> {

  const store = await openStore({ path })
  const uow = new SqlUnitOfWork(store)
  const ring = await KeyRing.open(uow, new PassphraseKek(PASSPHRASE), systemClock)
  const audit = new AuditService(uow, systemClock, ring, new FileWitness(witness))
  const rssBefore = process.memoryUsage().rss
  const t1 = process.hrtime.bigint()
  const verdict = await audit.verifyChain()
  const secs = Number(process.hrtime.bigint() - t1) / 1e9
  const peak = process.resourceUsage().maxRSS / 1024
  console.log(`full verification: ${JSON.stringify({ ok: verdict.ok, count: verdict.ok ? verdict.count : undefined })} in ${secs.toFixed(1)} s (${Math.round(rows / secs).toLocaleString('en')} events/s; goal 10,000,000 in < 60 s${rows === 10_000_000 ? '' : `, extrapolated ${((10_000_000 / rows) * secs).toFixed(0)} s for 10M`})`)
  console.log(`peak RSS ${peak.toFixed(0)} MB (RSS ${Math.round(rssBefore / 2 ** 20)} MB before the walk)`)
  const review = new AuditReview(uow, ring)
  const first = await time(50, () => review.search({}, null, 50))
  const day = await time(50, () => review.search({ from: '2021-06-01', to: '2021-06-01' }, null, 50))
  const page = await review.search({}, null, 50)
  const second = await time(50, () => review.search({}, page.nextCursor, 50))
  printRow('first page, no filter', first)
  printRow('first page, one Almaty day', day)
  printRow('second page (keyset cursor)', second)
  console.log(`worst first-page p95 ${Math.max(...[first, day, second].map((xs) => percentile(xs, 95))).toFixed(2)} ms over ${rows.toLocaleString('en')} events (goal < 100 ms)`)
  await store.destroy()
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-audit-scale-'))
  try {
    if (part !== 'verify') await workstations(dir)
    if (part !== 'workstations') await verification(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()

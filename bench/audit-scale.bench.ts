// Audit trail at scale (issue 14), printed as figures, not timed tests. Run: npm run bench:audit-scale
// (through scripts/with-postgres for part 1, which needs TELLER_TEST_PG_URL).
// 1. Branch mode: 20 workstations (20 processes, 20 DataSources) appending at once to one
//    PostgreSQL, each to its own chain, against the same 20 on the design before issue 14 (one
//    global lock around tail read + INSERT + COMMIT, statement for statement: audit-scale-worker.ts,
//    on a database of its own), one workstation alone, and a bare INSERT as a reference; then every
//    workstation chain verified and every append found stored. Each round starts its 20 processes,
//    warms them up (AUDIT_SCALE_WARMUP, 30 s: 20 processes on 2 cores take that long to reach their
//    steady state), measures one window (AUDIT_SCALE_SECONDS, 10 s) and ends them; before each round
//    the server finishes what the last one left (checkpoint, vacuum). The designs compared run in
//    AUDIT_SCALE_CYCLES (3) cycles in rotation, each first, second and third once, so that neither a
//    noisy spell on a shared machine nor a place in the order favours one: the ratio is given per
//    cycle and as the median (1 workstation runs once before them, the reference once after).
//    AUDIT_SCALE_WORKSTATIONS (20); AUDIT_SCALE_SETS picks some of one,global,chains,gsrv,bare.
// 2. Full verification of AUDIT_SCALE_ROWS (10,000,000) events on SQLite, generated with real
//    HMAC links and a signed checkpoint every 256 events in a witness file: time and peak RSS; then
//    the first page of the review over them (p95).
// AUDIT_SCALE_PART=workstations|verify runs one part only; AUDIT_SCALE_STORE=<folder> keeps the generated
// store there for the next run.
import { spawn } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { createInterface } from 'node:readline'
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
import { BARE_TABLE, type WindowReport, type WorkerMode } from './audit-scale-protocol'
import { percentile, printRow, time } from './lib'

const PASSPHRASE = 'bench-passphrase-0123456'
const part = process.env.AUDIT_SCALE_PART ?? 'all'

/** One measured window of a set of workers. */
interface Window {
  /** Events appended per second, all workers together. */
  rate: number
  /** How busy the machine's cores were (0..1). */
  busy: number
  /** The database server's own CPU per event (ms; null when the server is not on this machine). */
  serverMs: number | null
  /** The workers' own CPU per event (ms): the simulated workstations, here on the server's cores. */
  workstationMs: number
  /** Events appended per second during the warm-up before the window. */
  warmRate: number
  /** Every append the workers made (warm-ups and windows). */
  total: number
}

interface WorkerSet {
  run(warmMs: number, ms: number): Promise<Window>
  end(): Promise<void>
}

/**
 * Starts `n` workstation processes of one mode and waits until each has its store and keys open.
 * `run` has them all append at once: a warm-up not counted, then the window; the machine's CPU, the
 * database server's and the workers' own are read when the first worker says its window began and
 * once every worker has reported its count (a worker then sits idle, its connections open).
 */
async function startSet(url: string, n: number, mode: WorkerMode, prefix: string): Promise<WorkerSet> {
  const workers = Array.from({ length: n }, (_, i) => {
    const args = ['--import', 'tsx', 'bench/audit-scale-worker.ts', `${prefix}-${String(i).padStart(2, '0')}`, mode]
    // The database URL holds its password: in the environment, never in argv (as bench/soak-branch.ts does).
    const child = spawn(process.execPath, args, { env: { ...process.env, AUDIT_SCALE_DB_URL: url }, stdio: ['pipe', 'pipe', 'inherit'] })
    const lines: string[] = []
    const waiting: ((line: string) => void)[] = []
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (process.env.AUDIT_SCALE_DEBUG) console.log(`[${prefix}-${i}] ${line}`)
      const next = waiting.shift()
      if (next) next(line)
      else lines.push(line)
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    // A worker that dies fails the round (and the bench drops its databases).
    const died = exited.then((code) => Promise.reject(new Error(`worker ${prefix}-${i} (${mode}) exited ${code}`)))
    died.catch(() => undefined)
    const line = (): Promise<string> => Promise.race([lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => waiting.push(resolve)), died])
    return { child, line, exited }
  })
  try {
    for (const w of workers) if ((await w.line()) !== 'ready') throw new Error(`worker of ${mode} did not say ready`)
  } catch (e) {
    // One failed to open: the others would wait on stdin for ever (and keep the bench alive).
    for (const w of workers) w.child.kill()
    throw e
  }
  return {
    async run(warmMs, ms) {
      for (const w of workers) w.child.stdin.write(`run ${warmMs} ${ms}\n`)
      let start: { cpu: ReturnType<typeof machineCpu>; server: Map<string, number>; at: number } | null = null
      const reports = await Promise.all(
        workers.map(async (w) => {
          if ((await w.line()) !== 'measuring') throw new Error('worker out of step')
          start ??= { cpu: machineCpu(), server: serverCpuMs(postmaster), at: performance.now() }
          return JSON.parse(await w.line()) as WindowReport
        }),
      )
      const cpu = machineCpu()
      const server = serverCpuMs(postmaster)
      const from = start!
      const span = (performance.now() - from.at) / 1000
      // Each worker's rate over its own window; the machine and the server are read over the span
      // from the first window's start to the last count, a little longer than any one window.
      const rate = reports.reduce((a, r) => a + r.count / (r.ms / 1000), 0)
      const events = reports.reduce((a, r) => a + r.count, 0)
      let used = 0
      for (const [pid, spent] of server) used += spent - (from.server.get(pid) ?? 0)
      return {
        rate,
        busy: (cpu.busy - from.cpu.busy) / (cpu.total - from.cpu.total),
        serverMs: server.size > 0 ? used / (rate * span) : null,
        workstationMs: reports.reduce((a, r) => a + r.cpuMs, 0) / events,
        warmRate: warmMs > 0 ? reports.reduce((a, r) => a + r.warm, 0) / (warmMs / 1000) : 0,
        total: reports.reduce((a, r) => a + r.total, 0),
      }
    },
    async end() {
      for (const w of workers) w.child.stdin.end('end\n')
      const codes = await Promise.all(workers.map((w) => w.exited))
      if (codes.some((c) => c !== 0)) throw new Error(`a worker of ${mode} exited ${codes.find((c) => c !== 0)}`)
    },
  }
}

/** The PostgreSQL server's postmaster, when it runs on this machine (the parent of a backend): its processes are the server's CPU. */
let postmaster: string | null = null

async function findPostmaster(ds: DataSource): Promise<string | null> {
  const [{ pid }] = (await ds.query('SELECT pg_backend_pid() AS pid')) as [{ pid: number }]
  try {
    const parent = statFields(String(pid))[1]
    // The same pid on this machine may be another program when the server is elsewhere.
    return parent && readFileSync(`/proc/${parent}/comm`, 'utf8').trim() === 'postgres' ? parent : null
  } catch {
    // The server runs on another machine: its CPU is not read.
    return null
  }
}

/** The fields of /proc/<pid>/stat after the command's name: [0] is the state, [1] the parent, [11] and [12] user and system ticks. */
function statFields(pid: string): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
}

const TICK_MS = 1000 / 100

/**
 * CPU time (ms) used so far by each process of the PostgreSQL server (/proc: the postmaster and its
 * children; none when the server is not on this machine). A backend that ends during the window (an
 * idle pool connection closed) loses its last part: the workers' own connections stay open through
 * the window.
 */
function serverCpuMs(master: string | null): Map<string, number> {
  const used = new Map<string, number>()
  if (!master) return used
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const f = statFields(pid)
      if (pid !== master && f[1] !== master) continue
      used.set(pid, (Number(f[11]) + Number(f[12])) * TICK_MS)
    } catch {
      // The process ended meanwhile.
    }
  }
  return used
}

/** The machine's CPU time so far (all cores, from /proc/stat): busy and total jiffies. */
function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const total = f.reduce((a, b) => a + b, 0)
  return { busy: total - f[3]! - (f[4] ?? 0), total }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * Lets the server finish what the last round left: a vacuum does the work autovacuum would
 * otherwise do during the next round, a checkpoint writes the dirty pages (the vacuums' too), and
 * any autovacuum still running is waited for (up to a minute). A database whose audit table is still empty is not
 * analyzed: with an empty table's statistics, the prepared INSERT of the next round would check the
 * place before by a full scan until the next ANALYZE.
 */
async function settle(databases: DataSource[]): Promise<void> {
  for (const db of databases) {
    const [{ any }] = (await db.query('SELECT EXISTS (SELECT 1 FROM audit_event) AS "any"')) as [{ any: boolean }]
    if (any) await db.query('VACUUM (ANALYZE)')
  }
  // One checkpoint serves the whole server, after the vacuums have dirtied their pages.
  await databases[0]!.query('CHECKPOINT')
  for (let i = 0; i < 60; i++) {
    const [{ busy }] = (await databases[0]!.query(`SELECT COUNT(*)::int AS busy FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`)) as [{ busy: number }]
    if (busy === 0) return
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
}

async function workstations(dir: string): Promise<void> {
  const admin = process.env.TELLER_TEST_PG_URL
  if (!admin) return void console.log('part 1 skipped: TELLER_TEST_PG_URL is not set (run through scripts/with-postgres)')
  const n = Number(process.env.AUDIT_SCALE_WORKSTATIONS ?? 20)
  const seconds = Number(process.env.AUDIT_SCALE_SECONDS ?? 10)
  const warmup = Number(process.env.AUDIT_SCALE_WARMUP ?? 30)
  const cycles = Number(process.env.AUDIT_SCALE_CYCLES ?? 3)
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
  /** The set whose round is under way: ended by the cleanup if the round fails. */
  let running: WorkerSet | null = null
  try {
    const ds = await openBranchStore({ url: url.toString() })
    const uow = new SqlUnitOfWork(ds)
    const keys = await KeyRing.open(uow, new PassphraseKek(PASSPHRASE), systemClock)
    postmaster = await findPostmaster(ds)
    const before = await openBranchStore({ url: singleUrl.toString() })
    await KeyRing.open(new SqlUnitOfWork(before), new PassphraseKek(PASSPHRASE), systemClock)
    await before.query(`CREATE TABLE ${BARE_TABLE} (id bigserial PRIMARY KEY, workstation varchar(128) NOT NULL, n integer NOT NULL)`)
    const designs = [
      { key: 'one', label: '1 workstation', url: url.toString(), n: 1, mode: 'chains' as const, prefix: 'solo' },
      { key: 'global', label: `${n} on one global lock (the design before, as it was)`, url: singleUrl.toString(), n, mode: 'global' as const, prefix: 'glob' },
      { key: 'chains', label: `${n} chains`, url: url.toString(), n, mode: 'chains' as const, prefix: 'ws' },
      { key: 'gsrv', label: `${n} on one global lock + the server's clock`, url: singleUrl.toString(), n, mode: 'global-server-time' as const, prefix: 'gsrv' },
      { key: 'bare', label: `${n} bare INSERTs (reference)`, url: singleUrl.toString(), n, mode: 'bare' as const, prefix: 'bare' },
    ].filter((d) => !process.env.AUDIT_SCALE_SETS || process.env.AUDIT_SCALE_SETS.split(',').includes(d.key))
    // The chains rounds of every cycle append as the same workstations: new processes carry on the same chains, reading their heads afresh.
    const keyed = new Map(designs.map((d) => [d.key, d]))
    const has = (k: string) => keyed.has(k)
    // The designs compared take turns in a rotation, so that each runs first, second and third once
    // in 3 cycles; 1 workstation runs before them and the reference after them, once.
    const compared = ['global', 'chains', 'gsrv'].filter(has)
    const rounds = [...['one'].filter(has).map((k) => ({ k, c: 0 })), ...Array.from({ length: cycles }, (_, c) => compared.map((_, i) => ({ k: compared[(i + c) % compared.length]!, c }))).flat(), ...['bare'].filter(has).map((k) => ({ k, c: 0 }))]
    console.log(`${n} workstations; ${cycles} cycles of ${compared.join(', ')} in rotation${has('one') ? ', 1 workstation before them' : ''}${has('bare') ? ', the reference after them' : ''}; each round starts its processes, warms them up ${warmup} s, measures ${seconds} s and ends them`)
    const windows = new Map<string, Window[]>(designs.map((d) => [d.key, []]))
    for (const { k, c } of rounds) {
      // What the round before left behind (dirty pages, vacuum work) is done before this round starts, not counted in it.
      await settle([ds, before])
      const d = keyed.get(k)!
      running = await startSet(d.url, d.n, d.mode, d.prefix)
      const w = await running.run(warmup * 1000, seconds * 1000)
      windows.get(k)!.push(w)
      await running.end()
      running = null
      console.log(`${compared.includes(k) ? `cycle ${c + 1}, ` : ''}${d.label}: ${w.rate.toFixed(0)}/s (${w.warmRate.toFixed(0)}/s during its warm-up)`)
    }
    await before.destroy()
    const med = (k: string, f: (w: Window) => number) => median(windows.get(k)!.map(f))
    const rate = (k: string) => med(k, (w) => w.rate)
    const ratios = (k: string) => windows.get('chains')!.map((w, c) => w.rate / windows.get(k)![c]!.rate)
    const list = (xs: number[]) => xs.map((x) => `${x.toFixed(2)}x`).join(', ')
    console.log(`branch appends (median of the cycles): ${designs.map((d) => `${d.label} ${rate(d.key).toFixed(0)}/s`).join('; ')}`)
    if (has('chains') && has('global')) console.log(`ratio ${n} chains / the design before, as it was: median ${median(ratios('global')).toFixed(2)}x (cycles: ${list(ratios('global'))}) (goal >= 5x)`)
    if (has('chains') && has('gsrv')) console.log(`ratio ${n} chains / the same with the server's clock: median ${median(ratios('gsrv')).toFixed(2)}x (cycles: ${list(ratios('gsrv'))})`)
    if (has('chains') && has('one')) console.log(`ratio ${n} chains / 1 workstation ${(rate('chains') / rate('one')).toFixed(2)}x`)
    if (has('bare')) console.log(`reference: ${n} processes each committing a bare two-column INSERT (no sealing, no link, one index) reach ${rate('bare').toFixed(0)}/s on this machine${designs.filter((d) => d.key !== 'bare').map((d) => `; ${d.label} ${Math.round((100 * rate(d.key)) / rate('bare'))}% of that`).join('')}`)
    const pct = (k: string) => `${Math.round(med(k, (w) => w.busy) * 100)}%`
    console.log(`machine CPU busy (${cpus().length} cores, median): ${designs.map((d) => `${d.label} ${pct(d.key)}`).join(', ')}`)
    const serverPer = (k: string) => (postmaster === null ? null : med(k, (w) => w.serverMs!))
    const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(3)} ms`)
    console.log(`CPU per event (median), the workstation processes + the database server: ${designs.map((d) => `${d.label} ${ms(med(d.key, (w) => w.workstationMs))} + ${ms(serverPer(d.key))}`).join('; ')}`)
    const chainsServer = has('chains') ? serverPer('chains') : null
    if (chainsServer) console.log(`with the workstations on machines of their own, ${cpus().length} server cores would bound ${n} chains at about ${Math.round((cpus().length * 1000) / chainsServer).toLocaleString('en')}/s (an estimate, not a measurement: the server processes' CPU only, on the back-to-back path, without the disk's own time)`)
    // Every append the workstation chains' workers made is stored, once: the count is checked, not assumed.
    const appended = ['one', 'chains'].filter(has).reduce((a, k) => a + windows.get(k)!.reduce((b, w) => b + w.total, 0), 0)
    const audit = new AuditService(uow, systemClock, keys, new FileWitness(join(dir, 'branch-witness.jsonl')))
    await audit.record({ actorStaffId: null, workstation: 'bench-parent', action: 'customer.signIn', outcome: 'success' })
    await audit.checkpointNow()
    const t0 = process.hrtime.bigint()
    const verdict = await audit.verifyChain()
    const [{ chains: c }] = (await ds.query(`SELECT COUNT(DISTINCT workstation)::int AS chains FROM audit_event WHERE chain_seq IS NOT NULL`)) as [{ chains: number }]
    console.log(`verified afterwards: ${JSON.stringify({ ok: verdict.ok, count: verdict.ok ? verdict.count : undefined, chains: c })} in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`)
    const workstationChains = (has('one') ? 1 : 0) + (has('chains') ? n : 0)
    if (!verdict.ok || verdict.count !== appended + 1 || c !== workstationChains + 1) throw new Error(`stored ${verdict.ok ? verdict.count : '?'} events in ${c} chains; the workers appended ${appended} (+1 by the bench) in ${workstationChains} (+1)`)
    console.log(`stored: every one of the ${appended.toLocaleString('en')} appends of the workstations (and the bench's own), in ${c} chains`)
    await ds.destroy()
  } finally {
    await running?.end().catch(() => undefined)
    await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await server.query(`DROP DATABASE IF EXISTS ${single} WITH (FORCE)`)
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

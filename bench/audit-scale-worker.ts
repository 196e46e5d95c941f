// One simulated workstation of bench/audit-scale.bench.ts: its own process and DataSource on the
// branch PostgreSQL (its URL in AUDIT_SCALE_DB_URL, not argv: it holds the password). Says "ready"
// once the store and keys are open, then obeys its stdin, a line at a time:
// - `run <warmMs> <ms>`: appends for warmMs (not counted), says "measuring", appends for ms and prints
//   {"count", "warm", "total", "cpuMs", "ms"} (the events appended in the window and in the warm-up,
//   every append so far, its own CPU in the window and the window's length), then sits idle with its
//   connections open;
// - `end`: closes its connections and exits.
// A workstation runs for hours: the warm-up lets each process's JIT and pool settle, so that the
// window measures the steady state (20 processes on 2 cores take tens of seconds to get there).
// Modes:
// - "chains": the app's path (its own chain under its own lock, `AuditService.record`);
// - "global": the design before issue 14 (19f24af^), statement for statement: one transaction that
//   takes the one global audit-chain lock, reads the tail of the single chain, inserts the next
//   event (seq = tail + 1, the workstation's clock, as then) and commits: 4 statements under the
//   lock. The event is sealed and linked as the app does today. Run on a database of its own (its
//   single-chain rows are not the workstation chains the other rounds verify);
// - "global-server-time": the same, with the event's time read from the database server's clock
//   under the lock (`SELECT clock_timestamp()`), as issue 14 requires of every design: 5 statements;
// - "bare": a reference, not an audit design: one autocommit INSERT of a two-column row into a table
//   with no index but its key, on the same pg pool, without sealing or linking: about what 20
//   processes can commit at most on this machine, one statement an event.
// No design here has a witness: no checkpoint is signed during a window (the bench signs one after).
import { createInterface } from 'node:readline'
import { buildEvent, GENESIS_HASH } from '../src/main/engine/audit/audit-chain-rules'
import { AuditService } from '../src/main/engine/audit/audit.service'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { systemClock } from '../src/main/engine/kernel/clock'
import { openBranchStore } from '../src/main/store/data-source'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'
import { BARE_TABLE, type WindowReport, type WorkerMode } from './audit-scale-protocol'

const INSERT_SINGLE_CHAIN =
  'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)'

async function main(): Promise<void> {
  const [workstation, mode] = process.argv.slice(2) as [string, WorkerMode]
  const url = process.env.AUDIT_SCALE_DB_URL
  if (!url) throw new Error('AUDIT_SCALE_DB_URL is not set (the bench starts this worker)')
  const ds = await openBranchStore({ url })
  const uow = new SqlUnitOfWork(ds)
  const keys = await KeyRing.open(uow, new PassphraseKek('bench-passphrase-0123456'), systemClock)
  const audit = new AuditService(uow, systemClock, keys)
  const pkey = await audit.sealer.pseudonymKey()
  const input = (i: number) => ({ actorStaffId: null, workstation, customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { i } })
  const singleLock = (i: number) =>
    ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('audit-chain'))`)
      const [tail] = (await m.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`)) as { seq: number; hash: string }[]
      const prev = tail ? { seq: Number(tail.seq), hash: tail.hash } : { seq: 0, hash: GENESIS_HASH }
      const at = mode === 'global-server-time' ? new Date(((await m.query('SELECT clock_timestamp() AS now')) as [{ now: Date }])[0].now).toISOString() : new Date().toISOString()
      const row = buildEvent(audit.sealer.seal(input(i), prev.seq + 1, pkey), prev, at, keys.chainKey())
      await m.query(INSERT_SINGLE_CHAIN, [row.seq, row.at, row.actorStaffId, row.workstation, row.customerRef, row.action, row.outcome, row.details, row.prevHash, row.hash, row.keyVersion, row.customerSealed])
    })
  const pool = (ds.driver as unknown as { master: { query(q: { name: string; text: string; values: unknown[] }): Promise<unknown> } }).master
  const bare = (i: number) => pool.query({ name: 'bench_bare', text: `INSERT INTO ${BARE_TABLE} (workstation, n) VALUES ($1, $2)`, values: [workstation, i] })
  const append = (i: number) => (mode === 'chains' ? audit.record(input(i)) : mode === 'bare' ? bare(i) : singleLock(i))
  let i = 0
  const appendFor = async (ms: number): Promise<number> => {
    const from = i
    const end = Date.now() + ms
    while (Date.now() < end) await append(i++)
    return i - from
  }
  console.log('ready')
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, warmMs, ms] = line.trim().split(' ')
    if (command === 'end') break
    if (command !== 'run') throw new Error(`unknown command ${command}`)
    const warm = await appendFor(Number(warmMs))
    console.log('measuring')
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    const count = await appendFor(Number(ms))
    const used = process.cpuUsage(cpu)
    const report: WindowReport = { count, warm, total: i, cpuMs: (used.user + used.system) / 1000, ms: performance.now() - t0 }
    console.log(JSON.stringify(report))
  }
  await ds.destroy()
}

void main()

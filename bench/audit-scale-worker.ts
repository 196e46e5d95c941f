// One simulated workstation of bench/audit-scale.bench.ts: its own process and DataSource on the
// branch PostgreSQL (its URL in AUDIT_SCALE_DB_URL, not argv: it holds the password). Says "ready"
// once the store and keys are open, starts appending when it reads
// "go" on stdin, appends through a warm-up, says "measuring", appends through the measured window,
// then prints {"count": n, "warm": w} (the events appended in the window, and in the warm-up before
// it) and waits for one more line before closing its connections.
// A workstation runs for hours: the warm-up lets each process's JIT and pool settle, so the measured
// window is the steady state (20 processes on 2 cores take seconds to get there).
// Modes:
// - "chains": the app's path (its own chain under its own lock, `AuditService.record`);
// - "global": the design before issue 14 (19f24af^), statement for statement: one transaction that
//   takes the one global audit-chain lock, reads the tail of the single chain, inserts the next
//   event (seq = tail + 1, the workstation's clock, as then) and commits: 4 statements under the
//   lock. The event is sealed and linked as the app does today. Run on a database of its own (its
//   single-chain rows are not the workstation chains the other rounds verify);
// - "global-server-time": the same, with the event's time read from the database server's clock
//   under the lock (`SELECT clock_timestamp()`), as issue 14 requires of every design: 5 statements.
import { createInterface } from 'node:readline'
import { buildEvent, GENESIS_HASH } from '../src/main/engine/audit/audit-chain-rules'
import { AuditService } from '../src/main/engine/audit/audit.service'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { systemClock } from '../src/main/engine/kernel/clock'
import { openBranchStore } from '../src/main/store/data-source'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'

const INSERT_SINGLE_CHAIN =
  'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)'

async function main(): Promise<void> {
  const [workstation, mode, warmMs, ms] = process.argv.slice(2) as [string, 'chains' | 'global' | 'global-server-time', string, string]
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
  const append = (i: number) => (mode === 'chains' ? audit.record(input(i)) : singleLock(i))
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
  console.log('ready')
  await lines.next()
  const warmEnd = Date.now() + Number(warmMs)
  const end = warmEnd + Number(ms)
  let i = 0
  while (Date.now() < warmEnd) await append(i++)
  const warm = i
  console.log('measuring')
  while (Date.now() < end) await append(i++)
  console.log(JSON.stringify({ count: i - warm, warm }))
  // Idle, with its connections open, until the bench has read the CPU used in the window.
  await lines.next()
  await ds.destroy()
}

void main()

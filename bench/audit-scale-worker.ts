// One simulated workstation of bench/audit-scale.bench.ts: its own process and DataSource on the
// branch PostgreSQL. Says "ready" once the store and keys are open, starts appending when it reads
// "go" on stdin, appends through a warm-up and then the measured window, then prints
// {"count": n, "warm": w}: the events appended in the measured window, and in the warm-up before it.
// A workstation runs for hours: the warm-up lets each process's JIT and pool settle, so the measured
// window is the steady state (20 processes on 2 cores take seconds to get there).
// Modes: "chains" (the app's path: its own chain under its own lock) or "global" (today's design
// before issue 14: every append also holds the one global audit-chain lock).
import { createInterface } from 'node:readline'
import { AuditService } from '../src/main/engine/audit/audit.service'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { systemClock } from '../src/main/engine/kernel/clock'
import { openBranchStore } from '../src/main/store/data-source'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'

async function main(): Promise<void> {
  const [url, workstation, mode, warmMs, ms] = process.argv.slice(2) as [string, string, 'chains' | 'global', string, string]
  const ds = await openBranchStore({ url })
  const uow = new SqlUnitOfWork(ds)
  const audit = new AuditService(uow, systemClock, await KeyRing.open(uow, new PassphraseKek('bench-passphrase-0123456'), systemClock))
  const input = (i: number) => ({ actorStaffId: null, workstation, customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { i } })
  const append = (i: number) => (mode === 'global' ? uow.transaction(['audit-chain'], (tx) => audit.recordIn(tx, input(i))) : audit.record(input(i)))
  console.log('ready')
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()))
  const warmEnd = Date.now() + Number(warmMs)
  const end = warmEnd + Number(ms)
  let i = 0
  while (Date.now() < warmEnd) await append(i++)
  const warm = i
  while (Date.now() < end) await append(i++)
  console.log(JSON.stringify({ count: i - warm, warm }))
  await ds.destroy()
}

void main()

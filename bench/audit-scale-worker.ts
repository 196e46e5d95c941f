// One simulated workstation of bench/audit-scale.bench.ts: its own process and DataSource on the
// branch PostgreSQL. Says "ready" once the store and keys are open, starts appending when it reads
// "go" on stdin, appends for the given time, then prints {"count": n}.
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
  const [url, workstation, mode, ms] = process.argv.slice(2) as [string, string, 'chains' | 'global', string]
  const ds = await openBranchStore({ url })
  const uow = new SqlUnitOfWork(ds)
  const audit = new AuditService(uow, systemClock, await KeyRing.open(uow, new PassphraseKek('bench-passphrase-0123456'), systemClock))
  const input = (i: number) => ({ actorStaffId: null, workstation, customerRef: '+77012345678', action: 'customer.signIn', outcome: 'success' as const, details: { i } })
  console.log('ready')
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()))
  const end = Date.now() + Number(ms)
  let count = 0
  while (Date.now() < end) {
    if (mode === 'global') await uow.transaction(['audit-chain'], (tx) => audit.recordIn(tx, input(count)))
    else await audit.record(input(count))
    count++
  }
  console.log(JSON.stringify({ count }))
  await ds.destroy()
}

void main()

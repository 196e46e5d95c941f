// Child process for the durability test: appends audit events as fast as it can and prints the
// seq of each one after record() resolved (i.e. after commit). The parent kills it with SIGKILL.
import { systemClock } from '../../src/main/engine/kernel/clock'
import { auditFor } from './audit-service'
import { openStore } from '../../src/main/store/data-source'

async function main(): Promise<void> {
  const ds = await openStore({ path: process.argv[2]! })
  const { audit } = await auditFor(ds, systemClock)
  for (let i = 0; ; i++) {
    // Several in flight at once, like a busy branch: group commit through the serial queue.
    const batch = await Promise.all(
      Array.from({ length: 4 }, (_, k) => audit.record({ actorStaffId: null, workstation: 'burst', action: 'burst.write', outcome: 'success', details: { i, k } })),
    )
    for (const row of batch) process.stdout.write(`committed ${row.seq}\n`)
  }
}

void main()

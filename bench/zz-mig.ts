import { openBranchStore } from '../src/main/store/data-source'
import { SqlUnitOfWork } from '../src/main/store/unit-of-work'
import { KeyRing } from '../src/main/engine/crypto/key-ring'
import { PassphraseKek } from '../src/main/engine/crypto/kek'
import { systemClock } from '../src/main/engine/kernel/clock'
void (async () => { const ds = await openBranchStore({ url: process.env.AUDIT_SCALE_DB_URL! }); await KeyRing.open(new SqlUnitOfWork(ds), new PassphraseKek('bench-passphrase-0123456'), systemClock); await ds.destroy() })()

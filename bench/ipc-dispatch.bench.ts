// Cost of the IPC gate (channel check + zod validation + role check + Result wrapping) against
// calling the handler directly, on a real engine and store. Run: npx tsx bench/ipc-dispatch.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../src/main/app/composition-root'
import { createDispatcher } from '../src/main/ipc/dispatch'
import { createHandlers } from '../src/main/ipc/handlers'
import { Channel } from '../src/shared/ipc/channels'
import { percentile, printRow, time } from './lib'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-bench-'))
  const engine = await createEngine({
    config: { appVersion: 'bench', shell: 'browser', mode: 'development', dataDir: dir, workstation: 'bench', idleTimeoutSeconds: 300 },
  })
  const handlers = createHandlers(engine.gate)
  const dispatch = createDispatcher(handlers, engine.sessions, engine.logger)
  const ctx = { clientId: 'bench', workstation: 'bench', session: null }
  const n = 5000
  await time(500, () => dispatch(Channel.SystemStatus, {}, ctx)) // warm-up
  const direct = await time(n, () => handlers[Channel.SystemStatus]({}, ctx))
  const gated = await time(n, () => dispatch(Channel.SystemStatus, {}, ctx))
  const invalid = await time(n, () => dispatch(Channel.StaffSignIn, { login: '', password: 1 }, ctx))
  const row = printRow
  row('system:status direct', direct)
  row('system:status via dispatch', gated)
  row('invalid payload rejected', invalid)
  console.log(`dispatch/direct p50 ratio: ${(percentile(gated, 50) / percentile(direct, 50)).toFixed(2)}x`)
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}

void main()

// Cost of the IPC gate (channel check + zod validation + role check + Result wrapping) against
// calling the handler directly, on a real engine and store. Run: npx tsx bench/ipc-dispatch.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../src/main/app/engine'
import { createDispatcher } from '../src/main/ipc/dispatch'
import { createHandlers } from '../src/main/ipc/handlers'
import { Channel } from '../src/shared/ipc/channels'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

async function time(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await fn()
    out.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return out.sort((a, b) => a - b)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-bench-'))
  const engine = await createEngine({
    config: { appVersion: 'bench', shell: 'browser', dataDir: dir, workstation: 'bench', idleTimeoutSeconds: 300 },
  })
  const handlers = createHandlers(engine)
  const dispatch = createDispatcher(handlers, engine.sessions, engine.logger)
  const ctx = { clientId: 'bench', workstation: 'bench', session: null }
  const n = 5000
  await time(500, () => dispatch(Channel.SystemStatus, {}, ctx)) // warm-up
  const direct = await time(n, () => handlers[Channel.SystemStatus]({}, ctx))
  const gated = await time(n, () => dispatch(Channel.SystemStatus, {}, ctx))
  const invalid = await time(n, () => dispatch(Channel.StaffSignIn, { login: '', password: 1 }, ctx))
  const row = (name: string, xs: number[]) =>
    console.log(`${name.padEnd(28)} p50 ${percentile(xs, 50).toFixed(3)} ms   p95 ${percentile(xs, 95).toFixed(3)} ms`)
  row('system:status direct', direct)
  row('system:status via dispatch', gated)
  row('invalid payload rejected', invalid)
  console.log(`dispatch/direct p50 ratio: ${(percentile(gated, 50) / percentile(direct, 50)).toFixed(2)}x`)
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}

void main()

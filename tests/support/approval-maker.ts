// Child process for the four-eyes kill -9 test: a supervisor asks (through the real gate) to create
// another supervisor, prints the request id once the request is committed, then waits to be killed.
import { createEngine } from '../../src/main/app/composition-root'
import { loadConfig } from '../../src/main/app/config'
import { createGate } from '../../src/main/ipc/gate'
import { FAST_ARGON2 } from './temp-engine'
import type { TypedDispatch } from './dispatch'
import { enrolAt } from './staff-totp'

async function main(): Promise<void> {
  const [dataDir, password] = [process.argv[2]!, process.argv[3]!]
  const engine = await createEngine({
    config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir, workstation: 'ws-child', idleTimeoutSeconds: 300 }),
    argon2: FAST_ARGON2,
  })
  for (const login of ['chief', 'boss2']) await engine.staff.create({ login, displayName: login, role: 'supervisor', password }, { staffId: null, workstation: 'cli' })
  const gate = createGate(engine)
  const ctx = { clientId: 'wc:chief', workstation: 'ws-child' }
  // The maker signs in with the password and enrols a second factor (issue 13: TOTP for every staff account).
  await enrolAt(gate as TypedDispatch, ctx, 'chief', password, engine.clock.now().getTime())
  const r = await gate('staff:create', { login: 'aliya', displayName: 'Aliya', role: 'supervisor', password }, ctx)
  if (r.ok || r.error.code !== 'APPROVAL_PENDING') throw new Error(`expected a pending request, got ${JSON.stringify(r)}`)
  process.stdout.write(`requested ${String(r.error.details?.requestId)}\n`)
  setInterval(() => undefined, 60_000)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})

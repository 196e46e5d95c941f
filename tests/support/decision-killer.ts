// Child process for the issue 14 kill -9 test: registers a customer, then blocks them, and stops
// inside the block's transaction while its audit event is being built (the worst moment on the
// previous code, where the block had already committed on its own). The parent kills it there.
import { createEngine } from '../../src/main/app/composition-root'
import { loadConfig } from '../../src/main/app/config'
import type { AuditInput } from '../../src/main/engine/audit/audit.service'
import { FAST_ARGON2, type TestEngine } from './temp-engine'
import { registerCustomer, SUPERVISOR } from './customers'
import { FakeClock } from './fake-clock'

async function main(): Promise<void> {
  const [dataDir, phone] = [process.argv[2]!, process.argv[3]!]
  const clock = new FakeClock(new Date())
  const engine = await createEngine({
    config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300 }),
    clock,
    argon2: FAST_ARGON2,
  })
  await registerCustomer({ engine, clock } as unknown as TestEngine, phone, 'qwerty1!')
  const audit = engine.audit as unknown as { builder(input: AuditInput): Promise<unknown> }
  const real = audit.builder.bind(audit)
  audit.builder = async (input) => {
    if (input.action === 'customer.block') {
      process.stdout.write('between\n')
      await new Promise(() => undefined)
    }
    return real(input)
  }
  await engine.customers.block(phone, 'Card reported stolen', SUPERVISOR)
  process.stderr.write('the block finished instead of waiting\n')
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})

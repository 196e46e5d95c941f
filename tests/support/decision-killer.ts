// Child process for the issue 14 kill -9 tests: sets up one scenario, then makes its decision and
// stops inside it while the decision's audit event is being built (the worst moment on the previous
// code, where the state change had already committed on its own). The parent kills it there.
// Usage: decision-killer.ts <dataDir> <phone> [scenario]; TELLER_TEST_DB_URL selects PostgreSQL.
import { createEngine, type Engine } from '../../src/main/app/composition-root'
import { loadConfig } from '../../src/main/app/config'
import type { AuditInput } from '../../src/main/engine/audit/audit.service'
import { FAST_ARGON2, type TestEngine } from './temp-engine'
import { registerCustomer, SUPERVISOR, TELLER } from './customers'
import { FakeClock } from './fake-clock'

export const KILL_SCENARIOS = ['customer.block', 'fraud.open', 'fraud.note', 'fraud.status', 'customer.lockout', 'staff.lockout', 'staff.create', 'staff.disable'] as const
export type KillScenario = (typeof KILL_SCENARIOS)[number]

export const KILLER_STAFF_LOGIN = 'aidana'
export const KILLER_PG_PASSPHRASE = 'kill-9 test passphrase'

/** The engine of the child and of the parent's restart: the SQLite file in dataDir, or TELLER_TEST_DB_URL's PostgreSQL. */
export function killerEngine(dataDir: string, clock: FakeClock, pg: string | undefined): Promise<Engine> {
  return createEngine({
    config: loadConfig(
      {},
      {
        appVersion: '0.0.0-test',
        shell: 'browser',
        dataDir,
        workstation: 'ws-test-1',
        idleTimeoutSeconds: 300,
        ...(pg ? { database: { kind: 'postgres' as const, url: pg }, keyMode: { mode: 'passphrase' as const, passphrase: KILLER_PG_PASSPHRASE } } : {}),
      },
    ),
    clock,
    argon2: FAST_ARGON2,
    sleep: async () => undefined,
  })
}

/** Everything before the decision, committed. */
async function setUp(engine: Engine, clock: FakeClock, scenario: KillScenario, phone: string): Promise<() => Promise<unknown>> {
  await registerCustomer({ engine, clock } as unknown as TestEngine, phone, 'qwerty1!')
  const wrong = (n: number) => engine.customers.signIn(phone, `wrong-${n}-pass`, TELLER).catch(() => undefined)
  const member = () => engine.staff.create({ login: KILLER_STAFF_LOGIN, displayName: 'Aidana', role: 'teller', password: 'Teller-Password-2026' }, SUPERVISOR)
  switch (scenario) {
    case 'staff.create':
      return member
    case 'staff.disable': {
      const { id } = await member()
      return () => engine.staff.setDisabled(id, true, SUPERVISOR)
    }
    case 'customer.block':
      return () => engine.customers.block(phone, 'Card reported stolen', SUPERVISOR)
    case 'fraud.open':
      return () => engine.fraud.open({ phone, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)
    case 'fraud.note': {
      const c = await engine.fraud.open({ phone, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)
      return () => engine.fraud.addNote(c.id, 'Called the issuer', SUPERVISOR)
    }
    case 'fraud.status': {
      const c = await engine.fraud.open({ phone, kind: 'stolen-card', note: 'Wallet stolen' }, SUPERVISOR)
      return () => engine.fraud.setStatus(c.id, 'investigating', null, SUPERVISOR)
    }
    case 'customer.lockout':
      await wrong(1)
      await wrong(2)
      return () => wrong(3)
    case 'staff.lockout': {
      await member()
      const signIn = (n: number) => engine.gate.staffAccess.signIn(`wc:${n}`, KILLER_STAFF_LOGIN, `Wrong-password-${n}`, 'ws-test-1').catch(() => undefined)
      for (let n = 1; n < 10; n++) await signIn(n)
      return () => signIn(10)
    }
  }
}

async function main(): Promise<void> {
  const [dataDir, phone] = [process.argv[2]!, process.argv[3]!]
  const scenario = (process.argv[4] ?? 'customer.block') as KillScenario
  const clock = new FakeClock(new Date())
  const engine = await killerEngine(dataDir, clock, process.env.TELLER_TEST_DB_URL)
  const decide = await setUp(engine, clock, scenario, phone)
  const audit = engine.audit as unknown as { builder(input: AuditInput): Promise<unknown> }
  const real = audit.builder.bind(audit)
  audit.builder = async (input) => {
    if (input.action === scenario) {
      process.stdout.write('between\n')
      await new Promise(() => undefined)
    }
    return real(input)
  }
  await decide()
  process.stderr.write(`the ${scenario} decision finished instead of waiting\n`)
}

if (process.argv[1]?.endsWith('decision-killer.ts')) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`)
    process.exit(1)
  })
}

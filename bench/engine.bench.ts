// Security-engine decisions on a real store with production argon2 parameters:
// session-key verification, customer sign-in (argon2id check), and the lockout decision that
// refuses a locked customer without touching the hash. Run: npx tsx bench/engine.bench.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../src/main/app/composition-root'
import { FakeClock } from '../tests/support/fake-clock'
import { percentile, printRow, time } from './lib'

const ACTOR = { staffId: null, workstation: 'bench' }

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-bench-'))
  const clock = new FakeClock('2026-03-10T04:00:00.000Z')
  const engine = await createEngine({
    config: { appVersion: 'bench', shell: 'browser', mode: 'development', dataDir: dir, workstation: 'bench', idleTimeoutSeconds: 300 },
    clock,
  })
  const outbox = engine.outbox!
  const code = (phone: string) => /(\d{6})/.exec(outbox.last(phone)!.text)![1]!
  const phoneOf = (i: number) => `+7701${String(1_000_000 + i).slice(1)}`

  // Session-key verification: one key per phone, then time the confirm alone.
  const n = 400
  for (let i = 0; i < n; i++) await engine.sessionKeys.issue(phoneOf(i), 'verify', ACTOR)
  const verify = await time(n, (i) => engine.sessionKeys.confirm(phoneOf(i), 'verify', code(phoneOf(i)), ACTOR))

  // Sign-in with the production argon2id parameters (m=19456, t=2, p=1).
  const phone = '+77471234567'
  const password = 'Bench-pass-1'
  await engine.customers.sendKey(phone, 'verify', ACTOR)
  await engine.customers.confirmVerification(phone, code(phone), ACTOR)
  await engine.customers.sendKey(phone, 'register', ACTOR)
  await engine.customers.register({ phone, name: 'Bench', dateOfBirth: '1990-01-01', password, code: code(phone) }, ACTOR)
  const signIn = await time(60, () => engine.customers.signIn(phone, password, ACTOR))

  // Lockout decision: a locked customer is refused before any password check.
  for (let i = 0; i < 3; i++) await engine.customers.signIn(phone, `wrong-${i}-xx`, ACTOR).catch(() => undefined)
  const locked = await time(400, () => engine.customers.signIn(phone, password, ACTOR).catch(() => undefined))

  printRow('session key confirm', verify)
  printRow('customer sign-in (argon2id)', signIn)
  printRow('lockout decision (refused)', locked)
  console.log(`sign-in / lockout-decision p50 ratio: ${(percentile(signIn, 50) / percentile(locked, 50)).toFixed(1)}x`)
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
}

void main()

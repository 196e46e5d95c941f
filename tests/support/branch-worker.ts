// One "workstation" for the branch-mode tests: its own process and engine on the shared PostgreSQL
// database. Usage: node --import tsx tests/support/branch-worker.ts <scenario> <json>; prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../../src/main/app/composition-root'
import { FAST_ARGON2 } from './temp-engine'

async function main(): Promise<void> {
  const [scenario, json] = process.argv.slice(2)
  const args = JSON.parse(json ?? '{}') as Record<string, unknown>
  const dataDir = mkdtempSync(join(tmpdir(), 'teller-ws-'))
  const engine = await createEngine({
    config: {
      appVersion: 'test',
      shell: 'browser', mode: 'development',
      dataDir,
      workstation: `ws-${process.pid}`,
      idleTimeoutSeconds: 300,
      database: { kind: 'postgres', url: process.env.TELLER_TEST_DB_URL! },
      keyMode: { mode: 'passphrase', passphrase: process.env.TELLER_KEY_PASSPHRASE! },
    },
    argon2: FAST_ARGON2,
  })
  const actor = { staffId: null, workstation: `ws-${process.pid}` }
  const settle = async (tasks: Promise<unknown>[]) => (await Promise.allSettled(tasks)).map((r) => (r.status === 'fulfilled' ? 'ok' : String((r.reason as { code?: string }).code ?? 'error')))
  let out: unknown
  switch (scenario) {
    case 'wrong-signins': {
      let verifies = 0
      const real = engine.hasher.verify.bind(engine.hasher)
      engine.hasher.verify = async (phc, pw) => {
        if (phc !== null) verifies++
        return real(phc, pw)
      }
      const n = Number(args.n)
      out = { verifies, results: await settle(Array.from({ length: n }, (_, i) => engine.customers.signIn(String(args.phone), `wrong-${process.pid}-${i}`, actor))) }
      ;(out as { verifies: number }).verifies = verifies
      break
    }
    case 'wrong-staff-signins': {
      let verifies = 0
      const real = engine.hasher.verify.bind(engine.hasher)
      engine.hasher.verify = async (phc, pw) => {
        if (phc !== null) verifies++
        return real(phc, pw)
      }
      // One connection per attempt, so the per-connection delay does not serialise them.
      const tries = Array.from({ length: Number(args.n) }, (_, i) => engine.gate.staffAccess.signIn(`c-${process.pid}-${i}`, String(args.login), `Wrong-${process.pid}-${i}-pw`, actor.workstation))
      out = { results: await settle(tries) }
      ;(out as { verifies: number }).verifies = verifies
      break
    }
    case 'confirm-key':
      out = { results: await settle(Array.from({ length: Number(args.n) }, () => engine.sessionKeys.confirm(String(args.phone), 'verify', String(args.code), actor))) }
      break
    case 'claim-cards':
      out = { results: await settle((args.fingerprints as string[]).map((fp) => engine.payments.claimCardThisMonth(String(args.customerId), fp))) }
      break
    case 'audit-burst':
      out = { results: await settle(Array.from({ length: Number(args.n) }, (_, i) => engine.audit.record({ ...{ actorStaffId: null, workstation: actor.workstation }, action: 'burst.write', outcome: 'success', details: { i } }))) }
      break
    case 'send-keys':
      out = { results: await settle(Array.from({ length: Number(args.n) }, () => engine.sessionKeys.issue(String(args.phone), 'verify', actor))) }
      break
    default:
      throw new Error(`unknown scenario ${scenario}`)
  }
  process.stdout.write(`${JSON.stringify(out)}\n`)
  await engine.close()
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((e: unknown) => {
  process.stderr.write(`worker failed: ${e instanceof Error ? e.stack : String(e)}\n`)
  process.exit(1)
})

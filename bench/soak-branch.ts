// Branch mode of the soak (bench/soak.bench.ts --branch N): N workstation processes on one
// PostgreSQL database (a throwaway one on TELLER_TEST_PG_URL: run under scripts/with-postgres),
// then the per-customer rules are checked from the audit trail. A worker is this file run with
// SOAK_WORKER=<i> SOAK_DB_URL=<url>; it prints one JSON line.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { throwawayDatabase } from '../tests/support/pg-database'
import { FakeClock } from '../tests/support/fake-clock'
import { day, openEngine, PASSWORD, report, sharedPhone } from './soak.bench'

const SHARED = 8

interface WorkerOut {
  times: [string, number[]][]
  samples: { ops: number; rssMb: number; fds: number; dbMb: number | null }[]
  refusals: [string, number][]
}

async function worker(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-soak-ws-'))
  try {
    const r = await day(Number(process.env.SOAK_WORKER), Number(process.env.SOAK_OPS), dir, process.env.SOAK_DB_URL!)
    process.stdout.write(`${JSON.stringify({ times: [...r.times], samples: r.samples, refusals: [...r.refusals] } satisfies WorkerOut)}\n`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function run(i: number, ops: number, url: string): Promise<WorkerOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'soak-branch.ts')], {
      env: { ...process.env, SOAK_WORKER: String(i), SOAK_OPS: String(ops), SOAK_DB_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? ''
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`worker ${i} exited with ${code}`))
      else resolve(JSON.parse(line) as WorkerOut)
    })
  })
}

/** The shared customers, registered once before the workstations start. */
async function setUp(url: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-soak-setup-'))
  const clock = new FakeClock('2026-03-10T02:00:00.000Z')
  const engine = await openEngine(dir, 'soak-setup', clock, url)
  try {
    const actor = { staffId: null, workstation: 'soak-setup' }
    const code = (p: string) => /\b(\d{6})\b/.exec(engine.outbox!.last(p)!.text)![1]!
    for (let k = 0; k < SHARED; k++) {
      const phone = sharedPhone(k)
      await engine.customers.sendKey(phone, 'verify', actor)
      await engine.customers.confirmVerification(phone, code(phone), actor)
      clock.advance(61_000)
      await engine.customers.sendKey(phone, 'register', actor)
      await engine.customers.register({ phone, name: 'Shared Customer', dateOfBirth: '1985-01-01', password: PASSWORD, code: code(phone) }, actor)
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** S11, S15.3 and S9 for every customer, read back from the one audit chain all workstations wrote. */
async function checkRules(url: string): Promise<boolean> {
  const ds = new DataSource({ type: 'postgres', url })
  await ds.initialize()
  try {
    const q = async (sql: string) => (await ds.query(sql)) as Record<string, string>[]
    const wrong = await q(`SELECT customer_ref AS phone, details FROM audit_event WHERE action = 'customer.signIn' AND details LIKE '%INVALID_CREDENTIALS%' ORDER BY seq`)
    const maxAttempt = Math.max(0, ...wrong.map((r) => Number((JSON.parse(r.details!) as { attempt?: number }).attempt ?? 0)))
    const thirds = wrong.filter((r) => (JSON.parse(r.details!) as { attempt?: number }).attempt === 3).length
    const lockouts = Number((await q(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'customer.lockout'`))[0]!.n)
    const cards = await q(`SELECT customer_ref AS phone, details, at FROM audit_event WHERE action = 'payment.authorize' AND outcome = 'success' ORDER BY seq`)
    const perMonth = new Map<string, Set<string>>()
    for (const r of cards) {
      const month = new Date(Date.parse(r.at!) + 5 * 3600_000).toISOString().slice(0, 7) // Almaty, UTC+5
      const k = `${r.phone} ${month}`
      ;(perMonth.get(k) ?? perMonth.set(k, new Set()).get(k)!).add((JSON.parse(r.details!) as { card: string }).card)
    }
    const maxCards = Math.max(0, ...[...perMonth.values()].map((s) => s.size))
    const keys = await q(`SELECT details FROM audit_event WHERE action = 'sessionKey.confirm' AND outcome = 'success'`)
    const keyIds = keys.map((r) => (JSON.parse(r.details!) as { keyId: string }).keyId)
    const reused = keyIds.length - new Set(keyIds).size
    const limitRefusals = Number((await q(`SELECT COUNT(*) AS n FROM audit_event WHERE details LIKE '%CARD_LIMIT_REACHED%'`))[0]!.n)
    const chain = Number((await q('SELECT COUNT(*) AS n FROM audit_event'))[0]!.n)
    console.log(`\n== per-customer rules from the audit trail (${chain} events)`)
    console.log(`S11: wrong-password attempts counted up to ${maxAttempt} (≤ 3); third attempts ${thirds}, lockouts ${lockouts} (equal)`)
    console.log(`S15.3: at most ${maxCards} distinct cards per customer per Almaty month (≤ 3); refusals naming CARD_LIMIT_REACHED in the trail: ${limitRefusals}`)
    console.log(`S9: ${keyIds.length} session keys accepted, ${reused} accepted twice (0)`)
    const ok = maxAttempt <= 3 && thirds === lockouts && maxCards <= 3 && reused === 0
    console.log(`rules: ${ok ? 'EXACT' : 'BROKEN'}`)
    return ok
  } finally {
    await ds.destroy()
  }
}

export async function branch(n: number, ops: number): Promise<number> {
  const db = await throwawayDatabase('soak')
  try {
    await setUp(db.url)
    const t0 = Date.now()
    const outs = await Promise.all(Array.from({ length: n }, (_, i) => run(i + 1, ops, db.url)))
    console.log(`${n} workstations × ${ops} operations in ${((Date.now() - t0) / 1000).toFixed(1)} s on one PostgreSQL`)
    let flat = true
    const all = new Map<string, number[]>()
    for (const [i, o] of outs.entries()) {
      for (const [k, xs] of o.times) all.set(k, [...(all.get(k) ?? []), ...xs])
      flat = report(`workstation ${i + 1}`, new Map(o.times), o.samples, new Map(o.refusals)) && flat
    }
    console.log('\n== all workstations together (latencies)')
    for (const [kind, xs] of [...all.entries()].sort()) {
      xs.sort((a, b) => a - b)
      const p = (q: number) => xs[Math.min(xs.length - 1, Math.floor((q / 100) * xs.length))]!.toFixed(2)
      console.log(`${kind.padEnd(32)} ${String(xs.length).padStart(6)}  p50 ${p(50)}  p95 ${p(95)}  p99 ${p(99)}`)
    }
    const exact = await checkRules(db.url)
    return flat && exact ? 0 : 1
  } finally {
    await db.drop()
  }
}

if (process.env.SOAK_WORKER !== undefined) {
  worker().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}

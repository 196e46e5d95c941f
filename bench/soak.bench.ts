// A teller's day, compressed (issue 17): SOAK_OPS operations (default 20,000) through the real gate
// (createGate: channel → staff session → role → zod → handler → engine → store): lookups,
// verifications, registrations, sign-ins with 10% wrong passwords, payments, refunds and audit
// searches. Prints p50/p95/p99 per kind, and every 1,000 operations the process RSS, its open file
// handles (/proc/self/fd) and the store's size; then a flat-line verdict (RSS growth < 10% after
// warm-up, no handle growth). The clock is a test clock moved on as a day would move it.
//
//   npm run bench:soak                       one workstation, a local SQLite store
//   SOAK_OPS=5000 npm run bench:soak         a shorter day
//   scripts/with-postgres npm run bench:soak -- --branch 4
//                                            branch mode: 4 processes on one PostgreSQL
//                                            (TELLER_TEST_PG_URL), then the per-customer rules
//                                            (3 wrong passwords, 3 cards a month, one use per key)
//                                            are checked from the audit trail
// SOAK_ARGON2=production uses the production argon2id cost (64 MiB) instead of the cheap test one.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../src/main/app/config'
import { createEngine, STORE_FILE, type Engine } from '../src/main/app/composition-root'
import type { CallContext } from '../src/main/ipc/dispatch'
import { createCustomerGate } from '../src/main/ipc/customer-gate'
import { createGate } from '../src/main/ipc/gate'
import { FakeClock } from '../tests/support/fake-clock'
import { stepAt, totpCode } from '../src/main/engine/staff/staff-totp-rules'
import { percentile } from './lib'

const CHEAP_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 }
const STAFF_PASSWORD = 'Soak-Staff-Password-2026'
const PASSWORD = 'qwerty1!'
const CARDS = { approve: '4400430000001237', bypass: '4400430100001236', notEnrolled: '4400430400001233', mastercard: '5169300000004564' }
const SHARED_CARDS = [CARDS.approve, CARDS.bypass, CARDS.notEnrolled, CARDS.mastercard]
const PASSPHRASE = 'soak-branch-passphrase-2026'

type Call = (channel: string, payload: unknown, ctx: CallContext) => Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>
/** The customer's answer on the customer window, timed under `kind`; `expect` is 'ok' (accepted), an error code or 'any'. */
type Answer = (kind: string, typed: Record<string, unknown>, expect?: string) => Promise<{ result: string; code: string | null; payment?: { id: string } }>

interface Sample {
  ops: number
  rssMb: number
  fds: number
  dbMb: number | null
}

const fdCount = () => readdirSync('/proc/self/fd').length
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10
function dbSize(dataDir: string, branch: boolean): number | null {
  if (branch) return null
  let total = 0
  for (const f of [STORE_FILE, `${STORE_FILE}-wal`]) {
    try {
      total += statSync(join(dataDir, f)).size
    } catch {
      /* no WAL yet */
    }
  }
  return mb(total)
}

/** The configuration a workstation gets: the production loader, limits a busy branch day would set. */
function configFor(dataDir: string, workstation: string, branchUrl: string | null) {
  const env: NodeJS.ProcessEnv = branchUrl ? { TELLER_DB_URL: branchUrl, TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: PASSPHRASE } : {}
  return loadConfig(env, {
    appVersion: 'soak',
    shell: 'browser',
    dataDir,
    workstation,
    idleTimeoutSeconds: 900,
    lookupLimit: 1_000_000,
    smsPerStaffPerDay: 1_000_000,
  })
}

async function openEngine(dataDir: string, workstation: string, clock: FakeClock, branchUrl: string | null): Promise<Engine> {
  return createEngine({ config: configFor(dataDir, workstation, branchUrl), clock, argon2: process.env.SOAK_ARGON2 === 'production' ? undefined : CHEAP_ARGON2 })
}

/** One workstation's day: `ops` gated calls. Returns its timings by kind and its samples. */
async function day(worker: number, ops: number, dataDir: string, branchUrl: string | null): Promise<{ times: Map<string, number[]>; samples: Sample[]; refusals: Map<string, number> }> {
  const clock = new FakeClock('2026-03-10T03:00:00.000Z')
  const engine = await openEngine(dataDir, `soak-ws-${worker}`, clock, branchUrl)
  const gate = createGate(engine) as unknown as Call
  // The customer window (issue 12): keys, passwords and cards are typed there, through its own gate.
  const customerGate = createCustomerGate(engine.customerWindows, engine.logger) as unknown as Call
  const page: CallContext = { clientId: `w${worker}:customer`, workstation: `soak-ws-${worker}` }
  const teller: CallContext = { clientId: `w${worker}:teller`, workstation: `soak-ws-${worker}` }
  const chief: CallContext = { clientId: `w${worker}:chief`, workstation: `soak-ws-${worker}` }
  // Four eyes (issue 13): the second supervisor who approves the refunds.
  const chief2: CallContext = { clientId: `w${worker}:chief2`, workstation: `soak-ws-${worker}` }
  const times = new Map<string, number[]>()
  const refusals = new Map<string, number>()
  const samples: Sample[] = []
  let done = 0
  const sample = () => samples.push({ ops: done, rssMb: mb(process.memoryUsage().rss), fds: fdCount(), dbMb: dbSize(dataDir, branchUrl !== null) })
  /** One gated call, timed under its kind; a refusal the day expects is counted, any other stops the run. */
  const call = async (kind: string, channel: string, payload: unknown, ctx: CallContext, expect: 'ok' | string = 'ok') => {
    const t0 = process.hrtime.bigint()
    const r = await (ctx === page ? customerGate : gate)(channel, payload, ctx)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    ;(times.get(kind) ?? times.set(kind, []).get(kind)!).push(ms)
    done++
    if (done % 1000 === 0) sample()
    const code = r.ok ? 'ok' : r.error!.code
    if (code !== expect && !(expect === 'any')) throw new Error(`${kind} (${channel}): ${code}, expected ${expect}`)
    if (!r.ok) refusals.set(code, (refusals.get(code) ?? 0) + 1)
    return r.ok ? r.value : r.error
  }
  const code = (phone: string) => /\b(\d{6})\b/.exec(engine.outbox!.last(phone)!.text)![1]!
  /** The customer answers the open step on the customer window: the outcome's code ('ok' when accepted) must be `expect`. */
  const answer: Answer = async (kind, typed, expect = 'ok') => {
    const p = (await call('customer window prompt', 'customerPage:prompt', {}, page)) as { id: string; nonce: string } | null
    if (!p) throw new Error(`${kind}: no step open on the customer window`)
    const o = (await call(kind, 'customerPage:answer', { promptId: p.id, nonce: p.nonce, ...typed }, page)) as { result: string; code: string | null; payment?: { id: string } }
    const got = o.result === 'accepted' ? 'ok' : (o.code ?? o.result)
    if (got !== expect && expect !== 'any') throw new Error(`${kind}: ${got}, expected ${expect}`)
    if (got !== 'ok') refusals.set(got, (refusals.get(got) ?? 0) + 1)
    return o
  }
  /** Pairs the customer window with the teller's (again after a new staff shift, if the old pairing ended). */
  const pair = async () => {
    const started = (await call('pairing', 'customerwin:pairingStart', {}, teller, 'any')) as { code?: string }
    if (started.code && /^\d{6}$/.test(started.code)) await call('pairing', 'customerPage:pair', { code: started.code }, page, 'any')
  }

  let staffCreated = false
  // Each staff member's authenticator (PCI DSS 8.4.2): enrolled at the first sign-in, a fresh step at each later one.
  const authenticators = new Map<string, string>()
  const staffLogin = async () => {
    if (staffCreated) clock.advance(30_000)
    for (const [login, role, ctx] of [[`soak.teller.${worker}`, 'teller', teller], [`soak.chief.${worker}`, 'supervisor', chief], [`soak.chief2.${worker}`, 'supervisor', chief2]] as const) {
      if (!staffCreated) {
        await engine.staff.create({ login, displayName: login, role, password: STAFF_PASSWORD }, { staffId: null, workstation: 'soak' })
        await call('staff sign-in', 'staff:signIn', { login, password: STAFF_PASSWORD }, ctx, 'STAFF_ENROLMENT_REQUIRED')
        const { secret } = (await call('staff enrolment', 'staff:enrolStart', {}, ctx)) as { secret: string }
        await call('staff enrolment', 'staff:enrolConfirm', { code: totpCode(secret, stepAt(clock.now().getTime())) }, ctx)
        authenticators.set(login, secret)
      } else {
        await call('staff sign-in', 'staff:signIn', { login, password: STAFF_PASSWORD, code: totpCode(authenticators.get(login)!, stepAt(clock.now().getTime())) }, ctx)
      }
    }
    staffCreated = true
    await pair()
  }
  await staffLogin()
  sample()
  let visit = 0
  while (done < ops) {
    visit++
    // A new staff shift every 150 customers (the 12-hour staff session ends).
    if (visit % 150 === 0) await staffLogin()
    const phone = `+7701${String(worker).padStart(2, '0')}${String(visit).padStart(5, '0')}`
    await call('lookup', 'customer:lookup', { phone }, teller)
    await call('verification send', 'customerwin:askVerify', { phone }, teller)
    await answer('verification confirm', { code: code(phone) })
    clock.advance(61_000)
    await call('registration send', 'customerwin:askRegister', { phone, name: 'Soak Customer', dateOfBirth: '1990-05-17' }, teller)
    await answer('registration', { code: code(phone), password: PASSWORD })
    if (visit % 9 === 0) {
      await call('sign-in ask', 'customerwin:askSignIn', { phone }, teller)
      await answer('sign-in (wrong password)', { password: 'wrong-pass1' }, 'INVALID_CREDENTIALS')
    }
    await call('sign-in ask', 'customerwin:askSignIn', { phone }, teller)
    await answer('sign-in', { password: PASSWORD })
    const bypass = visit % 4 === 0
    await call('payment start', 'customerwin:askPayment', { providerId: 'kcell', params: { phone }, amountTiyn: 100_000 + visit, card: { kind: 'new' } }, teller)
    await answer('payment card', { card: { pan: bypass ? CARDS.bypass : CARDS.approve, expiry: '12/29', cvv: '739' } })
    const receipt = await answer('payment confirm', { code: code(phone) })
    if (bypass) {
      const pending = (await call('refund', 'refund:issue', { paymentId: receipt.payment!.id, reason: 'S18 soak refund' }, chief, 'APPROVAL_PENDING')) as { details: { requestId: string } }
      await call('refund approval', 'approvals:approve', { requestId: pending.details.requestId, reason: 'S18 soak refund checked' }, chief2)
    }
    if (visit % 5 === 0) await call('audit search', 'audit:search', { filters: { action: 'payment.authorize' }, limit: 50 }, chief)
    await call('sign-out', 'customer:signOut', {}, teller)
    if (branchUrl) await sharedCustomer(worker, visit, call, answer, teller, clock, code)
    clock.advance(61_000)
  }
  sample()
  await engine.close()
  return { times, samples, refusals }
}

/**
 * Branch mode: every workstation also serves the same 8 customers, registered once before the run:
 * sign-ins with wrong passwords and payments with four different cards, all at once. The rules
 * must hold for each customer whatever the interleaving; the parent checks them afterwards.
 */
async function sharedCustomer(worker: number, visit: number, call: (kind: string, channel: string, payload: unknown, ctx: CallContext, expect?: string) => Promise<unknown>, answer: Answer, teller: CallContext, clock: FakeClock, code: (p: string) => string): Promise<void> {
  const k = Math.floor(visit / 2)
  // Wrong passwords and payments go to different customers at a time, so the wrong ones add up to a lockout.
  const phone = sharedPhone((k + worker + (visit % 2 === 0 ? 0 : 4)) % 8)
  if (visit % 2 === 0) {
    for (let i = 0; i < 2; i++) {
      await call('shared sign-in ask', 'customerwin:askSignIn', { phone }, teller)
      await answer('shared sign-in (wrong password)', { password: 'wrong-pass1' }, 'any')
    }
    return
  }
  await call('shared sign-in ask', 'customerwin:askSignIn', { phone }, teller)
  const signed = await answer('shared sign-in', { password: PASSWORD }, 'any')
  if (signed.result !== 'accepted') return
  // Each customer meets all four cards in turn, from every workstation: the fourth must be refused.
  const pan = SHARED_CARDS[(Math.floor(k / 8) + worker) % SHARED_CARDS.length]!
  const asked = await call('shared payment start', 'customerwin:askPayment', { providerId: 'kcell', params: { phone }, amountTiyn: 50_000, card: { kind: 'new' } }, teller, 'any')
  if (asked && !('code' in (asked as object))) {
    const typed = await answer('shared payment card', { card: { pan, expiry: '12/29', cvv: '739' } }, 'any')
    if (typed.result === 'accepted') await answer('shared payment confirm', { code: code(phone) }, 'any')
  }
  await call('sign-out', 'customer:signOut', {}, teller)
  clock.advance(1_000)
}

const sharedPhone = (k: number) => `+7702990000${k}`

function report(title: string, times: Map<string, number[]>, samples: Sample[], refusals: Map<string, number>): boolean {
  console.log(`\n== ${title}`)
  console.log(`${'operation'.padEnd(32)} ${'n'.padStart(6)}  ${'p50 ms'.padStart(8)}  ${'p95 ms'.padStart(8)}  ${'p99 ms'.padStart(8)}`)
  for (const [kind, xs] of [...times.entries()].sort()) {
    xs.sort((a, b) => a - b)
    console.log(`${kind.padEnd(32)} ${String(xs.length).padStart(6)}  ${percentile(xs, 50).toFixed(2).padStart(8)}  ${percentile(xs, 95).toFixed(2).padStart(8)}  ${percentile(xs, 99).toFixed(2).padStart(8)}`)
  }
  if (refusals.size) console.log(`refusals: ${[...refusals.entries()].map(([c, n]) => `${c} ${n}`).join(', ')}`)
  console.log(`\n${'ops'.padStart(7)}  ${'RSS MB'.padStart(7)}  ${'fds'.padStart(4)}  ${'DB MB'.padStart(6)}`)
  for (const s of samples) console.log(`${String(s.ops).padStart(7)}  ${s.rssMb.toFixed(1).padStart(7)}  ${String(s.fds).padStart(4)}  ${(s.dbMb === null ? '-' : s.dbMb.toFixed(1)).padStart(6)}`)
  // Warm-up: the first 2,000 operations (caches, JIT, the store's first pages).
  const warm = samples.find((s) => s.ops >= 2000) ?? samples[0]!
  const after = samples.filter((s) => s.ops >= warm.ops)
  const rssGrowth = (Math.max(...after.map((s) => s.rssMb)) - warm.rssMb) / warm.rssMb
  const fdGrowth = Math.max(...after.map((s) => s.fds)) - warm.fds
  const flat = rssGrowth < 0.1 && fdGrowth <= 0
  console.log(`\nverdict: RSS ${warm.rssMb} MB after warm-up → max ${Math.max(...after.map((s) => s.rssMb))} MB (${(rssGrowth * 100).toFixed(1)}%), file handles ${warm.fds} → max ${warm.fds + fdGrowth}: ${flat ? 'FLAT' : 'NOT FLAT'}`)
  return flat
}

async function single(ops: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'teller-soak-'))
  try {
    const t0 = Date.now()
    const r = await day(0, ops, dir, null)
    console.log(`${ops} operations in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    return report('one workstation, local SQLite', r.times, r.samples, r.refusals) ? 0 : 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export { day, report, sharedPhone, openEngine, PASSWORD, PASSPHRASE }

async function main(): Promise<number> {
  const ops = Number(process.env.SOAK_OPS ?? 20_000)
  const i = process.argv.indexOf('--branch')
  if (i < 0) return single(ops)
  const { branch } = await import('./soak-branch')
  return branch(Number(process.argv[i + 1] ?? 4), ops)
}

if (process.env.SOAK_WORKER === undefined) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e)
      process.exit(1)
    },
  )
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { defaultWorkstation, loadConfig } from '../app/config'
import { runningApp } from '../app/app-lock'
import { createDevStaff, devTotpCode } from '../app/dev-staff'
import { stepAt, totpCode } from '../engine/staff/staff-totp-rules'
import { createEngine, type Engine } from '../app/composition-root'
import { backupStore, restoreStore } from '../app/backup'
import { staffLoginSchema, staffPasswordSchema } from '../../shared/ipc/contract'
import { EngineError } from '../engine/kernel/engine-error'
import { BinTable } from '../engine/payments/bin-table'
import { checkpointAge } from '../engine/audit/audit-checkpoint-rules'
import type { AuditBreakReason } from '../../shared/dto'

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-staff --login LOGIN --name "Full Name" --role teller|supervisor
      The password is read from standard input (asked twice, hidden, on a terminal),
      never from the command line, where other users could see it.
  status        Schema version, staff count, data folder, mode.
  dev-staff     Development mode only: creates dev.supervisor and dev.teller (password in the README).
  dev-code      Development mode only: the current code of the development staff's TOTP secret.
  audit verify  Walks the audit hash chain; reports the first broken link.
  audit retention --archive DIR
                S21: archives rows older than 10 years to DIR (CSV + SHA-256 in the log), then
                removes them oldest first; the job is audited.
  keys rotate   New key-encryption key in the OS keychain (all data keys re-wrapped), a new data
                key, then every sealed card number and customer record re-encrypted in batches of 500.
  keys reencrypt  Resumes the re-encryption (after an interruption); safe to run any time.
  backup DIR    An online, consistent copy of the local store (VACUUM INTO), 0600 in a 0700 folder.
  restore FILE  With the app stopped: checks the copy (integrity, key ring, audit chain), sets the
                current store aside (teller.sqlite.replaced-<time>) and puts the copy in its place.
  bin check FILE  Validates a BIN range table (CSV: start,end,country,scheme,issuer) before it
                replaces resources/bin-ranges.csv.

The store is the one the app uses (TELLER_DATA_DIR overrides the folder).`

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : undefined
}

async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const line = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? ''
    return line
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })
  process.stdout.write(prompt)
  write._writeToOutput = () => {} // hide what is typed
  const answer = await new Promise<string>((ok) => rl.question('', ok))
  rl.close()
  process.stdout.write('\n')
  return answer
}

async function createStaff(engine: Engine, args: string[]): Promise<number> {
  const login = staffLoginSchema.safeParse(option(args, 'login') ?? '')
  const name = (option(args, 'name') ?? '').trim()
  const role = option(args, 'role')
  if (!login.success || !name || (role !== 'teller' && role !== 'supervisor')) {
    console.error('create-staff needs --login (3-64 letters, digits, . _ -), --name and --role teller|supervisor.')
    return 2
  }
  const password = await readSecret('Password: ')
  if (process.stdin.isTTY && (await readSecret('Repeat password: ')) !== password) {
    console.error('The passwords do not match. Nothing was created.')
    return 2
  }
  const strong = staffPasswordSchema.safeParse(password)
  if (!strong.success) {
    console.error(`Password refused: ${strong.error.issues.map((i) => i.message).join('; ')}. Nothing was created.`)
    return 2
  }
  const staff = await engine.staff.create(
    { login: login.data, displayName: name, role, password },
    { staffId: null, workstation: `cli:${defaultWorkstation()}` },
  )
  console.log(`Created ${staff.role} '${staff.login}' (${staff.id}).`)
  return 0
}

function usage(): number {
  console.error(USAGE)
  return 2
}

async function main(): Promise<number> {
  const args = process.argv.slice(2)
  const command = args[0]
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE)
    return command ? 0 : 2
  }
  if (command === 'bin') {
    if (args[1] !== 'check' || !args[2]) {
      console.error(USAGE)
      return 2
    }
    try {
      const table = BinTable.parse(readFileSync(args[2], 'utf8'))
      console.log(`bin table OK: ${table.size} ranges`)
      return 0
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e))
      return 1
    }
  }
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }
  // The CLI names itself in the audit trail; it holds no staff session, so no idle limit applies.
  const config = loadConfig(process.env, { appVersion: pkg.version, shell: 'browser', workstation: `cli:${defaultWorkstation()}`, idleTimeoutSeconds: 300 })
  if (command === 'restore') {
    // Before any engine opens the live store: it may be the damaged one being replaced.
    if (!args[1]) return usage()
    const r = await restoreStore(config, args[1])
    console.log(`restored: ${r.customers} customers, ${r.auditEvents} audit events, chain intact${r.replaced ? `; the previous store was kept as ${r.replaced}` : ''}`)
    return 0
  }
  const engine = await createEngine({ config })
  try {
    switch (command) {
      case 'create-staff':
        return await createStaff(engine, args)
      case 'status':
        console.log(`schema version ${engine.schemaVersion}; staff ${await engine.staff.count()}; data ${engine.config.dataDir}; mode ${engine.config.mode}`)
        return 0
      case 'backup':
        if (!args[1]) break
        console.log(`backup written: ${await backupStore(engine, args[1])}`)
        return 0
      case 'dev-staff': {
        const created = await createDevStaff(engine.config.mode, engine.staff, engine.staffSecondFactor, engine.config.workstation)
        console.log(created.length ? `created ${created.join(', ')}` : 'development staff already exist')
        return 0
      }
      case 'dev-code':
        console.log(devTotpCode(engine.config.mode, engine.clock.now().getTime(), totpCode, stepAt))
        return 0
      case 'keys': {
        if (args[1] !== 'rotate' && args[1] !== 'reencrypt') break
        const pid = runningApp(engine.config.dataDir)
        if (pid !== null) {
          console.error(`The app is running on this data folder (pid ${pid}). Stop it before rotating or re-encrypting keys.`)
          return 1
        }
        if (args[1] === 'rotate') {
          if (engine.keys.mode === 'keychain') console.log(`re-wrapped ${await engine.keys.rotateKek()} keys under a new key-encryption key`)
          console.log(`data key version ${await engine.keys.rotateDataKey()} is active`)
        }
        let total = 0
        for (const [what, batch] of [
          ['card numbers', () => engine.vault.reencryptBatch()],
          ['customer records', () => engine.customerVault.reencryptBatch()],
        ] as const) {
          for (let n = await batch(); n > 0; n = await batch()) {
            total += n
            console.log(`re-encrypted ${total} records so far (${what})`)
          }
        }
        console.log(`re-encryption complete (${total} this run)`)
        await engine.audit.record({ actorStaffId: null, workstation: engine.config.workstation, action: `keys.${args[1]}`, outcome: 'success', details: { reencrypted: total } })
        return 0
      }
      case 'audit': {
        if (args[1] === 'retention') {
          const archiveDir = option(args, 'archive')
          if (!archiveDir) break
          const r = await engine.audit.retention(archiveDir, { staffId: null, workstation: engine.config.workstation })
          console.log(r.archive ? `archived and removed ${r.purged} events older than 10 years: ${r.archive}` : 'no event is older than 10 years')
          return 0
        }
        if (args[1] !== 'verify') break
        const result = await engine.audit.verifyChain()
        const cp = result.checkpoint
        const witnessed = cp
          ? `last witnessed checkpoint: event #${cp.size} at ${cp.at} (${checkpointAge(cp.at, engine.clock.now())} s ago)`
          : 'no witnessed checkpoint yet'
        if (result.ok) {
          console.log(`audit chain intact: ${result.count} events; ${witnessed}`)
          return 0
        }
        console.error(`audit chain BROKEN at event #${result.brokenAt} (${BREAK_REASONS[result.reason]}); ${witnessed}`)
        return 1
      }
    }
    console.error(USAGE)
    return 2
  } catch (e) {
    console.error(e instanceof EngineError ? e.message : `Failed: ${e instanceof Error ? e.name : 'error'}`)
    return 1
  } finally {
    await engine.close()
  }
}

const BREAK_REASONS: Record<AuditBreakReason, string> = {
  link: 'the event does not follow its predecessor under its key: edited, forged or out of order',
  checkpoint: 'the chain is not the one the witness vouched for from this event on',
  missing: 'events the witness vouched for are gone: deleted, or an older copy of the store',
  witness: 'the witness holds a checkpoint this store did not sign',
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`admin could not start: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultWorkstation, loadConfig } from '../app/config'
import { createDevStaff, devTotpCode } from '../app/dev-staff'
import { stepAt, totpCode } from '../engine/staff/staff-totp-rules'
import { createEngine, type Engine } from '../app/composition-root'
import { backupStore, restoreStore, RestoreRollbackError } from '../app/backup'
import { withAskedPassphrase } from '../app/passphrase-source'
import { keysCommand } from './keys-command'
import { staffLoginSchema, staffPasswordSchema } from '../../shared/ipc/contract'
import { EngineError } from '../engine/kernel/engine-error'
import { BinTable } from '../engine/payments/bin-table'
import { recordAdminCommand } from '../engine/audit/admin-trail'
import { ArchiveError } from '../engine/audit/audit-archive'
import { verifyReport } from './audit-verify-cli'
import { option, readSecret } from './cli-io'
import { approvalsCommand, requestKeyRotation } from './approvals-cli'

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-staff --login LOGIN --name "Full Name" --role teller|supervisor
      The password is read from standard input (asked twice, hidden, on a terminal),
      never from the command line, where other users could see it.
  staff enable LOGIN
                Re-enables a staff account (e.g. disabled after 90 days unused); audited.
  status        Schema version, staff count, data folder, mode.
  dev-staff     Development mode only: creates dev.supervisor and dev.teller (password in the README).
  dev-code      Development mode only: the current code of the development staff's TOTP secret.
  audit verify  Walks the audit chain against the witness: the first bad event (in branch mode each broken
                workstation chain and its place), and the last witnessed checkpoint with its age.
  audit retention --archive DIR
                S21: archives rows older than 10 years to DIR (CSV + SHA-256 in the log), then
                removes them oldest first; the job is audited.
  audit archive-read FILE
                Opens a sealed retention archive for an auditor: its CSV to standard output.
                An altered or damaged archive is refused; every read is audited.
  keys rotate --login LOGIN --reason TEXT
                Four eyes (issue 13): records a request, made by supervisor LOGIN (password from
                stdin); a second supervisor runs it with \`approvals approve\`. The rotation: a new
                key-encryption key in the OS keychain (all data keys re-wrapped), or in passphrase
                mode every key re-wrapped under a new passphrase (from TELLER_KEY_NEW_PASSPHRASE_FILE,
                or asked twice on the terminal); a new data key, new versions of the HMAC keys
                (session-key MAC, card fingerprint, blind index), then every sealed record
                re-encrypted and re-indexed in batches of 500.
  approvals list  Pending four-eyes requests.
  approvals approve|reject ID --login LOGIN --reason TEXT
                A different supervisor (password from stdin) decides; approving key rotation runs it
                here, with the app stopped. Other requests are decided in the app's Approvals screen too.
  keys reencrypt  Resumes the re-encryption (after an interruption); safe to run any time.
  backup DIR    An online, consistent copy of the local store (VACUUM INTO), 0600 in a 0700 folder.
  restore FILE [--accept-rollback [--by NAME]]
                With the app stopped: checks the copy (integrity, key ring, audit chain), sets the
                current store aside (teller.sqlite.replaced-<time>) and puts the copy in its place.
                A copy older than the audit witness is a ROLLBACK: refused (exit code 3) unless
                --accept-rollback, which signs "restored to event #N by NAME" into the witness.
  bin check FILE  Validates a BIN range table (CSV: start,end,country,scheme,issuer) before it
                replaces resources/bin-ranges.csv.

The store is the one the app uses (TELLER_DATA_DIR overrides the folder).`

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
  const config = await withAskedPassphrase(loadConfig(process.env, { appVersion: pkg.version, shell: 'browser', workstation: `cli:${defaultWorkstation()}`, idleTimeoutSeconds: 300 }))
  if (command === 'restore') {
    // Before any engine opens the live store: it may be the damaged one being replaced.
    if (!args[1]) return usage()
    try {
      const r = await restoreStore(config, args[1], { acceptRollback: args.includes('--accept-rollback'), by: option(args, 'by') })
      console.log(`restored: ${r.customers} customers, ${r.auditEvents} audit events, chain intact${r.replaced ? `; the previous store was kept as ${r.replaced}` : ''}`)
      if (r.rollback) console.log(`ROLLBACK acknowledged: the witness had vouched for ${r.rollback.from} events; the store now ends at event #${r.rollback.to}, signed into the witness as restored by ${r.rollback.by}`)
      return 0
    } catch (e) {
      if (!(e instanceof RestoreRollbackError)) throw e
      console.error(e.message)
      return 3
    }
  }
  const engine = await createEngine({ config })
  try {
    // `audit verify` is recorded after its walk (its own audit.verify event): an event appended first would be checked too.
    if (!(command === 'audit' && args[1] === 'verify')) await recordAdminCommand(engine.audit, args, engine.config.workstation)
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
      case 'staff': {
        if (args[1] !== 'enable' || !args[2]) break
        // PCI DSS 8.2.6: an account disabled after 90 days unused comes back only by a deliberate, audited act.
        const member = await engine.staff.enableByLogin(args[2], { staffId: null, workstation: engine.config.workstation })
        console.log(`Enabled ${member.role} '${member.login}'; unused time counts from now.`)
        return 0
      }
      case 'keys': {
        // Four eyes (issue 13): a rotation is only requested here; a second supervisor approves it.
        if (args[1] === 'rotate') return await requestKeyRotation(engine, args)
        if (args[1] !== 'reencrypt') break
        return await keysCommand(engine, 'reencrypt')
      }
      case 'approvals':
        return await approvalsCommand(engine, args)
      case 'audit': {
        if (args[1] === 'retention') {
          const archiveDir = option(args, 'archive')
          if (!archiveDir) break
          const r = await engine.audit.retention(archiveDir, { staffId: null, workstation: engine.config.workstation })
          console.log(r.archive ? `archived and removed ${r.purged} events older than 10 years: ${r.archive}` : 'no event is older than 10 years')
          return 0
        }
        if (args[1] === 'archive-read') {
          if (!args[2]) break
          const read = await engine.audit.readArchive(args[2], { staffId: null, workstation: engine.config.workstation })
          process.stdout.write(read.csv)
          return 0
        }
        if (args[1] !== 'verify') break
        // The same check, DTO and event as the supervisor's audit screen (audit:verify); the CLI is its own actor.
        const report = verifyReport(await engine.gate.auditDesk.verify({ staffId: null, workstation: engine.config.workstation }))
        for (const line of report.lines) (report.ok ? console.log : console.error)(line)
        return report.ok ? 0 : 1
      }
    }
    console.error(USAGE)
    return 2
  } catch (e) {
    console.error(e instanceof EngineError || e instanceof ArchiveError ? e.message : `Failed: ${e instanceof Error ? e.name : 'error'}`)
    return 1
  } finally {
    await engine.close()
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`admin could not start: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)

import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataSource } from 'typeorm'
import { writeSealedArchive } from '../../../src/main/engine/audit/audit-archive'
import { AUDIT_CSV_HEADER } from '../../../src/main/engine/kernel/csv'
import { FakeClock } from '../../support/fake-clock'
import { reopenEngine, tempDir } from '../../support/temp-engine'

const dir = tempDir('teller-cli-')
const PASSWORD = 'Teller-Password-1'

function admin(args: string[], stdin = '') {
  const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], {
    input: stdin,
    env: { ...process.env, TELLER_DATA_DIR: dir.path },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('admin CLI (npm run admin)', () => {
  afterAll(() => dir.cleanup())

  it('creates staff with the password from stdin, never from argv, and refuses duplicates', () => {
    const created = admin(['create-staff', '--login', 'Chief', '--name', 'Aigerim', '--role', 'supervisor'], `${PASSWORD}\n`)
    expect(created).toMatchObject({ code: 0 })
    expect(created.out).toMatch(/Created supervisor 'chief'/)
    const dup = admin(['create-staff', '--login', 'chief', '--name', 'X', '--role', 'teller'], `${PASSWORD}\n`)
    expect(dup.code).toBe(1)
    expect(dup.err).toContain('already exists')
    expect(admin(['status']).out).toContain('staff 1')
    const db = readFileSync(join(dir.path, 'teller.sqlite'))
    expect(db.includes(PASSWORD)).toBe(false)
  })

  it('refuses a weak password or a wrong role with a clear message and creates nothing', () => {
    const weak = admin(['create-staff', '--login', 'weak', '--name', 'W', '--role', 'teller'], 'short\n')
    expect(weak.code).toBe(2)
    expect(weak.err).toMatch(/Password refused: at least 12 characters/)
    expect(weak.err).not.toContain('short')
    const role = admin(['create-staff', '--login', 'x1', '--name', 'W', '--role', 'admin'], `${PASSWORD}\n`)
    expect(role.code).toBe(2)
    expect(admin(['status']).out).toContain('staff 1')
  })

  it('re-enables a disabled staff account by login (PCI DSS 8.2.6), audited; an unknown login is refused clearly', async () => {
    expect(admin(['create-staff', '--login', 'tell', '--name', 'Teller', '--role', 'teller'], `${PASSWORD}\n`)).toMatchObject({ code: 0 })
    const ds = new DataSource({ type: 'sqlite', database: join(dir.path, 'teller.sqlite') })
    await ds.initialize()
    try {
      await ds.query(`UPDATE staff SET disabled = 1 WHERE login = 'tell'`)
      const enabled = admin(['staff', 'enable', 'tell'])
      expect(enabled).toMatchObject({ code: 0, out: expect.stringContaining("Enabled teller 'tell'") })
      expect(await ds.query(`SELECT disabled FROM staff WHERE login = 'tell'`)).toEqual([{ disabled: 0 }])
      const rows = (await ds.query(`SELECT actor_staff_id, details FROM audit_event WHERE action = 'staff.enable'`)) as { actor_staff_id: string | null; details: string }[]
      expect(rows.map((r) => [r.actor_staff_id, JSON.parse(r.details).login])).toEqual([[null, 'tell']])
    } finally {
      await ds.destroy()
    }
    expect(admin(['staff', 'enable', 'ghost'])).toMatchObject({ code: 1, err: expect.stringContaining('No staff member has this login.') })
  })

  it('verifies the audit chain and shows the last witnessed checkpoint and its age', () => {
    const r = admin(['audit', 'verify'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/audit chain intact: \d+ events; last witnessed checkpoint: event #\d+ at \d{4}-\d\d-\d\dT[\d:.]+Z \(\d+ s ago\)/)
  })

  it('rotates keys with four eyes: one supervisor requests, a different one approves and the rotation runs (issue 13)', () => {
    expect(admin(['keys', 'rotate'])).toMatchObject({ code: 2, err: expect.stringContaining('needs --login LOGIN and --reason TEXT') })
    expect(admin(['create-staff', '--login', 'boss2', '--name', 'Bolat', '--role', 'supervisor'], `${PASSWORD}\n`)).toMatchObject({ code: 0 })
    const requested = admin(['keys', 'rotate', '--login', 'chief', '--reason', 'Yearly key rotation'], `${PASSWORD}\n`)
    expect(requested).toMatchObject({ code: 0, err: '' })
    const id = /key rotation requested \(([0-9a-f-]{36})\)/.exec(requested.out)![1]!
    expect(requested.out).not.toMatch(/data key version/)
    expect(admin(['approvals', 'list']).out).toContain(`${id}  keys.rotate  by chief`)
    // The maker cannot be the checker, and a wrong password decides nothing.
    expect(admin(['approvals', 'approve', id, '--login', 'chief', '--reason', 'Approving my own'], `${PASSWORD}\n`)).toMatchObject({ code: 1, err: expect.stringContaining('a different supervisor') })
    expect(admin(['approvals', 'approve', id, '--login', 'boss2', '--reason', 'Checked'], 'Wrong-password-99\n')).toMatchObject({ code: 1, err: expect.stringContaining('Sign-in refused') })
    const rotated = admin(['approvals', 'approve', id, '--login', 'boss2', '--reason', 'Checked the change ticket'], `${PASSWORD}\n`)
    expect(rotated.err).toBe('')
    expect(rotated).toMatchObject({ code: 0 })
    expect(rotated.out).toMatch(/re-wrapped 6 keys under a new key-encryption key/)
    expect(rotated.out).toMatch(/data key version 2 is active/)
    expect(rotated.out).toMatch(/HMAC keys rotated: session-key-mac version 2, card-fingerprint version 2, blind-index version 2/)
    expect(rotated.out).toMatch(/re-encryption complete/)
    expect(rotated.out).toContain(`request ${id} approved by boss2 and executed`)
    expect(admin(['approvals', 'approve', id, '--login', 'boss2', '--reason', 'Again'], `${PASSWORD}\n`)).toMatchObject({ code: 1, err: expect.stringContaining('already been decided') })
    // The store still opens with the rotated KEK.
    expect(admin(['keys', 'reencrypt'])).toMatchObject({ code: 0, out: expect.stringContaining('re-encryption complete (0 this run)') })
    expect(admin(['status']).code).toBe(0)
  })

  it('runs the retention job: nothing younger than 10 years is removed, and the run is audited', () => {
    const r = admin(['audit', 'retention', '--archive', join(dir.path, 'archive')])
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('no event is older than 10 years') })
    expect(admin(['audit', 'verify']).out).toMatch(/audit chain intact/)
  })

  it('refuses to rotate keys while the app runs on the same data folder', () => {
    writeFileSync(join(dir.path, 'teller.pid'), String(process.pid === 1 ? 2 : 1)) // pid 1 (init) is always alive
    try {
      const requested = admin(['keys', 'rotate', '--login', 'chief', '--reason', 'Rotation while running'], `${PASSWORD}\n`)
      const id = /requested \(([0-9a-f-]{36})\)/.exec(requested.out)![1]!
      const r = admin(['approvals', 'approve', id, '--login', 'boss2', '--reason', 'Approve it'], `${PASSWORD}\n`)
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/The app is running on this data folder \(pid \d+\)/)
      // Still pending: nothing was decided while the app ran.
      expect(admin(['approvals', 'list']).out).toContain(id)
      expect(admin(['keys', 'reencrypt'])).toMatchObject({ code: 1, err: expect.stringMatching(/The app is running/) })
    } finally {
      rmSync(join(dir.path, 'teller.pid'))
    }
  })

  it('checks a BIN table before it is used, naming the bad line', () => {
    expect(admin(['bin', 'check', 'resources/bin-ranges.csv'])).toMatchObject({ code: 0, out: expect.stringMatching(/bin table OK: \d+ ranges/) })
    const bad = join(dir.path, 'bad.csv')
    writeFileSync(bad, 'start,end,country,scheme,issuer\n440043,440043,KZ,visa,A\n12345,123456,KZ,visa,B\n')
    expect(admin(['bin', 'check', bad])).toMatchObject({ code: 1, err: expect.stringContaining('line 3') })
  })

  it('opens a sealed retention archive for an auditor (CSV to stdout), audits the read, and refuses an altered archive', async () => {
    const engine = await reopenEngine(dir.path, new FakeClock(new Date()))
    const file = join(dir.path, 'audit-archive-1-1.sealed')
    const csv = `${AUDIT_CSV_HEADER}\r\n"1","2014-05-01T06:00:00.000Z","","ws","+77012345678","customer.block","success","{}","p","h"\r\n`
    try {
      await writeSealedArchive(file, engine.keys, (async function* () {
        yield csv
      })())
    } finally {
      await engine.close()
    }
    expect(readFileSync(file).includes('+77012345678')).toBe(false)
    const read = admin(['audit', 'archive-read', file])
    expect(read).toMatchObject({ code: 0, err: '' })
    expect(read.out).toBe(csv)
    const bytes = readFileSync(file)
    bytes[bytes.length - 3]! ^= 0x01
    writeFileSync(file, bytes)
    const bad = admin(['audit', 'archive-read', file])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('The archive is damaged or altered')
    expect(bad.out).toBe('')
    const after = await reopenEngine(dir.path, new FakeClock(new Date()))
    try {
      const rows = (await after.ds.query(`SELECT outcome FROM audit_event WHERE action = 'audit.archiveRead' ORDER BY seq`)) as { outcome: string }[]
      expect(rows.map((r) => r.outcome)).toEqual(['success', 'failure'])
    } finally {
      await after.close()
    }
  })

  it('names the first missing event when the newest events were deleted from the store (triggers dropped)', () => {
    const db = join(dir.path, 'teller.sqlite')
    const sql = (q: string) => spawnSync('node', ['-e', `const s=require('sqlite3');const d=new s.Database(process.argv[1]);d.exec(process.argv[2],(e)=>{if(e){console.error(e.message);process.exit(1)}d.close()})`, db, q], { encoding: 'utf8' })
    const before = admin(['audit', 'verify'])
    const size = Number(/last witnessed checkpoint: event #(\d+)/.exec(before.out)![1])
    expect(sql(`DROP TRIGGER audit_event_retention_only; DELETE FROM audit_event WHERE seq > ${size - 2};`).status).toBe(0)
    const r = admin(['audit', 'verify'])
    expect(r.code).toBe(1)
    expect(r.err).toContain(`audit chain BROKEN at event #${size - 1} (events the witness vouched for are gone: deleted, or an older copy of the store); last witnessed checkpoint: event #`)
  })
})

describe('admin CLI: development staff have the documented development TOTP secret (PCI DSS 8.4.2)', () => {
  const devDir = tempDir('teller-cli-dev-')
  afterAll(() => devDir.cleanup())
  const devAdmin = (args: string[]) => {
    const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], { env: { ...process.env, TELLER_DATA_DIR: devDir.path }, encoding: 'utf8' })
    return { code: r.status, out: r.stdout, err: r.stderr }
  }

  it('dev-staff enrols both accounts with DEV_TOTP_SECRET (sealed), and dev-code prints its current code', async () => {
    const { DEV_TOTP_SECRET } = await import('../../../src/main/app/dev-staff')
    const { stepAt, totpCode } = await import('../../../src/main/engine/staff/staff-totp-rules')
    expect(devAdmin(['dev-staff'])).toMatchObject({ code: 0, out: expect.stringContaining('created dev.supervisor, dev.teller') })
    const before = stepAt(Date.now())
    const printed = devAdmin(['dev-code'])
    const after = stepAt(Date.now())
    expect(printed.code).toBe(0)
    const candidates = Array.from({ length: after - before + 1 }, (_, i) => totpCode(DEV_TOTP_SECRET, before + i))
    expect(candidates).toContain(printed.out.trim())
    const db = readFileSync(join(devDir.path, 'teller.sqlite'))
    expect(db.includes(DEV_TOTP_SECRET)).toBe(false)
  })
})

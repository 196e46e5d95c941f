import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DataSource } from 'typeorm'
import { adminCommandLabel } from '../../../src/main/engine/audit/admin-trail'
import { tempDir } from '../../support/temp-engine'

// Issue 14 (S21): admin CLI actions are in the audit trail, by command name only.

const dir = tempDir('teller-cli-trail-')
const PASSWORD = 'Teller-Password-1'

function admin(args: string[], stdin = '') {
  const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], { input: stdin, env: { ...process.env, TELLER_DATA_DIR: dir.path }, encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('admin CLI commands are recorded (issue 14)', () => {
  afterAll(() => dir.cleanup())

  it('names the command and its sub-command, never a value given to it', () => {
    expect(adminCommandLabel(['create-staff', '--login', 'chief'])).toBe('create-staff')
    expect(adminCommandLabel(['staff', 'enable', 'tell'])).toBe('staff enable')
    expect(adminCommandLabel(['audit', 'archive-read', '/secret/path'])).toBe('audit archive-read')
    expect(adminCommandLabel(['backup', 'backups'])).toBe('backup')
    expect(adminCommandLabel(['4400430000001237'])).toBe('(unknown)')
  })

  it('each command that opens the store leaves its event; audit verify leaves its check too', async () => {
    expect(admin(['create-staff', '--login', 'chief', '--name', 'Chief', '--role', 'supervisor'], `${PASSWORD}\n`).code).toBe(0)
    expect(admin(['status']).code).toBe(0)
    expect(admin(['staff', 'enable', 'ghost-login']).code).toBe(1)
    expect(admin(['audit', 'verify']).code).toBe(0)
    const ds = new DataSource({ type: 'sqlite', database: join(dir.path, 'teller.sqlite') })
    await ds.initialize()
    try {
      const rows = (await ds.query(`SELECT action, actor_staff_id, workstation, details FROM audit_event WHERE action IN ('admin.command', 'audit.verify') ORDER BY seq`)) as { action: string; actor_staff_id: string | null; workstation: string; details: string }[]
      expect(rows.map((r) => [r.action, JSON.parse(r.details).command ?? null])).toEqual([
        ['admin.command', 'create-staff'],
        ['admin.command', 'status'],
        ['admin.command', 'staff enable'],
        // Recorded after its walk, by its own event (one appended before would be part of what it checks).
        ['audit.verify', null],
      ])
      expect(rows.every((r) => r.actor_staff_id === null && r.workstation.startsWith('cli:'))).toBe(true)
      expect(JSON.stringify(rows)).not.toContain('ghost-login')
      expect(JSON.stringify(rows)).not.toContain(PASSWORD)
    } finally {
      await ds.destroy()
    }
  }, 240_000)
})

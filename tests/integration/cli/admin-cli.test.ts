import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-engine'

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

  it('verifies the audit chain', () => {
    const r = admin(['audit', 'verify'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/audit chain intact: \d+ events/)
  })
})

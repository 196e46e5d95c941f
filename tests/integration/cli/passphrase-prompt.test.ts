import { spawnSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-engine'

const dir = tempDir('teller-cli-prompt-')
const PASSPHRASE = 'prompted passphrase 4711 correct'
const base = { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: '', TELLER_KEY_PASSPHRASE_FILE: '' }

/** The admin CLI on a real pseudo-terminal: what the person types at each prompt. */
function onTerminal(answers: string[], args: string[], env: NodeJS.ProcessEnv = base) {
  const r = spawnSync('python3', [join(__dirname, '../../support/pty-run.py'), ...answers.flatMap((a) => ['Key passphrase:', a]), '--', 'npx', 'tsx', 'src/main/cli/admin.ts', ...args], { env, encoding: 'utf8' })
  return { code: r.status, out: r.stdout }
}

/** Issue 13, passphrase key mode: a 0600 file, or a prompt on the terminal with nothing echoed. */
describe('key passphrase from a file or the terminal (admin CLI)', () => {
  afterAll(() => dir.cleanup())

  it('creates the store with the passphrase from a 0600 file, then opens it with the same passphrase typed at the prompt, never echoed', () => {
    const file = join(dir.path, '..', `${dir.path.split('/').pop()}-passphrase`)
    writeFileSync(file, `${PASSPHRASE}\n`, { mode: 0o600 })
    chmodSync(file, 0o600)
    const fromFile = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', 'status'], { env: { ...base, TELLER_KEY_PASSPHRASE_FILE: file }, encoding: 'utf8' })
    expect(fromFile.stderr).toBe('')
    expect(fromFile.stdout).toMatch(/schema version \d+; staff 0/)

    const typed = onTerminal([PASSPHRASE], ['status'])
    expect(typed.out).toContain('Key passphrase:')
    expect(typed.out).toMatch(/schema version \d+; staff 0/)
    expect(typed.out).not.toContain('prompted passphrase')
    expect(typed.code).toBe(0)
  })

  it('a wrong passphrase typed at the prompt is refused clearly, and not echoed either', () => {
    const typed = onTerminal(['wrong passphrase 0000 not this one'], ['status'])
    expect(typed.code).toBe(1)
    expect(typed.out).toContain('The key passphrase is wrong')
    expect(typed.out).not.toContain('not this one')
  })

  it('without a terminal and without a file, the start stops and says where the passphrase can come from', () => {
    const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', 'status'], { env: base, encoding: 'utf8', input: '' })
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('TELLER_KEY_MODE=passphrase needs the key passphrase: TELLER_KEY_PASSPHRASE_FILE (a 0600 file), or start from a terminal to be asked for it.')
  })
})

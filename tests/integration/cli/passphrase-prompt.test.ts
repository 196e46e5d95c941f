import { spawnSync } from 'node:child_process'
import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-engine'

const dir = tempDir('teller-cli-prompt-')
const PASSPHRASE = 'prompted passphrase 4711 correct'
const base = { ...process.env, TELLER_DATA_DIR: dir.path, TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: '', TELLER_KEY_PASSPHRASE_FILE: '' }

/** The admin CLI on a real pseudo-terminal: what the person types at each prompt (`[prompt, answer]`, or the answer to "Key passphrase:"). */
function onTerminal(answers: (string | [string, string])[], args: string[], env: NodeJS.ProcessEnv = base) {
  const pairs = answers.flatMap((a) => (typeof a === 'string' ? ['Key passphrase:', a] : a))
  const r = spawnSync('python3', [join(__dirname, '../../support/pty-run.py'), ...pairs, '--', 'npx', 'tsx', 'src/main/cli/admin.ts', ...args], { env, encoding: 'utf8' })
  return { code: r.status, out: r.stdout }
}

function passphraseFile(name: string, passphrase: string): string {
  const file = join(dir.path, '..', `${dir.path.split('/').pop()}-${name}`)
  writeFileSync(file, `${passphrase}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return file
}

/** The admin CLI without a terminal: standard input is `input` (secrets one a line). */
function admin(args: string[], env: NodeJS.ProcessEnv, input = '') {
  const r = spawnSync('npx', ['tsx', 'src/main/cli/admin.ts', ...args], { env: { ...base, ...env }, encoding: 'utf8', input })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

// Four eyes (issue 13): `keys rotate` only records a request by one supervisor; a different one approves
// it with `approvals approve`, which runs the rotation. Supervisors made by `create-staff` have no second
// factor yet (pending enrolment), so their authenticator-code line (the second line of stdin) is empty.
const STAFF_PW = 'Supervisor-Password-2026'
const MAKER = 'boss1'
const CHECKER = 'boss2'

function createSupervisors(env: NodeJS.ProcessEnv): void {
  for (const login of [MAKER, CHECKER]) {
    const r = admin(['create-staff', '--login', login, '--name', `Supervisor ${login}`, '--role', 'supervisor'], env, `${STAFF_PW}\n`)
    expect(r.out, r.err).toContain(`Created supervisor '${login}'`)
  }
}

/** `keys rotate --login MAKER --reason ...` with the store opened by the passphrase file `env` names: the request id. */
function requestRotation(env: NodeJS.ProcessEnv): string {
  const r = admin(['keys', 'rotate', '--login', MAKER, '--reason', 'Yearly key rotation'], env, `${STAFF_PW}\n\n`)
  expect(r.err).toBe('')
  expect(r.code).toBe(0)
  const id = /key rotation requested \(([0-9a-f-]{36})\)/.exec(r.out)?.[1]
  if (!id) throw new Error(`no request id in: ${r.out}`)
  return id
}

const approveArgs = (id: string) => ['approvals', 'approve', id, '--login', CHECKER, '--reason', 'Checked the change ticket']

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

  it('keys rotate in passphrase mode: the new passphrase from a 0600 file; afterwards only the new passphrase opens the store', () => {
    const current = passphraseFile('current', PASSPHRASE)
    const next = passphraseFile('next', 'second passphrase 2027 for the ring')
    createSupervisors({ TELLER_KEY_PASSPHRASE_FILE: current })
    // The request alone changes nothing: the current passphrase still opens the store.
    const id = requestRotation({ TELLER_KEY_PASSPHRASE_FILE: current })
    expect(admin(['status'], { TELLER_KEY_PASSPHRASE_FILE: current })).toMatchObject({ code: 0 })
    const rotated = admin(approveArgs(id), { TELLER_KEY_PASSPHRASE_FILE: current, TELLER_KEY_NEW_PASSPHRASE_FILE: next }, `${STAFF_PW}\n\n`)
    expect(rotated.err).toBe('')
    expect(rotated.out).toMatch(/re-wrapped 6 keys under the new passphrase: from now on only the new passphrase opens this store/)
    expect(rotated.out).toMatch(/data key version 2 is active/)
    expect(rotated.out).toMatch(/HMAC keys rotated: session-key-mac version 2/)
    expect(rotated.code).toBe(0)
    expect(admin(['status'], { TELLER_KEY_PASSPHRASE_FILE: current })).toMatchObject({ code: 1, err: expect.stringContaining('The key passphrase is wrong') })
    expect(admin(['status'], { TELLER_KEY_PASSPHRASE_FILE: next })).toMatchObject({ code: 0, out: expect.stringMatching(/schema version/) })
    // Without a terminal or a file for the new passphrase, nothing is rotated.
    const refused = admin(approveArgs(requestRotation({ TELLER_KEY_PASSPHRASE_FILE: next })), { TELLER_KEY_PASSPHRASE_FILE: next }, `${STAFF_PW}\n\n`)
    expect(refused).toMatchObject({ code: 1 })
    expect(refused.err).toContain('The new key passphrase: set TELLER_KEY_NEW_PASSPHRASE_FILE (a 0600 file), or run from a terminal to be asked for it.')
    expect(admin(['status'], { TELLER_KEY_PASSPHRASE_FILE: next })).toMatchObject({ code: 0 })
  })

  it('keys rotate in passphrase mode on a terminal: current passphrase, then the new one twice, none echoed; a mismatch changes nothing', () => {
    const current = 'second passphrase 2027 for the ring'
    const third = 'third passphrase typed at the prompt'
    const currentFile = passphraseFile('current-2', current)
    // The checker approves on the terminal: the store's passphrase, their password and (empty) code, then the new passphrase twice.
    const approveOnTerminal = (repeat: string) =>
      onTerminal([current, ['Password:', STAFF_PW], ['Authenticator code:', ''], ['New key passphrase:', third], ['Repeat the new key passphrase:', repeat]], approveArgs(requestRotation({ TELLER_KEY_PASSPHRASE_FILE: currentFile })))
    const mismatch = approveOnTerminal('something else entirely 123')
    expect(mismatch.code).toBe(1)
    expect(mismatch.out).toContain('The two new passphrases differ; nothing was changed.')
    // Nothing changed: the current passphrase still opens the store (the next request is made with it).
    const rotated = approveOnTerminal(third)
    expect(rotated.out).toContain('re-wrapped')
    expect(rotated.code).toBe(0)
    for (const secret of ['second passphrase', 'third passphrase', 'something else', STAFF_PW]) expect(rotated.out + mismatch.out).not.toContain(secret)
    expect(onTerminal([third], ['status']).code).toBe(0)
  })
})

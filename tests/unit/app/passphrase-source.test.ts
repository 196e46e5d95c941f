import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readKeyMode } from '../../../src/main/app/config'

const dir = mkdtempSync(join(tmpdir(), 'teller-passphrase-'))
const PASSPHRASE = 'correct horse battery staple'

function file(name: string, body: string, mode: number): string {
  const path = join(dir, name)
  writeFileSync(path, body, { mode })
  chmodSync(path, mode)
  return path
}

/** Issue 13, passphrase key mode: the passphrase from a 0600 file or a prompt, not only from the environment. */
describe('key passphrase sources', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reads the passphrase from a 0600 file (one trailing newline is not part of it), in production too', () => {
    const path = file('ok', `${PASSPHRASE}\n`, 0o600)
    expect(readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: path }, 'production')).toEqual({ mode: 'passphrase', passphrase: PASSPHRASE })
    expect(readKeyMode({ TELLER_KEY_PASSPHRASE_FILE: path }, 'development')).toEqual({ mode: 'auto', passphrase: PASSPHRASE })
    const inner = file('inner-spaces', ' two  words and more \r\n', 0o400)
    expect(readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: inner }, 'production')).toEqual({ mode: 'passphrase', passphrase: ' two  words and more ' })
  })

  it('refuses a passphrase file that others can read or write, naming the fix and never the content', () => {
    for (const mode of [0o644, 0o640, 0o604, 0o620]) {
      const path = file(`open-${mode.toString(8)}`, `${PASSPHRASE}\n`, mode)
      let message = ''
      try {
        readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: path }, 'production')
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toBe(`The key passphrase file ${path} can be read or written by other users: make it 0600 (chmod 600) and owned by the user that runs the app.`)
      expect(message).not.toContain('horse')
    }
  })

  it('refuses a symbolic link (it could point anywhere) and a missing or empty file, with clear messages', () => {
    const target = file('target', `${PASSPHRASE}\n`, 0o600)
    const link = join(dir, 'link')
    symlinkSync(target, link)
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: link }, 'production')).toThrow(
      `The key passphrase file ${link} is a symbolic link: give the path of the file itself.`,
    )
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: join(dir, 'none') }, 'production')).toThrow(
      `The key passphrase file ${join(dir, 'none')} cannot be read (ENOENT).`,
    )
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: file('short', 'short\n', 0o600) }, 'production')).toThrow('at least 16 characters')
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE_FILE: dir }, 'production')).toThrow(`The key passphrase file ${dir} is not a regular file.`)
  })

  it('the environment variable still works in development, but production refuses it by name (the environment leaks)', () => {
    expect(readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: PASSPHRASE }, 'development')).toEqual({ mode: 'passphrase', passphrase: PASSPHRASE })
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: PASSPHRASE }, 'production')).toThrow(
      'TELLER_KEY_PASSPHRASE is refused in production: the environment is inherited by child processes and kept in shell histories and service files. Use TELLER_KEY_PASSPHRASE_FILE (a 0600 file) or start from a terminal to be asked.',
    )
    const path = file('both', `${PASSPHRASE}\n`, 0o600)
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: PASSPHRASE, TELLER_KEY_PASSPHRASE_FILE: path }, 'development')).toThrow(
      'Set TELLER_KEY_PASSPHRASE or TELLER_KEY_PASSPHRASE_FILE, not both.',
    )
  })

  it('passphrase mode with no passphrase given: asked for at start (null), when a terminal is there to ask on', () => {
    expect(readKeyMode({ TELLER_KEY_MODE: 'passphrase' }, 'production')).toEqual({ mode: 'passphrase', passphrase: null })
  })
})

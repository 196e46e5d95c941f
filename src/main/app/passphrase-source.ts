import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { AppMode, KeyModeConfig } from './config'

/**
 * Where the key passphrase comes from (issue 13): a 0600 file (TELLER_KEY_PASSPHRASE_FILE), a
 * prompt on the terminal that started the app (nothing echoed), or, in development only, the
 * environment (TELLER_KEY_PASSPHRASE). Messages name the file, never its content.
 */
export function passphraseFrom(env: NodeJS.ProcessEnv, appMode: AppMode): string | null {
  const fromEnv = env.TELLER_KEY_PASSPHRASE || undefined
  const file = env.TELLER_KEY_PASSPHRASE_FILE || undefined
  if (fromEnv !== undefined && file !== undefined) throw new Error('Set TELLER_KEY_PASSPHRASE or TELLER_KEY_PASSPHRASE_FILE, not both.')
  if (file !== undefined) return readPassphraseFile(file)
  if (fromEnv !== undefined && appMode === 'production') {
    throw new Error(
      'TELLER_KEY_PASSPHRASE is refused in production: the environment is inherited by child processes and kept in shell histories and service files. Use TELLER_KEY_PASSPHRASE_FILE (a 0600 file) or start from a terminal to be asked.',
    )
  }
  return fromEnv ?? null
}

/** The passphrase file: a regular file of this user, not a symbolic link, readable and writable by its owner only. */
export function readPassphraseFile(path: string): string {
  let fd: number
  try {
    if (lstatSync(path).isSymbolicLink()) throw new Error(`The key passphrase file ${path} is a symbolic link: give the path of the file itself.`)
    // O_NOFOLLOW: a link swapped in after the check is refused too.
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('The key passphrase file')) throw e
    throw new Error(`The key passphrase file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: e })
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw new Error(`The key passphrase file ${path} is not a regular file.`)
    if ((st.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
      throw new Error(`The key passphrase file ${path} can be read or written by other users: make it 0600 (chmod 600) and owned by the user that runs the app.`)
    }
    return readFileSync(fd, 'utf8').replace(/\r?\n$/, '')
  } finally {
    closeSync(fd)
  }
}

/** Asks on the terminal without echoing what is typed. */
export async function askHidden(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
  const rl = createInterface({ input, output, terminal: true })
  output.write(prompt)
  ;(rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {} // nothing typed is shown
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question('', resolve)
      rl.once('close', () => reject(new Error(`Nothing was entered at "${prompt.trim()}" (the terminal closed).`)))
    })
  } finally {
    rl.close()
    output.write('\n')
  }
}

/**
 * Passphrase mode with no passphrase configured: asked on the terminal that started the app or the
 * admin CLI (no echo). Without a terminal the configuration is returned as it is, and the start
 * stops with a message naming TELLER_KEY_PASSPHRASE_FILE.
 */
export async function withAskedPassphrase<C extends { keyMode?: KeyModeConfig }>(config: C, ask: () => Promise<string> = () => askHidden('Key passphrase: ')): Promise<C> {
  if (config.keyMode?.mode !== 'passphrase' || config.keyMode.passphrase !== null || !process.stdin.isTTY) return config
  const passphrase = await ask()
  if (passphrase.length < 16) throw new Error('TELLER_KEY_MODE=passphrase needs a passphrase of at least 16 characters.')
  return { ...config, keyMode: { mode: 'passphrase', passphrase } }
}

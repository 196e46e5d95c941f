import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, fstatSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { KekProvider } from './kek'

export const DEV_KEY_FILE = 'DEVELOPMENT-ONLY-key-store.json'

/**
 * Development only: the KEK in a 0600 file in the data folder, for machines with no keychain
 * (a fresh headless machine running `npm start`). Anyone with the folder can unwrap the keys, so
 * production refuses this mode by name, and the app shows "Development — not for customer data".
 */
export class DevFileKek implements KekProvider {
  readonly mode = 'dev-file' as const

  constructor(private readonly dataDir: string) {}

  get path(): string {
    return join(this.dataDir, DEV_KEY_FILE)
  }

  async load(installId: string, _salt: Buffer, create: boolean): Promise<Buffer> {
    if (!existsSync(this.path)) {
      if (!create) throw new Error(`The development key store ${this.path} is missing; this store's data cannot be read.`)
      const body = { warning: 'Development key store: not for customer data. Anyone with this folder can read the store.', installId, kek: randomBytes(32).toString('base64') }
      // 'wx': never follow or overwrite something planted at this path.
      const fd = openSync(this.path, 'wx', 0o600)
      try {
        writeSync(fd, JSON.stringify(body, null, 2) + '\n')
      } finally {
        closeSync(fd)
      }
    }
    const fd = openSync(this.path, 'r')
    try {
      const st = fstatSync(fd)
      if ((st.mode & 0o077) !== 0 || (typeof process.getuid === 'function' && st.uid !== process.getuid())) {
        throw new Error(`The development key store ${this.path} must be 0600 and owned by this user.`)
      }
      const parsed = JSON.parse(readFileSync(fd, 'utf8')) as { installId?: unknown; kek?: unknown }
      const kek = typeof parsed.kek === 'string' ? Buffer.from(parsed.kek, 'base64') : Buffer.alloc(0)
      if (kek.length !== 32 || parsed.installId !== installId) throw new Error(`The development key store ${this.path} does not belong to this store.`)
      return kek
    } finally {
      closeSync(fd)
    }
  }
}

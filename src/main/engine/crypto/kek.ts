import { randomBytes } from 'node:crypto'
import { hashRaw } from '@node-rs/argon2'

/** Where the key-encryption key (KEK) lives. It never touches the database or a file. */
export interface KekProvider {
  /** Recorded with the store: a store stays in the mode it was created in. */
  readonly mode: 'keychain' | 'passphrase' | 'dev-file'
  /** The 32-byte KEK for this install; `create` allows making one on first start. */
  load(installId: string, salt: Buffer, create: boolean): Promise<Buffer>
  /** KEK rotation (keychain mode): a pending new KEK, kept until the store is re-wrapped under it. */
  stageNext?(installId: string): Promise<Buffer>
  loadNext?(installId: string): Promise<Buffer | null>
  commitNext?(installId: string, kek: Buffer): Promise<void>
}

export class KeychainUnavailableError extends Error {
  constructor(cause: string) {
    super(
      `The OS keychain (Secret Service) is not available: ${cause}. Start the app in a desktop session with a ` +
        'keyring (gnome-keyring, KWallet), or use passphrase mode: TELLER_KEY_MODE=passphrase with the ' +
        'passphrase in a 0600 file named by TELLER_KEY_PASSPHRASE_FILE (see README, "Keys").',
    )
    this.name = 'KeychainUnavailableError'
  }
}

export class KekMissingError extends Error {
  constructor() {
    super('The key-encryption key for this store is missing from the OS keychain; encrypted data cannot be read. Restore the keychain entry or the backup.')
    this.name = 'KekMissingError'
  }
}

export const KEYCHAIN_SERVICE = 'kz-branch-teller'

type Keytar = typeof import('keytar')

/** KEK held by the OS keychain through keytar: one entry per install (account `kek:<installId>`). */
export class KeychainKek implements KekProvider {
  readonly mode = 'keychain' as const
  constructor(private readonly service = KEYCHAIN_SERVICE) {}

  async stageNext(installId: string): Promise<Buffer> {
    const next = randomBytes(32)
    await (await this.keytar()).setPassword(this.service, `kek:${installId}:next`, next.toString('base64'))
    return next
  }

  async loadNext(installId: string): Promise<Buffer | null> {
    const v = await (await this.keytar()).getPassword(this.service, `kek:${installId}:next`)
    return v ? Buffer.from(v, 'base64') : null
  }

  /** After the store was re-wrapped under the staged KEK: it becomes the KEK, the stage is removed. */
  async commitNext(installId: string, kek: Buffer): Promise<void> {
    const keytar = await this.keytar()
    await keytar.setPassword(this.service, `kek:${installId}`, kek.toString('base64'))
    await keytar.deletePassword(this.service, `kek:${installId}:next`)
  }

  /** Whether a Secret Service answers at all (a headless machine has none), within a few seconds. */
  async available(timeoutMs = 5000): Promise<boolean> {
    try {
      const keytar = await this.keytar()
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs)
      })
      try {
        await Promise.race([keytar.getPassword(this.service, 'probe'), timeout])
      } finally {
        clearTimeout(timer)
      }
      return true
    } catch {
      return false
    }
  }

  private async keytar(): Promise<Keytar> {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require('keytar') as Keytar
    } catch (e) {
      throw new KeychainUnavailableError(`keytar could not be loaded (${e instanceof Error ? e.name : 'error'})`)
    }
  }

  async load(installId: string, _salt: Buffer, create: boolean): Promise<Buffer> {
    let keytar: Keytar
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      keytar = require('keytar') as Keytar
    } catch (e) {
      throw new KeychainUnavailableError(`keytar could not be loaded (${e instanceof Error ? e.name : 'error'})`)
    }
    const account = `kek:${installId}`
    let stored: string | null
    try {
      stored = await keytar.getPassword(this.service, account)
      if (stored === null && create) {
        stored = randomBytes(32).toString('base64')
        await keytar.setPassword(this.service, account, stored)
      }
    } catch (e) {
      throw new KeychainUnavailableError(e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : 'unknown error')
    }
    if (stored === null) throw new KekMissingError()
    const kek = Buffer.from(stored, 'base64')
    if (kek.length !== 32) throw new KekMissingError()
    return kek
  }
}

/** Explicit fallback: KEK = argon2id(passphrase, per-install salt), 64 MiB, 3 passes. */
export class PassphraseKek implements KekProvider {
  readonly mode = 'passphrase' as const
  constructor(private readonly passphrase: string) {
    if (passphrase.length < 16) throw new Error('The key passphrase must be at least 16 characters.')
  }

  async load(_installId: string, salt: Buffer): Promise<Buffer> {
    return hashRaw(this.passphrase, { algorithm: 2, memoryCost: 65536, timeCost: 3, parallelism: 1, outputLen: 32, salt })
  }
}

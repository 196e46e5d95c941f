import { randomBytes } from 'node:crypto'
import type { KeyStore, SecretKeyName } from './ports'

/**
 * Secrets that live only in this process's memory and vanish when it stops: nothing on disk.
 * Right for the session-key MAC, since every key it protects expires after 15 minutes anyway
 * (a restart simply makes outstanding keys unusable; the customer asks for a new one).
 */
export class EphemeralKeyStore implements KeyStore {
  private readonly keys = new Map<SecretKeyName, Buffer>()

  async secret(name: SecretKeyName): Promise<Buffer> {
    let key = this.keys.get(name)
    if (!key) {
      key = randomBytes(32)
      this.keys.set(name, key)
    }
    return key
  }
}

import { randomBytes, randomUUID } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { Clock } from '../kernel/clock'
import type { KeyStore, SecretKeyName } from '../kernel/ports'
import { open, seal } from './aead'
import type { KekProvider } from './kek'
import { isPostgres, sql } from '../../store/dialect'

/** Keys the ring holds: one encryption key (rotated by version) and MAC keys (stable). */
export type KeyPurpose = 'data' | SecretKeyName
const PURPOSES: KeyPurpose[] = ['data', 'session-key-mac', 'card-fingerprint', 'blind-index']

interface RingRow {
  purpose: KeyPurpose
  version: number
  wrapped: string
  state: 'active' | 'retired'
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('The key passphrase is wrong: the data keys of this store cannot be unwrapped.')
    this.name = 'WrongPassphraseError'
  }
}

const wrapAad = (installId: string, purpose: string, version: number) => `key_ring:${installId}:${purpose}:${version}`

/**
 * Data keys (AES-256-GCM and HMAC keys) wrapped by a key-encryption key that lives in the OS
 * keychain (or is derived from a passphrase). The database holds only wrapped keys; unwrapped
 * keys stay in this process's memory. Encrypted fields carry the data-key version, so the key
 * can be rotated and old rows re-encrypted in resumable batches.
 */
export class KeyRing implements KeyStore {
  private constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    readonly installId: string,
    private kek: Buffer,
    private readonly keys: Map<string, Buffer>,
    private activeData: number,
    readonly mode: KekProvider['mode'],
    private readonly provider: KekProvider,
  ) {}

  static async open(ds: DataSource, provider: KekProvider, clock: Clock): Promise<KeyRing> {
    if (!isPostgres(ds)) return KeyRing.openUnlocked(ds, provider, clock)
    // Branch mode: workstations starting together must not both create the ring.
    const guard = ds.createQueryRunner()
    await guard.connect()
    try {
      await guard.query('SELECT pg_advisory_lock(hashtext($1))', ['teller-key-ring'])
      return await KeyRing.openUnlocked(ds, provider, clock)
    } finally {
      await guard.query('SELECT pg_advisory_unlock(hashtext($1))', ['teller-key-ring']).catch(() => undefined)
      await guard.release()
    }
  }

  private static async openUnlocked(ds: DataSource, provider: KekProvider, clock: Clock): Promise<KeyRing> {
    const meta = (await sql(ds, `SELECT install_id, salt, kek_mode FROM key_ring_meta`)) as { install_id: string; salt: string; kek_mode: string }[]
    const first = meta.length === 0
    const installId = first ? randomUUID() : meta[0]!.install_id
    const salt = first ? randomBytes(16) : Buffer.from(meta[0]!.salt, 'base64')
    if (!first && meta[0]!.kek_mode !== provider.mode) {
      throw new Error(`This store's keys are protected in ${meta[0]!.kek_mode} mode; start the app in that mode (TELLER_KEY_MODE).`)
    }
    let kek = await provider.load(installId, salt, first)
    // A KEK rotation interrupted after the store was re-wrapped: the staged KEK is the right one.
    if (!first && provider.loadNext) {
      const probe = (await sql(ds, `SELECT purpose, version, wrapped FROM key_ring LIMIT 1`)) as RingRow[]
      const next = await provider.loadNext(installId).catch(() => null)
      if (probe[0] && next) {
        try {
          open(kek, probe[0].wrapped, wrapAad(installId, probe[0].purpose, probe[0].version))
        } catch {
          open(next, probe[0].wrapped, wrapAad(installId, probe[0].purpose, probe[0].version))
          await provider.commitNext!(installId, next)
          kek = next
        }
      }
    }
    const keys = new Map<string, Buffer>()
    const now = clock.now().toISOString()
    await ds.transaction(async (m) => {
      if (first) {
        await sql(m, `INSERT INTO key_ring_meta (install_id, salt, kek_mode, created_at) VALUES (?, ?, ?, ?)`, [installId, salt.toString('base64'), provider.mode, now])
      }
      const rows = (await sql(m, `SELECT purpose, version, wrapped, state FROM key_ring`)) as RingRow[]
      for (const row of rows) {
        try {
          keys.set(`${row.purpose}:${row.version}`, open(kek, row.wrapped, wrapAad(installId, row.purpose, row.version)))
        } catch {
          throw new WrongPassphraseError()
        }
      }
      for (const purpose of PURPOSES) {
        if (rows.some((r) => r.purpose === purpose)) continue
        const key = randomBytes(32)
        await sql(m, `INSERT INTO key_ring (purpose, version, wrapped, state, created_at) VALUES (?, 1, ?, 'active', ?)`, [
          purpose,
          seal(kek, key, wrapAad(installId, purpose, 1)),
          now,
        ])
        keys.set(`${purpose}:1`, key)
      }
    })
    const active = (await sql(ds, `SELECT version FROM key_ring WHERE purpose = 'data' AND state = 'active'`)) as { version: number }[]
    return new KeyRing(ds, clock, installId, kek, keys, active[0]!.version, provider.mode, provider)
  }

  private key(purpose: KeyPurpose, version: number): Buffer {
    const k = this.keys.get(`${purpose}:${version}`)
    if (!k) throw new Error(`no ${purpose} key version ${version}`)
    return k
  }

  async secret(name: SecretKeyName): Promise<Buffer> {
    return this.key(name, 1)
  }

  get dataKeyVersion(): number {
    return this.activeData
  }

  /** `k<version>:<envelope>`; the AAD names the row and column the value belongs to. */
  sealField(plain: string, aad: string): string {
    return `k${this.activeData}:${seal(this.key('data', this.activeData), Buffer.from(plain, 'utf8'), aad)}`
  }

  openField(value: string, aad: string): string {
    const m = /^k(\d+):(.+)$/.exec(value)
    if (!m) throw new Error('not an encrypted field')
    return open(this.key('data', Number(m[1])), m[2]!, aad).toString('utf8')
  }

  static versionOf(value: string): number {
    return Number(/^k(\d+):/.exec(value)?.[1] ?? 0)
  }

  /** A new data key becomes active; older versions stay (retired) until every row is re-encrypted. */
  async rotateDataKey(): Promise<number> {
    const version = this.activeData + 1
    const key = randomBytes(32)
    await this.ds.transaction(async (m) => {
      await sql(m, `UPDATE key_ring SET state = 'retired' WHERE purpose = 'data'`)
      await sql(m, `INSERT INTO key_ring (purpose, version, wrapped, state, created_at) VALUES ('data', ?, ?, 'active', ?)`, [
        version,
        seal(this.kek, key, wrapAad(this.installId, 'data', version)),
        this.clock.now().toISOString(),
      ])
    })
    this.keys.set(`data:${version}`, key)
    this.activeData = version
    return version
  }

  /**
   * KEK rotation (keychain mode): stage a new KEK in the keychain, re-wrap every data key under it
   * in one transaction, then make it the KEK. Interrupted at any point, the next start finishes it.
   */
  async rotateKek(): Promise<number> {
    if (!this.provider.stageNext || !this.provider.commitNext) {
      throw new Error('KEK rotation is for keychain mode; in passphrase mode re-key by changing the passphrase.')
    }
    const next = await this.provider.stageNext(this.installId)
    const n = await this.rewrap(next)
    await this.provider.commitNext(this.installId, next)
    return n
  }

  /** Re-wraps every key under a new KEK in one transaction. */
  private async rewrap(newKek: Buffer): Promise<number> {
    const rows = (await sql(this.ds, `SELECT purpose, version FROM key_ring`)) as RingRow[]
    await this.ds.transaction(async (m) => {
      for (const r of rows) {
        await sql(m, `UPDATE key_ring SET wrapped = ? WHERE purpose = ? AND version = ?`, [
          seal(newKek, this.key(r.purpose, r.version), wrapAad(this.installId, r.purpose, r.version)),
          r.purpose,
          r.version,
        ])
      }
    })
    this.kek = newKek
    return rows.length
  }
}

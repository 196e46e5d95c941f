import { createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto'
import type { AuditKeys } from '../audit/audit-keys'
import type { Clock } from '../kernel/clock'
import type { KeyStore } from '../kernel/ports'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { open, seal } from './aead'
import type { KekProvider } from './kek'
import type { KeyPurpose, WrappedKeyRow } from './key-ring.repo'
import { MAC_PURPOSES, type MacPurpose } from './mac-tag'

export type { KeyPurpose } from './key-ring.repo'
const PURPOSES: KeyPurpose[] = ['data', 'session-key-mac', 'card-fingerprint', 'blind-index', 'audit-chain', 'audit-signing']
/** The PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

export class WrongPassphraseError extends Error {
  constructor() {
    super('The key passphrase is wrong: the data keys of this store cannot be unwrapped.')
    this.name = 'WrongPassphraseError'
  }
}

const wrapAad = (installId: string, purpose: string, version: number) => `key_ring:${installId}:${purpose}:${version}`
/** The newest active version of each purpose (1 when none is marked active). */
const activeVersions = (rows: WrappedKeyRow[]) =>
  new Map(PURPOSES.map((p) => [p, Math.max(1, ...rows.filter((r) => r.purpose === p && r.state === 'active').map((r) => r.version))]))

/**
 * Data keys (AES-256-GCM and HMAC keys) wrapped by a key-encryption key that lives in the OS
 * keychain (or is derived from a passphrase). The database holds only wrapped keys; unwrapped
 * keys stay in this process's memory. Encrypted fields carry the data-key version, so the key
 * can be rotated and old rows re-encrypted in resumable batches.
 */
export class KeyRing implements KeyStore, AuditKeys {
  private signer: { privateKey: KeyObject; publicKey: KeyObject } | null = null

  private constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    readonly installId: string,
    private kek: Buffer,
    private readonly keys: Map<string, Buffer>,
    private activeData: number,
    readonly mode: KekProvider['mode'],
    private readonly provider: KekProvider,
    private readonly active: Map<KeyPurpose, number>,
  ) {}

  static open(uow: UnitOfWork, provider: KekProvider, clock: Clock): Promise<KeyRing> {
    // Branch mode: workstations starting together must not both create the ring.
    return uow.exclusive('teller-key-ring', () => KeyRing.openUnlocked(uow, provider, clock))
  }

  private static async openUnlocked(uow: UnitOfWork, provider: KekProvider, clock: Clock): Promise<KeyRing> {
    const meta = await uow.repos.keyRing.findMeta()
    const first = meta === null
    const installId = meta === null ? randomUUID() : meta.installId
    const salt = meta === null ? randomBytes(16) : Buffer.from(meta.salt, 'base64')
    if (meta !== null && meta.kekMode !== provider.mode) {
      throw new Error(`This store's keys are protected in ${meta.kekMode} mode; start the app in that mode (TELLER_KEY_MODE).`)
    }
    let kek = await provider.load(installId, salt, first)
    // A KEK rotation interrupted after the store was re-wrapped: the staged KEK is the right one.
    if (!first && provider.loadNext) {
      const probe = await uow.repos.keyRing.findAnyKey()
      const next = await provider.loadNext(installId).catch(() => null)
      if (probe && next) {
        try {
          open(kek, probe.wrapped, wrapAad(installId, probe.purpose, probe.version))
        } catch {
          open(next, probe.wrapped, wrapAad(installId, probe.purpose, probe.version))
          await provider.commitNext!(installId, next)
          kek = next
        }
      }
    }
    const keys = new Map<string, Buffer>()
    const now = clock.now().toISOString()
    await uow.transaction([], async ({ keyRing }) => {
      if (first) await keyRing.createMeta({ installId, salt: salt.toString('base64'), kekMode: provider.mode }, now)
      const rows = await keyRing.listKeys()
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
        await keyRing.addActiveKey(purpose, 1, seal(kek, key, wrapAad(installId, purpose, 1)), now)
        keys.set(`${purpose}:1`, key)
      }
    })
    const active = await uow.repos.keyRing.activeDataKeyVersion()
    return new KeyRing(uow, clock, installId, kek, keys, active, provider.mode, provider, activeVersions(await uow.repos.keyRing.listKeys()))
  }

  private key(purpose: KeyPurpose, version: number): Buffer {
    const k = this.keys.get(`${purpose}:${version}`)
    if (!k) throw new Error(`no ${purpose} key version ${version}`)
    return k
  }

  async mac(purpose: MacPurpose): Promise<{ version: number; key: Buffer }> {
    const version = this.active.get(purpose)!
    return { version, key: this.key(purpose, version) }
  }

  macAt(purpose: MacPurpose, version: number): Promise<Buffer | null> {
    return this.keyAt(purpose, version)
  }

  async macVersions(purpose: MacPurpose): Promise<number[]> {
    return [...this.keys.keys()].filter((k) => k.startsWith(`${purpose}:`)).map((k) => Number(k.slice(purpose.length + 1))).sort((a, b) => b - a)
  }

  /** A new active version of every HMAC key; older versions stay to verify and find what they made. */
  async rotateMacKeys(): Promise<Record<MacPurpose, number>> {
    const out = {} as Record<MacPurpose, number>
    for (const purpose of MAC_PURPOSES) out[purpose] = await this.addVersion(purpose)
    return out
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
    await this.uow.transaction([], async ({ keyRing }) => {
      await keyRing.retireDataKeys()
      await keyRing.addActiveKey('data', version, seal(this.kek, key, wrapAad(this.installId, 'data', version)), this.clock.now().toISOString())
    })
    this.keys.set(`data:${version}`, key)
    this.activeData = version
    return version
  }

  chainKey(): { version: number; key: Buffer } {
    const version = this.active.get('audit-chain')!
    return { version, key: this.key('audit-chain', version) }
  }

  chainKeyAt(version: number): Promise<Buffer | null> {
    return this.keyAt('audit-chain', version)
  }

  /** A version this process has not seen (rotated by another workstation) is read from the ring. */
  private async keyAt(purpose: KeyPurpose, version: number): Promise<Buffer | null> {
    const known = this.keys.get(`${purpose}:${version}`)
    if (known) return known
    const row = (await this.uow.repos.keyRing.listKeys()).find((r) => r.purpose === purpose && r.version === version)
    if (!row) return null
    const key = open(this.kek, row.wrapped, wrapAad(this.installId, row.purpose, row.version))
    this.keys.set(`${purpose}:${version}`, key)
    return key
  }

  checkpointSigner(): { privateKey: KeyObject; publicKey: KeyObject } {
    if (!this.signer) {
      const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, this.key('audit-signing', 1)]), format: 'der', type: 'pkcs8' })
      this.signer = { privateKey, publicKey: createPublicKey(privateKey) }
    }
    return this.signer
  }

  /** A new audit-chain key signs the links from now on; events keep the version they were linked with. */
  rotateAuditChainKey(): Promise<number> {
    return this.addVersion('audit-chain')
  }

  /** A new active version of a key (after the newest in the ring, whichever workstation made it); the others are retired but kept. */
  private async addVersion(purpose: KeyPurpose): Promise<number> {
    const key = randomBytes(32)
    const version = await this.uow.transaction([], async ({ keyRing }) => {
      const v = Math.max(0, ...(await keyRing.listKeys()).filter((r) => r.purpose === purpose).map((r) => r.version)) + 1
      await keyRing.retireKeys(purpose)
      await keyRing.addActiveKey(purpose, v, seal(this.kek, key, wrapAad(this.installId, purpose, v)), this.clock.now().toISOString())
      return v
    })
    this.keys.set(`${purpose}:${version}`, key)
    this.active.set(purpose, version)
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
    const rows = await this.uow.repos.keyRing.listKeys()
    await this.uow.transaction([], async ({ keyRing }) => {
      for (const r of rows) {
        await keyRing.rewrapKey(r.purpose, r.version, seal(newKek, this.key(r.purpose, r.version), wrapAad(this.installId, r.purpose, r.version)))
      }
    })
    this.kek = newKek
    return rows.length
  }
}

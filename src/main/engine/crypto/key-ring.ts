import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto'
import type { AuditKeys } from '../audit/audit-keys'
import type { Clock } from '../kernel/clock'
import type { KeyStore } from '../kernel/ports'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { open, seal } from './aead'
import type { KekProvider } from './kek'
import type { KeyPurpose, KeyRingRepo } from './key-ring.repo'
import { openRing, wrapAad, type RingState } from './key-ring-open'
import { MAC_PURPOSES, type MacPurpose } from './mac-tag'

export type { KeyPurpose } from './key-ring.repo'
export { WrongPassphraseError } from './key-ring-open'
/** The PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows it. */
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex')

/**
 * Data keys (AES-256-GCM and HMAC keys) wrapped by a key-encryption key that lives in the OS
 * keychain (or is derived from a passphrase). The database holds only wrapped keys; unwrapped
 * keys stay in this process's memory. Encrypted fields carry the data-key version, so the key
 * can be rotated and old rows re-encrypted in resumable batches.
 */
export class KeyRing implements KeyStore, AuditKeys {
  private signer: { privateKey: KeyObject; publicKey: KeyObject } | null = null

  private kek: Buffer
  /** Base64 salt of the passphrase KEK this process holds: a ring re-wrapped elsewhere is not written to. */
  private salt: string
  private readonly keys: Map<string, Buffer>
  private activeData: number
  private readonly active: Map<KeyPurpose, number>
  readonly installId: string
  readonly mode: KekProvider['mode']

  private constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly provider: KekProvider,
    state: RingState,
  ) {
    this.installId = state.installId
    this.kek = state.kek
    this.salt = state.salt
    this.keys = state.keys
    this.activeData = state.activeData
    this.active = state.active
    this.mode = provider.mode
  }

  static open(uow: UnitOfWork, provider: KekProvider, clock: Clock): Promise<KeyRing> {
    // Branch mode: workstations starting together must not both create the ring.
    return uow.exclusive('teller-key-ring', async () => new KeyRing(uow, clock, provider, await openRing(uow, provider, clock)))
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
      await this.assertSameKek(keyRing)
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
      await this.assertSameKek(keyRing)
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

  /**
   * Passphrase mode: every key re-wrapped under the KEK of a new passphrase and a new salt, the salt
   * in the same transaction. Before it commits only the old passphrase opens the store, after it
   * only the new one; interrupted, nothing changed and the old one still opens it.
   */
  async rotatePassphrase(next: KekProvider): Promise<number> {
    if (this.mode !== 'passphrase' || next.mode !== 'passphrase') throw new Error('Passphrase rotation is for passphrase mode; in keychain mode a new key-encryption key is made instead.')
    if ((await next.load(this.installId, Buffer.from(this.salt, 'base64'), false)).equals(this.kek)) throw new Error('The new key passphrase must differ from the current one.')
    const salt = randomBytes(16)
    return this.rewrap(await next.load(this.installId, salt, false), salt.toString('base64'))
  }

  /** Re-wraps every key under a new KEK (and, in passphrase mode, its salt) in one transaction. */
  private async rewrap(newKek: Buffer, newSalt: string = this.salt): Promise<number> {
    const n = await this.uow.transaction([], async ({ keyRing }) => {
      await this.assertSameKek(keyRing)
      const rows = await keyRing.listKeys()
      for (const r of rows) {
        await keyRing.rewrapKey(r.purpose, r.version, seal(newKek, (await this.keyAt(r.purpose, r.version))!, wrapAad(this.installId, r.purpose, r.version)))
      }
      if (newSalt !== this.salt) await keyRing.replaceSalt(newSalt)
      return rows.length
    })
    this.kek = newKek
    this.salt = newSalt
    return n
  }

  /** Branch mode: a workstation still holding the KEK of a replaced passphrase must not wrap keys the others cannot open. */
  private async assertSameKek(keyRing: KeyRingRepo): Promise<void> {
    if ((await keyRing.findMeta())?.salt !== this.salt) throw new Error('The key passphrase was changed (on another workstation): restart this workstation with the new passphrase.')
  }
}

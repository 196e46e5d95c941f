import { randomBytes, randomUUID } from 'node:crypto'
import type { Clock } from '../kernel/clock'
import type { UnitOfWork } from '../kernel/unit-of-work'
import { open, seal } from './aead'
import type { KekProvider } from './kek'
import type { KeyPurpose, WrappedKeyRow } from './key-ring.repo'

export const PURPOSES: KeyPurpose[] = ['data', 'session-key-mac', 'card-fingerprint', 'blind-index', 'audit-chain', 'audit-signing']

export class WrongPassphraseError extends Error {
  constructor() {
    super('The key passphrase is wrong: the data keys of this store cannot be unwrapped.')
    this.name = 'WrongPassphraseError'
  }
}

export const wrapAad = (installId: string, purpose: string, version: number) => `key_ring:${installId}:${purpose}:${version}`

/** The newest active version of each purpose (1 when none is marked active). */
const activeVersions = (rows: WrappedKeyRow[]) =>
  new Map(PURPOSES.map((p) => [p, Math.max(1, ...rows.filter((r) => r.purpose === p && r.state === 'active').map((r) => r.version))]))

/** What a key ring holds in memory once opened. */
export interface RingState {
  installId: string
  kek: Buffer
  salt: string
  keys: Map<string, Buffer>
  activeData: number
  active: Map<KeyPurpose, number>
}

/**
 * Opens (or, on first start, creates) the ring: the KEK from its provider, every wrapped key
 * unwrapped, a key of each purpose created where none exists yet.
 */
export async function openRing(uow: UnitOfWork, provider: KekProvider, clock: Clock): Promise<RingState> {
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
  const activeData = await uow.repos.keyRing.activeDataKeyVersion()
  return { installId, kek, salt: salt.toString('base64'), keys, activeData, active: activeVersions(await uow.repos.keyRing.listKeys()) }
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { AuditKeys } from './audit-keys'

/**
 * A retention archive as a sealed file (issue 15). The CSV inside is encrypted with AES-256-GCM
 * under a random data key of its own, in chunks; the data key is stored in the header wrapped by
 * the key ring's data key (`k<version>:…`, AAD naming the archive's id).
 *
 * Why the ring's data key and not the KEK directly: `admin keys rotate` replaces the KEK and deletes
 * the old one from the keychain. The ring's keys are re-wrapped under the new KEK, and retired data
 * key versions are kept, so an archive stays readable for its 10 years. An archive wrapped by the KEK
 * itself would have to be rewritten at each rotation, changing the SHA-256 the chain recorded.
 * Either way reading needs the KEK (keychain entry or passphrase) and the store's key ring.
 *
 * Layout: `TELLER-AUDIT-ARCHIVE\n`, one JSON header line {v, cipher, chunk, id, key}, then frames of
 * [4-byte length][12-byte IV][ciphertext][16-byte tag]. Each frame's AAD is the header's SHA-256,
 * the frame's index and whether it is the last: a changed header, a changed, moved or dropped frame,
 * or a cut-off file is refused.
 */
const MAGIC = 'TELLER-AUDIT-ARCHIVE\n'
const CHUNK = 64 * 1024

/** An archive that cannot be opened; the message names why, never the content. */
export class ArchiveError extends Error {}

export class ArchiveDamagedError extends ArchiveError {
  constructor() {
    super('The archive is damaged or altered: it cannot be opened. Use the copy from your backup.')
    this.name = 'ArchiveDamagedError'
  }
}

export class ArchiveUnreadableError extends ArchiveError {
  constructor(code: string) {
    super(`The archive file cannot be read (${code}): check the path and its permissions.`)
    this.name = 'ArchiveUnreadableError'
  }
}

interface Header {
  v: 1
  cipher: 'aes-256-gcm'
  chunk: number
  id: string
  key: string
}

const frameAad = (headerDigest: Buffer, index: number, last: boolean) => Buffer.concat([headerDigest, Buffer.from(`:${index}:${last ? 1 : 0}`)])

function sealFrame(dek: Buffer, headerDigest: Buffer, index: number, last: boolean, plain: Buffer): Buffer {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', dek, iv)
  cipher.setAAD(frameAad(headerDigest, index, last))
  const ct = Buffer.concat([cipher.update(plain), cipher.final()])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(12 + ct.length + 16)
  return Buffer.concat([length, iv, ct, cipher.getAuthTag()])
}

/** Writes `text` (the archive's CSV, line by line) sealed to a new file (0600); returns the SHA-256 of the sealed bytes. */
export async function writeSealedArchive(file: string, keys: AuditKeys, text: AsyncIterable<string>): Promise<string> {
  const dek = randomBytes(32)
  const id = randomBytes(16).toString('hex')
  const header: Header = { v: 1, cipher: 'aes-256-gcm', chunk: CHUNK, id, key: keys.sealField(dek.toString('base64'), `audit-archive:${id}`) }
  const headerBytes = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`)
  const headerDigest = createHash('sha256').update(headerBytes).digest()
  const digest = createHash('sha256')
  async function* frames(): AsyncGenerator<Buffer> {
    digest.update(headerBytes)
    yield headerBytes
    let pending = Buffer.alloc(0)
    let index = 0
    const emit = (plain: Buffer, last: boolean) => {
      const frame = sealFrame(dek, headerDigest, index++, last, plain)
      digest.update(frame)
      return frame
    }
    for await (const piece of text) {
      pending = Buffer.concat([pending, Buffer.from(piece, 'utf8')])
      // A frame is written once more text follows it, so the last one is known to be the last.
      while (pending.length > CHUNK) {
        yield emit(pending.subarray(0, CHUNK), false)
        pending = pending.subarray(CHUNK)
      }
    }
    yield emit(pending, true)
    dek.fill(0)
  }
  await pipeline(frames, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  return digest.digest('hex')
}

/** Opens a sealed archive: its CSV text and the SHA-256 of the file as read. Anything altered is refused. */
export async function readSealedArchive(file: string, keys: AuditKeys): Promise<{ text: string; sha256: string }> {
  const bytes = await readFile(file).catch((e: NodeJS.ErrnoException) => {
    throw new ArchiveUnreadableError(e.code ?? 'error')
  })
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const headerEnd = bytes.indexOf(0x0a, MAGIC.length)
  if (!bytes.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC)) || headerEnd < 0) throw new ArchiveDamagedError()
  let header: Header
  let dek: Buffer
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, headerEnd).toString('utf8')) as Header
    if (header.v !== 1 || header.cipher !== 'aes-256-gcm') throw new Error('version')
    dek = Buffer.from(keys.openField(header.key, `audit-archive:${header.id}`), 'base64')
  } catch {
    throw new ArchiveDamagedError()
  }
  const headerDigest = createHash('sha256').update(bytes.subarray(0, headerEnd + 1)).digest()
  const parts: Buffer[] = []
  let at = headerEnd + 1
  let index = 0
  for (;;) {
    if (at + 4 > bytes.length) throw new ArchiveDamagedError()
    const length = bytes.readUInt32BE(at)
    const frame = bytes.subarray(at + 4, at + 4 + length)
    if (length < 28 || frame.length !== length) throw new ArchiveDamagedError()
    at += 4 + length
    const last = at === bytes.length
    try {
      const decipher = createDecipheriv('aes-256-gcm', dek, frame.subarray(0, 12), { authTagLength: 16 })
      decipher.setAAD(frameAad(headerDigest, index++, last))
      decipher.setAuthTag(frame.subarray(length - 16))
      parts.push(decipher.update(frame.subarray(12, length - 16)), decipher.final())
    } catch {
      throw new ArchiveDamagedError()
    }
    if (last) break
  }
  dek.fill(0)
  return { text: Buffer.concat(parts).toString('utf8'), sha256 }
}

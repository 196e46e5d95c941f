import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'

const TAG_BYTES = 16

/**
 * AES-256-GCM with a random 96-bit IV. The envelope is `v1.<iv>.<tag>.<ciphertext>` (base64url);
 * the associated data binds a ciphertext to its row and column, so it cannot be moved elsewhere.
 */
export function seal(key: Buffer, plain: Buffer, aad: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad))
  const ct = Buffer.concat([cipher.update(plain), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.')
}

export function open(key: Buffer, envelope: string, aad: string): Buffer {
  const [v, iv, tag, ct] = envelope.split('.')
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value')
  // The full 128-bit tag only: setAuthTag alone accepts a truncated one (4 bytes: 2^32 tries to forge).
  const tagBytes = Buffer.from(tag, 'base64url')
  if (tagBytes.length !== TAG_BYTES) throw new Error('not a sealed value')
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES })
  decipher.setAAD(Buffer.from(aad))
  decipher.setAuthTag(tagBytes)
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()])
}

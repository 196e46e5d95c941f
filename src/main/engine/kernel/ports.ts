/**
 * What the engine needs from outside the bank's walls or from the operating system. Each is a
 * constructor argument wired in the composition root (src/main/app/engine.ts); tests pass the
 * same adapters the app uses, or a fake behind the same interface for what is outside the bank.
 */

export interface SmsMessage {
  /** E.164 phone number. */
  to: string
  /** Contains the session key: adapters must never log it. */
  text: string
  /** What the message is about (e.g. the session key's id), kept with its delivery status. */
  ref?: string
}

export interface SmsReceipt {
  /** The operator's id for the message (SMPP message_id, HTTP id), for delivery reports. */
  providerRef: string | null
}

export interface SmsGateway {
  /** Resolves once the operator accepted the message; rejects when it could not be sent. */
  send(message: SmsMessage): Promise<SmsReceipt | void>
}

/** A failure worth retrying (timeout, connection refused, 5xx); anything else is final. */
export class TransientSmsError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'TransientSmsError'
  }
}

/** Named secret keys of the key ring: stored only wrapped by the keychain (or passphrase) KEK. */
export type SecretKeyName = 'session-key-mac' | 'card-fingerprint' | 'blind-index'

export interface KeyStore {
  /** The active version of an HMAC key: new tags are made with it (`macTag` in engine/crypto/mac-tag.ts). */
  mac(name: SecretKeyName): Promise<{ version: number; key: Buffer }>
  /** Any live version (a tag made before a rotation carries its version), or null if the ring has none. */
  macAt(name: SecretKeyName, version: number): Promise<Buffer | null>
  /** Every live version, newest first: a lookup by a keyed index tries each. */
  macVersions(name: SecretKeyName): Promise<number[]>
}

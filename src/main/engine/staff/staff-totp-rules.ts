import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { HOTP, Secret } from 'otpauth'

/**
 * PCI DSS v4 8.4.2, TOTP as RFC 6238 with the authenticator-app defaults: HMAC-SHA-1, 6 digits,
 * 30-second steps. A code is accepted for the current step and one step either side (clock drift),
 * and only for a step after the last one this account used (no replay).
 */
export const TOTP_PERIOD_MS = 30_000
export const TOTP_DIGITS = 6
export const TOTP_ALGORITHM = 'SHA1'
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1
/** 160 bits, as RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20
export const RECOVERY_CODE_COUNT = 10
/** Crockford's base32 without I, L, O, U: easy to read out and type. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
/** 16 characters of 5 bits: 80 bits each, far beyond guessing, so a plain SHA-256 is enough to store. */
const RECOVERY_LENGTH = 16

export function stepAt(ms: number): number {
  return Math.floor(ms / TOTP_PERIOD_MS)
}

/** The code an authenticator shows for a step of a base32 secret. */
export function totpCode(secretBase32: string, step: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, counter: step })
}

export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''))
}

/** The step (within ±1 of now) whose code this is, or null; every candidate is compared in constant time. */
export function matchingStep(secretBase32: string, code: string, nowMs: number): number | null {
  const typed = Buffer.from(code.replace(/\s/g, ''), 'utf8')
  const now = stepAt(nowMs)
  let found: number | null = null
  for (let step = now - TOTP_WINDOW; step <= now + TOTP_WINDOW; step++) {
    const expected = Buffer.from(totpCode(secretBase32, step), 'utf8')
    if (typed.length === expected.length && timingSafeEqual(typed, expected) && found === null) found = step
  }
  return found
}

export type StepDecision = 'accepted' | 'replayed'

/** A step at or before the last accepted one has been used (or is older than a used one). */
export function decideStep(step: number, lastStep: number | null): StepDecision {
  return lastStep !== null && step <= lastStep ? 'replayed' : 'accepted'
}

export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let s = ''
    for (let i = 0; i < RECOVERY_LENGTH; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
    return s.match(/.{4}/g)!.join('-')
  })
}

/** Upper case, without spaces or dashes; the look-alike letters read as the digits they resemble. */
export function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
}

/** What the store keeps of a recovery code: bound to the account, so equal codes of two accounts differ. */
export function recoveryCodeHash(staffId: string, code: string): string {
  return createHash('sha256').update(`${staffId}:${normaliseRecoveryCode(code)}`).digest('hex')
}

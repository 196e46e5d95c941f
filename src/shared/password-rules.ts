/**
 * S7 customer password rules, shared by the engine (which enforces them) and the renderer (which
 * ticks them live as the customer types). One function, so the two can never disagree.
 */
export type CustomerPasswordRuleId = 'minLength' | 'notDigitsOnly'

export const CUSTOMER_PASSWORD_MIN_LENGTH = 7

/**
 * The form a password is checked, hashed and compared in: Unicode NFKC, so a full-width "Ｐａｓｓ７" and
 * "Pass7", or a composed and a decomposed "é", are one password whichever keyboard typed it.
 */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC')
}

export function customerPasswordChecks(password: string | null | undefined): { id: CustomerPasswordRuleId; ok: boolean }[] {
  const pw = normalisePassword(password ?? '')
  return [
    // Length in characters (code points), not UTF-16 units: "7 characters" as a customer counts them.
    { id: 'minLength', ok: [...pw].length >= CUSTOMER_PASSWORD_MIN_LENGTH },
    // S7(2): not digits only, i.e. at least one letter or special character. A digit is any Unicode
    // decimal digit (Arabic-Indic, Devanagari, full-width...); spaces and invisible characters count as neither.
    { id: 'notDigitsOnly', ok: /[^\p{Nd}\p{White_Space}\p{Cc}\p{Cf}]/u.test(pw) },
  ]
}

export function customerPasswordOk(password: string | null | undefined): boolean {
  return customerPasswordChecks(password).every((c) => c.ok)
}

/**
 * Staff passwords, PCI DSS v4 8.3.6: at least 12 characters with letters and digits (the same test
 * as `staffPasswordSchema` in the IPC contract, which checks the shape at the gate).
 */
export function staffPasswordOk(password: string): boolean {
  return staffPasswordChecks(password).every((c) => c.ok)
}

export type StaffPasswordRuleId = 'minLength' | 'maxLength' | 'letter' | 'digit'

/** Each staff password rule on its own, so a refusal can say which one fails (issue 16). */
export function staffPasswordChecks(password: string): { id: StaffPasswordRuleId; ok: boolean }[] {
  return [
    { id: 'minLength', ok: password.length >= 12 },
    { id: 'maxLength', ok: password.length <= 256 },
    { id: 'letter', ok: /\p{L}/u.test(password) },
    { id: 'digit', ok: /\p{N}/u.test(password) },
  ]
}

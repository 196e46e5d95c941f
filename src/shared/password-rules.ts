/**
 * S7 customer password rules, shared by the engine (which enforces them) and the renderer (which
 * ticks them live as the customer types). One function, so the two can never disagree.
 */
export type CustomerPasswordRuleId = 'minLength' | 'notDigitsOnly'

export const CUSTOMER_PASSWORD_MIN_LENGTH = 7

export function customerPasswordChecks(password: string | null | undefined): { id: CustomerPasswordRuleId; ok: boolean }[] {
  const pw = password ?? ''
  return [
    // Length in characters (code points), not UTF-16 units: "7 characters" as a customer counts them.
    { id: 'minLength', ok: [...pw].length >= CUSTOMER_PASSWORD_MIN_LENGTH },
    // S7(2): not digits only, i.e. at least one character that is not a digit (a letter or a special character).
    { id: 'notDigitsOnly', ok: /[^0-9]/u.test(pw) },
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
  return password.length >= 12 && password.length <= 256 && /\p{L}/u.test(password) && /\p{N}/u.test(password)
}

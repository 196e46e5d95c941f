import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { domains } from '../../../src/shared/ipc/contract'
import type { ChannelSpec } from '../../../src/shared/ipc/contract/define'
import { sessionKey } from '../../../src/shared/ipc/contract/schemas'

/**
 * Issue 12: the customer's secrets (session key, password, card number, expiry, CVV) are typed on
 * the customer window and go from there to the main process; no channel a teller or supervisor may
 * call carries one. Staff secrets stay with staff by design: their own sign-in, password change,
 * authenticator code, the initial password a supervisor gives a new colleague, and re-authentication
 * to approve or reject a four-eyes request.
 */
const SECRET_NAME = /^(code|key|sessionKey|.*password.*|pan|cardNumber|cvv|cvc|expiry|expiryDate)$/i
const STAFF_SECRETS = new Set(['staff:bootstrap', 'staff:signIn', 'staff:enrolConfirm', 'staff:create', 'staff:changePassword', 'approvals:approve', 'approvals:reject'])

/**
 * Channels of the old teller-side path still in the contract: none since `customer:signIn`,
 * `payment:start` and `payment:confirm` went (issue 12). This list may only shrink: a channel added
 * here, or a new one carrying a secret, fails.
 */
const NOT_YET_REMOVED: string[] = []

/** The field paths of a request schema whose name (or schema) says "customer secret". */
function secretFields(schema: z.ZodTypeAny, path = ''): string[] {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([name, inner]) => {
      const here = path ? `${path}.${name}` : name
      const own = SECRET_NAME.test(name) || inner === sessionKey ? [here] : []
      return [...own, ...secretFields(inner, here)]
    })
  }
  if (schema instanceof z.ZodDiscriminatedUnion || schema instanceof z.ZodUnion) return (schema.options as z.ZodTypeAny[]).flatMap((o) => secretFields(o, path))
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) return secretFields(schema.unwrap() as z.ZodTypeAny, path)
  if (schema instanceof z.ZodPipe) return secretFields(schema.in as z.ZodTypeAny, path)
  if (schema instanceof z.ZodArray) return secretFields(schema.element as z.ZodTypeAny, `${path}[]`)
  if (schema instanceof z.ZodDefault) return secretFields(schema.unwrap() as z.ZodTypeAny, path)
  return []
}

const rows = Object.values(domains).flatMap((d) => Object.values(d as Record<string, ChannelSpec>))

describe('no teller or supervisor channel carries a customer secret (issue 12)', () => {
  const offending = rows
    .filter((r) => r.access !== 'none' && !STAFF_SECRETS.has(r.name))
    .map((r) => ({ name: r.name, fields: secretFields(r.request as z.ZodTypeAny) }))
    .filter((r) => r.fields.length > 0)

  it('finds the secret fields it looks for (the walk itself is checked)', () => {
    const probe = z.object({ a: z.object({ card: z.discriminatedUnion('kind', [z.object({ kind: z.literal('new'), pan: z.string(), cvv: z.string() })]) }).optional(), code: sessionKey })
    expect(secretFields(probe)).toEqual(['a.card.pan', 'a.card.cvv', 'code'])
    expect(secretFields(z.object({ newPassword: z.string().refine(() => true), n: z.string().transform((x) => x) }))).toEqual(['newPassword'])
  })

  it('only the channels of the old path, listed above, still do; the customer window channels carry none', () => {
    expect(offending.map((r) => r.name).sort()).toEqual([...NOT_YET_REMOVED].sort())
    for (const r of rows.filter((r) => r.name.startsWith('customerwin:'))) expect(secretFields(r.request as z.ZodTypeAny), r.name).toEqual([])
  })

  it('the staff exceptions are real staff channels', () => {
    const names = new Set(rows.map((r) => r.name))
    for (const n of STAFF_SECRETS) expect(names.has(n), n).toBe(true)
  })
})

import { z } from 'zod'

// Request pieces shared by several domains' rows.

/** Staff passwords follow PCI DSS v4 8.3.6: at least 12 characters with letters and digits. */
export const staffPasswordSchema = z
  .string()
  .min(12, 'at least 12 characters')
  .max(256, 'at most 256 characters')
  .refine((s) => /\p{L}/u.test(s) && /\p{N}/u.test(s), 'must contain letters and digits')

export const staffLoginSchema = z
  .string()
  .trim()
  .min(3, 'at least 3 characters')
  .max(64, 'at most 64 characters')
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore only')

/** Channels whose request is this take no argument on window.teller. */
export const empty = z.object({}).strict()

/** Shape only; the engine decides whether it is a Kazakhstan mobile number (S6). */
export const phone = z.string().trim().min(5, 'enter a phone number').max(32)
export const sessionKey = z.string().trim().regex(/^\d{6}$/, 'six digits')
/** Length bounds only; the password rules (S7) are the engine's, reported as WEAK_PASSWORD. */
export const customerPassword = z.string().min(1).max(256)
/** A real calendar date: 2024-02-30 and 2024-13-01 are refused, not rolled over. */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`)
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d
  }, 'not a calendar date')
/** Review filters; dates are calendar days in Asia/Almaty, inclusive. */
export const auditFiltersSchema = z
  .object({
    phone: z.string().trim().max(32).optional(),
    staffId: z.string().uuid().optional(),
    action: z.string().trim().max(64).optional(),
    outcome: z.enum(['success', 'failure', 'denied']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  })
  .strict()
export const reason = z.string().trim().min(3, 'give a reason (at least 3 characters)').max(500)

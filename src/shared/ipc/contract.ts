import { z } from 'zod'
import type {
  AuditDayCountDto,
  AuditPageDto,
  AuditVerifyDto,
  CustomerLookupDto,
  CustomerSessionDto,
  FraudCaseDto,
  PaymentIntentDto,
  PaymentReceiptDto,
  ProviderDto,
  SavedCardDto,
  LockoutDto,
  SessionKeySentDto,
  StaffMemberDto,
  StaffRole,
  StaffSessionDto,
  SystemStatusDto,
} from '../dto'
import { Channel, type ChannelName } from './channels'

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

const empty = z.object({}).strict()

/** Shape only; the engine decides whether it is a Kazakhstan mobile number (S6). */
const phone = z.string().trim().min(5, 'enter a phone number').max(32)
const sessionKey = z.string().trim().regex(/^\d{6}$/, 'six digits')
/** Length bounds only; the password rules (S7) are the engine's, reported as WEAK_PASSWORD. */
const customerPassword = z.string().min(1).max(256)
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
const reason = z.string().trim().min(3, 'give a reason (at least 3 characters)').max(500)

/**
 * Who may call a channel. `none`: before staff sign-in; `staff`: any signed-in role;
 * otherwise the exact role (a supervisor may also do what a teller does).
 */
export type Access = 'none' | 'staff' | StaffRole

export const contract = {
  [Channel.SystemStatus]: { access: 'none', request: empty },
  [Channel.StaffBootstrap]: {
    access: 'none',
    request: z
      .object({
        login: staffLoginSchema,
        displayName: z.string().trim().min(1).max(120),
        password: staffPasswordSchema,
      })
      .strict(),
  },
  [Channel.StaffSignIn]: {
    access: 'none',
    request: z
      .object({
        login: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
      })
      .strict(),
  },
  [Channel.StaffSignOut]: { access: 'none', request: empty },
  [Channel.StaffSession]: { access: 'none', request: empty },
  [Channel.StaffTouch]: { access: 'staff', request: empty },
  [Channel.StaffList]: { access: 'supervisor', request: empty },
  [Channel.StaffCreate]: {
    access: 'supervisor',
    request: z
      .object({
        login: staffLoginSchema,
        displayName: z.string().trim().min(1).max(120),
        role: z.enum(['teller', 'supervisor']),
        password: staffPasswordSchema,
      })
      .strict(),
  },
  [Channel.StaffSetDisabled]: {
    access: 'supervisor',
    request: z.object({ staffId: z.string().uuid(), disabled: z.boolean() }).strict(),
  },
  [Channel.CustomerLookup]: { access: 'teller', request: z.object({ phone }).strict() },
  [Channel.VerificationSend]: {
    access: 'teller',
    request: z.object({ phone, purpose: z.enum(['verify', 'register']) }).strict(),
  },
  [Channel.VerificationConfirm]: { access: 'teller', request: z.object({ phone, code: sessionKey }).strict() },
  [Channel.CustomerRegister]: {
    access: 'teller',
    request: z
      .object({
        phone,
        name: z.string().trim().min(2, 'at least 2 characters').max(120),
        dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
        password: customerPassword,
        code: sessionKey,
      })
      .strict(),
  },
  [Channel.CustomerSignIn]: { access: 'teller', request: z.object({ phone, password: customerPassword }).strict() },
  [Channel.CustomerSignOut]: { access: 'teller', request: empty },
  [Channel.CustomerCurrent]: { access: 'teller', request: empty },
  [Channel.PasswordChangeRequest]: { access: 'teller', request: empty },
  [Channel.PasswordChange]: {
    access: 'teller',
    request: z.object({ code: sessionKey, newPassword: customerPassword }).strict(),
  },
  [Channel.LockoutsList]: { access: 'supervisor', request: empty },
  [Channel.CustomerBlock]: { access: 'supervisor', request: z.object({ phone, reason }).strict() },
  [Channel.CustomerUnblock]: { access: 'supervisor', request: z.object({ phone, reason }).strict() },
  [Channel.AuditSearch]: {
    access: 'supervisor',
    request: z
      .object({
        filters: auditFiltersSchema,
        cursor: z.string().max(200).nullable().optional(),
        limit: z.number().int().min(1).max(200).optional(),
      })
      .strict(),
  },
  [Channel.AuditVerify]: { access: 'supervisor', request: empty },
  [Channel.AuditExport]: { access: 'supervisor', request: z.object({ filters: auditFiltersSchema }).strict() },
  [Channel.AuditPerDay]: { access: 'supervisor', request: z.object({ filters: auditFiltersSchema }).strict() },
  [Channel.PaymentCatalog]: { access: 'teller', request: empty },
  [Channel.CardsList]: { access: 'teller', request: empty },
  [Channel.PaymentStart]: {
    access: 'teller',
    request: z
      .object({
        providerId: z.string().trim().min(1).max(32),
        params: z.record(z.string().regex(/^[a-z]{2,16}$/), z.string().trim().max(64)),
        amountTiyn: z.number().int('whole tiyn').positive('more than zero').max(10_000_000_000),
        card: z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('new'),
              pan: z.string().trim().regex(/^[\d\s-]{12,23}$/, '12 to 19 digits'),
              expiry: z.string().trim().regex(/^\d{2}\s*\/\s*(\d{2}|\d{4})$/, 'MM/YY'),
              cvv: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
            })
            .strict(),
          z.object({ kind: z.literal('saved'), cardId: z.string().uuid() }).strict(),
        ]),
      })
      .strict(),
  },
  [Channel.PaymentConfirm]: { access: 'teller', request: z.object({ intentId: z.string().uuid(), code: sessionKey }).strict() },
  [Channel.PaymentsHistory]: { access: 'teller', request: empty },
  [Channel.RefundsFlagged]: { access: 'supervisor', request: empty },
  [Channel.RefundIssue]: { access: 'supervisor', request: z.object({ paymentId: z.string().uuid(), reason }).strict() },
  [Channel.FraudOpen]: {
    access: 'supervisor',
    request: z
      .object({
        phone,
        kind: z.enum(['lost-card', 'stolen-card', 'unauthorised', 'other']),
        paymentId: z.string().uuid().nullable().optional(),
        note: z.string().trim().min(3, 'describe the case').max(2000),
      })
      .strict(),
  },
  [Channel.FraudList]: { access: 'supervisor', request: empty },
  [Channel.FraudNote]: { access: 'supervisor', request: z.object({ caseId: z.string().uuid(), text: z.string().trim().min(1).max(2000) }).strict() },
  [Channel.FraudStatus]: {
    access: 'supervisor',
    request: z
      .object({
        caseId: z.string().uuid(),
        status: z.enum(['investigating', 'resolved', 'closed']),
        resolution: z.enum(['client-favour', 'bank-favour']).nullable().optional(),
      })
      .strict(),
  },
  [Channel.FraudExport]: { access: 'supervisor', request: empty },
} as const satisfies Record<ChannelName, { access: Access; request: z.ZodType }>

export type RequestOf<C extends ChannelName> = z.input<(typeof contract)[C]['request']>
export type ParsedRequestOf<C extends ChannelName> = z.output<(typeof contract)[C]['request']>

export interface ResponseMap {
  [Channel.SystemStatus]: SystemStatusDto
  [Channel.StaffBootstrap]: StaffSessionDto
  [Channel.StaffSignIn]: StaffSessionDto
  [Channel.StaffSignOut]: null
  [Channel.StaffSession]: StaffSessionDto | null
  [Channel.StaffTouch]: null
  [Channel.StaffList]: StaffMemberDto[]
  [Channel.StaffCreate]: StaffMemberDto
  [Channel.StaffSetDisabled]: StaffMemberDto
  [Channel.CustomerLookup]: CustomerLookupDto
  [Channel.VerificationSend]: SessionKeySentDto
  [Channel.VerificationConfirm]: { phone: string; verifiedUntil: string }
  [Channel.CustomerRegister]: CustomerSessionDto
  [Channel.CustomerSignIn]: CustomerSessionDto
  [Channel.CustomerSignOut]: null
  [Channel.CustomerCurrent]: CustomerSessionDto | null
  [Channel.PasswordChangeRequest]: SessionKeySentDto
  [Channel.PasswordChange]: null
  [Channel.LockoutsList]: LockoutDto[]
  [Channel.CustomerBlock]: null
  [Channel.CustomerUnblock]: null
  [Channel.AuditSearch]: AuditPageDto
  [Channel.AuditVerify]: AuditVerifyDto
  [Channel.AuditExport]: { fileName: string; csv: string; rows: number }
  [Channel.AuditPerDay]: AuditDayCountDto[]
  [Channel.PaymentCatalog]: ProviderDto[]
  [Channel.CardsList]: SavedCardDto[]
  [Channel.PaymentStart]: PaymentIntentDto
  [Channel.PaymentConfirm]: PaymentReceiptDto
  [Channel.PaymentsHistory]: PaymentReceiptDto[]
  [Channel.RefundsFlagged]: PaymentReceiptDto[]
  [Channel.RefundIssue]: PaymentReceiptDto
  [Channel.FraudOpen]: FraudCaseDto
  [Channel.FraudList]: FraudCaseDto[]
  [Channel.FraudNote]: FraudCaseDto
  [Channel.FraudStatus]: FraudCaseDto
  [Channel.FraudExport]: { fileName: string; csv: string; rows: number }
}

export type ResponseOf<C extends ChannelName> = ResponseMap[C]

import { z } from 'zod'
import type { StaffMemberDto, StaffRole, StaffSessionDto, SystemStatusDto } from '../dto'
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
}

export type ResponseOf<C extends ChannelName> = ResponseMap[C]

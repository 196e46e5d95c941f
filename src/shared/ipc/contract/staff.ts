import { z } from 'zod'
import type { StaffMemberDto, StaffSessionDto } from '../../dto'
import { channel, response } from './define'
import { empty, reason, staffLoginSchema, staffPasswordSchema } from './schemas'

export const staffChannels = {
  bootstrap: channel({
    name: 'staff:bootstrap',
    access: 'none',
    request: z
      .object({
        login: staffLoginSchema,
        displayName: z.string().trim().min(1).max(120),
        password: staffPasswordSchema,
      })
      .strict(),
    response: response<StaffSessionDto>(),
  }),
  signIn: channel({
    name: 'staff:signIn',
    access: 'none',
    request: z
      .object({
        login: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
      })
      .strict(),
    response: response<StaffSessionDto>(),
  }),
  signOut: channel({ name: 'staff:signOut', access: 'none', request: empty, response: response<null>() }),
  session: channel({ name: 'staff:session', access: 'none', request: empty, response: response<StaffSessionDto | null>() }),
  touch: channel({ name: 'staff:touch', access: 'staff', request: empty, response: response<null>() }),
  list: channel({ name: 'staff:list', access: 'supervisor', request: empty, response: response<StaffMemberDto[]>() }),
  create: channel({
    name: 'staff:create',
    access: 'supervisor',
    request: z
      .object({
        login: staffLoginSchema,
        displayName: z.string().trim().min(1).max(120),
        role: z.enum(['teller', 'supervisor']),
        password: staffPasswordSchema,
      })
      .strict(),
    response: response<StaffMemberDto>(),
  }),
  setDisabled: channel({
    name: 'staff:setDisabled',
    access: 'supervisor',
    request: z.object({ staffId: z.string().uuid(), disabled: z.boolean() }).strict(),
    response: response<StaffMemberDto>(),
  }),
  /** PCI DSS 8.3.4: another supervisor lifts a staff lockout early, with a reason. */
  unlock: channel({
    name: 'staff:unlock',
    access: 'supervisor',
    request: z.object({ staffId: z.string().uuid(), reason }).strict(),
    response: response<StaffMemberDto>(),
  }),
  /** PCI DSS 8.3.6/8.3.7: a staff member changes their own password. */
  changePassword: channel({
    name: 'staff:changePassword',
    access: 'staff',
    request: z.object({ currentPassword: z.string().min(1).max(256), newPassword: staffPasswordSchema }).strict(),
    response: response<null>(),
  }),
}

import { z } from 'zod'
import type { StaffEnrolledDto, StaffEnrolmentDto, StaffMemberDto, StaffSessionDto } from '../../dto'
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
    // PCI DSS 8.4.2: the first supervisor enrols a second factor before any session starts.
    response: response<StaffEnrolmentDto>(),
  }),
  signIn: channel({
    name: 'staff:signIn',
    access: 'none',
    request: z
      .object({
        login: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(256),
        /** PCI DSS 8.4.2: the authenticator code, or a one-time recovery code. */
        code: z.string().trim().max(64).optional(),
      })
      .strict(),
    response: response<StaffSessionDto>(),
  }),
  /** After STAFF_ENROLMENT_REQUIRED (or first run): a new TOTP secret for this window's enrolling staff member. */
  enrolStart: channel({ name: 'staff:enrolStart', access: 'none', request: empty, response: response<StaffEnrolmentDto>() }),
  /** Confirms the enrolment with a code from the new secret; starts the session and shows the recovery codes once. */
  enrolConfirm: channel({
    name: 'staff:enrolConfirm',
    access: 'none',
    request: z.object({ code: z.string().trim().regex(/^\d{6}$/) }).strict(),
    response: response<StaffEnrolledDto>(),
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
  /** PCI DSS 8.4.2: a supervisor resets another staff member's second factor (lost phone), with a reason. */
  resetSecondFactor: channel({
    name: 'staff:resetSecondFactor',
    access: 'supervisor',
    request: z.object({ staffId: z.string().uuid(), reason }).strict(),
    response: response<null>(),
  }),
  /** PCI DSS 8.3.6/8.3.7: a staff member changes their own password. */
  changePassword: channel({
    name: 'staff:changePassword',
    access: 'staff',
    request: z.object({ currentPassword: z.string().min(1).max(256), newPassword: staffPasswordSchema }).strict(),
    response: response<null>(),
  }),
}

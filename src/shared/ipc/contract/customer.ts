import { z } from 'zod'
import type { CustomerLookupDto, CustomerSessionDto, SessionKeySentDto } from '../../dto'
import { channel, response } from './define'
import { customerPassword, empty, phone, sessionKey } from './schemas'

export const customerChannels = {
  lookup: channel({ name: 'customer:lookup', access: 'teller', request: z.object({ phone }).strict(), response: response<CustomerLookupDto>() }),
  requestKey: channel({
    name: 'verification:send',
    access: 'teller',
    request: z.object({ phone, purpose: z.enum(['verify', 'register']) }).strict(),
    response: response<SessionKeySentDto>(),
  }),
  confirmVerification: channel({
    name: 'verification:confirm',
    access: 'teller',
    request: z.object({ phone, code: sessionKey }).strict(),
    response: response<{ phone: string; verifiedUntil: string }>(),
  }),
  register: channel({
    name: 'customer:register',
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
    response: response<CustomerSessionDto>(),
  }),
  signIn: channel({
    name: 'customer:signIn',
    access: 'teller',
    request: z.object({ phone, password: customerPassword }).strict(),
    response: response<CustomerSessionDto>(),
  }),
  signOut: channel({ name: 'customer:signOut', access: 'teller', request: empty, response: response<null>() }),
  current: channel({ name: 'customer:current', access: 'teller', request: empty, response: response<CustomerSessionDto | null>() }),
  requestPasswordChange: channel({
    name: 'customer:passwordChangeRequest',
    constant: 'PasswordChangeRequest',
    access: 'teller',
    request: empty,
    response: response<SessionKeySentDto>(),
  }),
}

import { z } from 'zod'
import type { CustomerLookupDto, CustomerSessionDto, SessionKeySentDto } from '../../dto'
import { channel, response } from './define'
import { empty, phone } from './schemas'

export const customerChannels = {
  lookup: channel({ name: 'customer:lookup', access: 'teller', request: z.object({ phone }).strict(), response: response<CustomerLookupDto>() }),
  requestKey: channel({
    name: 'verification:send',
    access: 'teller',
    request: z.object({ phone, purpose: z.enum(['verify', 'register']) }).strict(),
    response: response<SessionKeySentDto>(),
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

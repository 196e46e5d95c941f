import { z } from 'zod'
import type { LockoutDto } from '../../dto'
import { channel, response } from './define'
import { empty, phone, reason } from './schemas'

export const supervisorChannels = {
  lockouts: channel({ name: 'lockouts:list', access: 'teller', request: empty, response: response<LockoutDto[]>() }),
  block: channel({ name: 'customer:block', access: 'supervisor', request: z.object({ phone, reason }).strict(), response: response<null>() }),
  unblock: channel({ name: 'customer:unblock', access: 'supervisor', request: z.object({ phone, reason }).strict(), response: response<null>() }),
}

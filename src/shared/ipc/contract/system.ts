import type { SystemStatusDto } from '../../dto'
import { channel, response } from './define'
import { empty } from './schemas'

export const systemChannels = {
  status: channel({ name: 'system:status', access: 'none', request: empty, response: response<SystemStatusDto>() }),
}

import { Channel } from '../../../shared/ipc/channels'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { systemChannels } from '../../../shared/ipc/contract/system'
import type { StaffAccess } from '../../engine/staff/staff-access.service'
import type { Handler } from '../dispatch'
import type { ClockStatusDto } from '../../../shared/dto'

export interface SystemInfo {
  appVersion: string
  schemaVersion: number
  shell: 'electron' | 'browser'
  mode: 'development' | 'production'
}

export function systemHandlers(
  info: SystemInfo,
  staff: Pick<StaffAccess, 'initialised'>,
  clockStatus: () => ClockStatusDto | null,
): { [C in ChannelsOf<typeof systemChannels>]: Handler<C> } {
  return {
    [Channel.SystemStatus]: async () => ({ ...info, initialised: await staff.initialised(), clock: clockStatus() }),
  }
}

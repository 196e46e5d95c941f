import { Channel } from '../../../shared/ipc/channels'
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
): { [Channel.SystemStatus]: Handler<typeof Channel.SystemStatus> } {
  return {
    [Channel.SystemStatus]: async () => ({ ...info, initialised: await staff.initialised(), clock: clockStatus() }),
  }
}

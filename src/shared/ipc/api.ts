import type { StaffMemberDto, StaffSessionDto, SystemStatusDto } from '../dto'
import type { Result } from '../result'
import { Channel, type ChannelName } from './channels'
import type { RequestOf, ResponseOf } from './contract'

// Kept apart from the zod schemas so the preload bundle carries only this allowlist.

export type Invoke = <C extends ChannelName>(channel: C, payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

/** The typed API the renderer sees as `window.teller`: one named method per channel, no generic invoke. */
export interface TellerApi {
  system: { status(): Promise<Result<SystemStatusDto>> }
  staff: {
    bootstrap(req: RequestOf<typeof Channel.StaffBootstrap>): Promise<Result<StaffSessionDto>>
    signIn(req: RequestOf<typeof Channel.StaffSignIn>): Promise<Result<StaffSessionDto>>
    signOut(): Promise<Result<null>>
    session(): Promise<Result<StaffSessionDto | null>>
    touch(): Promise<Result<null>>
    list(): Promise<Result<StaffMemberDto[]>>
    create(req: RequestOf<typeof Channel.StaffCreate>): Promise<Result<StaffMemberDto>>
    setDisabled(req: RequestOf<typeof Channel.StaffSetDisabled>): Promise<Result<StaffMemberDto>>
  }
}

export function createTellerApi(invoke: Invoke): TellerApi {
  return {
    system: { status: () => invoke(Channel.SystemStatus, {}) },
    staff: {
      bootstrap: (req) => invoke(Channel.StaffBootstrap, req),
      signIn: (req) => invoke(Channel.StaffSignIn, req),
      signOut: () => invoke(Channel.StaffSignOut, {}),
      session: () => invoke(Channel.StaffSession, {}),
      touch: () => invoke(Channel.StaffTouch, {}),
      list: () => invoke(Channel.StaffList, {}),
      create: (req) => invoke(Channel.StaffCreate, req),
      setDisabled: (req) => invoke(Channel.StaffSetDisabled, req),
    },
  }
}

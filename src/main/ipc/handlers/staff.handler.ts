import { Channel } from '../../../shared/ipc/channels'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { staffChannels } from '../../../shared/ipc/contract/staff'
import type { SupervisorOverrides } from '../../engine/approvals/supervisor-overrides'
import type { StaffAccess } from '../../engine/staff/staff-access.service'
import type { Handler } from '../dispatch'
import { actorOf } from './context'

type StaffChannels = ChannelsOf<typeof staffChannels>

export function staffHandlers(staff: StaffAccess, overrides: Pick<SupervisorOverrides, 'createStaff' | 'unlockStaff' | 'resetSecondFactor'>): { [C in StaffChannels]: Handler<C> } {
  return {
    [Channel.StaffBootstrap]: (req, ctx) => staff.bootstrap(ctx.clientId, req, ctx.workstation),
    [Channel.StaffSignIn]: (req, ctx) => staff.signIn(ctx.clientId, req.login, req.password, ctx.workstation, req.code),
    [Channel.StaffEnrolStart]: (_req, ctx) => staff.enrolStart(ctx.clientId, ctx.workstation),
    [Channel.StaffEnrolConfirm]: (req, ctx) => staff.enrolConfirm(ctx.clientId, req.code, ctx.workstation),
    [Channel.StaffSignOut]: async (_req, ctx) => {
      await staff.signOut(ctx.clientId, ctx.workstation)
      return null
    },
    [Channel.StaffSession]: async (_req, ctx) => staff.session(ctx.clientId),
    // The gate refreshes activity on any guarded call; this one lets the UI report keyboard/mouse activity.
    [Channel.StaffTouch]: async () => null,
    [Channel.StaffList]: (_req, ctx) => staff.list(actorOf(ctx)),
    [Channel.StaffCreate]: (req, ctx) => overrides.createStaff(req, actorOf(ctx)),
    [Channel.StaffSetDisabled]: (req, ctx) => staff.setDisabled(req.staffId, req.disabled, actorOf(ctx)),
    [Channel.StaffUnlock]: (req, ctx) => overrides.unlockStaff(req.staffId, req.reason, actorOf(ctx)),
    [Channel.StaffResetSecondFactor]: async (req, ctx) => {
      await overrides.resetSecondFactor(req.staffId, req.reason, actorOf(ctx))
      return null
    },
    [Channel.StaffChangePassword]: async (req, ctx) => {
      await staff.changePassword(ctx.session!.staffId, req.currentPassword, req.newPassword, actorOf(ctx), ctx.clientId)
      return null
    },
  }
}

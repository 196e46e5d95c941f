import { Channel } from '../../../shared/ipc/channels'
import type { Engine } from '../../app/engine'
import type { Handler } from '../dispatch'

type StaffChannels =
  | typeof Channel.StaffBootstrap
  | typeof Channel.StaffSignIn
  | typeof Channel.StaffSignOut
  | typeof Channel.StaffSession
  | typeof Channel.StaffTouch

export function staffHandlers(engine: Engine): { [C in StaffChannels]: Handler<C> } {
  return {
    [Channel.StaffBootstrap]: async (req, ctx) => {
      const staff = await engine.staff.bootstrap(req, { staffId: null, workstation: ctx.workstation })
      return engine.sessions.start(ctx.clientId, staff, ctx.workstation)
    },
    [Channel.StaffSignIn]: async (req, ctx) => {
      const staff = await engine.staff.authenticate(req.login, req.password, ctx.workstation)
      return engine.sessions.start(ctx.clientId, staff, ctx.workstation)
    },
    [Channel.StaffSignOut]: async (_req, ctx) => {
      const ended = engine.sessions.end(ctx.clientId)
      if (ended) {
        await engine.audit.record({
          actorStaffId: ended.staffId,
          workstation: ctx.workstation,
          action: 'staff.signOut',
          outcome: 'success',
        })
      }
      return null
    },
    [Channel.StaffSession]: async (_req, ctx) => engine.sessions.peek(ctx.clientId),
    // Any guarded call refreshes activity; this one lets the UI report keyboard/mouse activity.
    [Channel.StaffTouch]: async () => null,
  }
}

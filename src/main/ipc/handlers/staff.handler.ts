import { Channel } from '../../../shared/ipc/channels'
import type { Engine } from '../../app/composition-root'
import type { StaffMemberDto } from '../../../shared/dto'
import type { Actor, StaffPublic } from '../../engine/staff/staff.service'
import type { Handler, HandlerContext } from '../dispatch'

type StaffChannels =
  | typeof Channel.StaffBootstrap
  | typeof Channel.StaffSignIn
  | typeof Channel.StaffSignOut
  | typeof Channel.StaffSession
  | typeof Channel.StaffTouch
  | typeof Channel.StaffList
  | typeof Channel.StaffCreate
  | typeof Channel.StaffSetDisabled

function toMember(s: StaffPublic): StaffMemberDto {
  return { id: s.id, login: s.login, displayName: s.displayName, role: s.role, disabled: s.disabled, createdAt: s.createdAt }
}

function actorOf(ctx: HandlerContext): Actor {
  return { staffId: ctx.session?.staffId ?? null, workstation: ctx.workstation }
}

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
    [Channel.StaffList]: async () => (await engine.staff.list()).map(toMember),
    [Channel.StaffCreate]: async (req, ctx) => toMember(await engine.staff.create(req, actorOf(ctx))),
    [Channel.StaffSetDisabled]: async (req, ctx) => {
      const member = await engine.staff.setDisabled(req.staffId, req.disabled, actorOf(ctx))
      if (member.disabled) engine.sessions.endAllFor(member.id)
      return toMember(member)
    },
  }
}

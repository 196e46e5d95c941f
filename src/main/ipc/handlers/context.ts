import type { Window } from '../../engine/counter/counter-desk.service'
import type { Actor } from '../../engine/kernel/actor'
import type { HandlerContext } from '../dispatch'

/** The staff member acting through this call (the gate has checked the session). */
export function actorOf(ctx: HandlerContext): Actor {
  return { staffId: ctx.session?.staffId ?? null, workstation: ctx.workstation }
}

/** The window (counter) this call comes from, and who acts there. */
export function windowOf(ctx: HandlerContext): Window {
  return { clientId: ctx.clientId, actor: actorOf(ctx) }
}

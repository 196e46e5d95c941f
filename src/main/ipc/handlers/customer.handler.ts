import { Channel } from '../../../shared/ipc/channels'
import type { CustomerSessionDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { Engine } from '../../app/composition-root'
import type { CustomerPublic } from '../../engine/customers/customer.service'
import { EngineError } from '../../engine/kernel/engine-error'
import type { Actor } from '../../engine/staff/staff.service'
import type { Handler, HandlerContext } from '../dispatch'

type CustomerChannels =
  | typeof Channel.CustomerLookup
  | typeof Channel.VerificationSend
  | typeof Channel.VerificationConfirm
  | typeof Channel.CustomerRegister
  | typeof Channel.CustomerSignIn
  | typeof Channel.CustomerSignOut
  | typeof Channel.CustomerCurrent
  | typeof Channel.PasswordChangeRequest
  | typeof Channel.PasswordChange
  | typeof Channel.LockoutsList
  | typeof Channel.CustomerBlock
  | typeof Channel.CustomerUnblock

/** The customer at this window's counter, still allowed in (a block elsewhere ends the session). */
export async function customerAtCounter(engine: Engine, ctx: HandlerContext): Promise<CustomerSessionDto> {
  const current = engine.counter.get(ctx.clientId)
  if (!current) throw new EngineError(ErrorCode.CUSTOMER_NOT_SIGNED_IN, 'The customer must sign in with phone and password first.')
  try {
    await engine.customers.requireActive(current.customerId)
  } catch (e) {
    engine.counter.end(ctx.clientId)
    throw e
  }
  return current
}

export function actorOf(ctx: HandlerContext): Actor {
  return { staffId: ctx.session?.staffId ?? null, workstation: ctx.workstation }
}

export function customerHandlers(engine: Engine): { [C in CustomerChannels]: Handler<C> } {
  const startCounter = (ctx: HandlerContext, c: CustomerPublic): CustomerSessionDto =>
    engine.counter.start(ctx.clientId, {
      customerId: c.id,
      phone: c.phone,
      name: c.name,
      signedInAt: engine.clock.now().toISOString(),
    })

  const atCounter = (ctx: HandlerContext) => customerAtCounter(engine, ctx)

  return {
    [Channel.CustomerLookup]: async (req) => engine.customers.lookup(req.phone),
    [Channel.VerificationSend]: async (req, ctx) => engine.customers.sendKey(req.phone, req.purpose, actorOf(ctx)),
    [Channel.VerificationConfirm]: async (req, ctx) => engine.customers.confirmVerification(req.phone, req.code, actorOf(ctx)),
    [Channel.CustomerRegister]: async (req, ctx) => startCounter(ctx, await engine.customers.register(req, actorOf(ctx))),
    [Channel.CustomerSignIn]: async (req, ctx) => {
      engine.counter.end(ctx.clientId)
      return startCounter(ctx, await engine.customers.signIn(req.phone, req.password, actorOf(ctx)))
    },
    [Channel.CustomerSignOut]: async (_req, ctx) => {
      const current = engine.counter.get(ctx.clientId)
      engine.counter.end(ctx.clientId)
      if (current) {
        await engine.audit.record({
          actorStaffId: ctx.session?.staffId ?? null,
          workstation: ctx.workstation,
          customerRef: current.phone,
          action: 'customer.signOut',
          outcome: 'success',
        })
      }
      return null
    },
    [Channel.CustomerCurrent]: async (_req, ctx) => {
      if (!engine.counter.get(ctx.clientId)) return null
      try {
        return await atCounter(ctx)
      } catch {
        return null
      }
    },
    [Channel.PasswordChangeRequest]: async (_req, ctx) => {
      const current = await atCounter(ctx)
      return engine.customers.requestPasswordChange(current.customerId, actorOf(ctx))
    },
    [Channel.PasswordChange]: async (req, ctx) => {
      const current = await atCounter(ctx)
      await engine.customers.changePassword(current.customerId, req.code, req.newPassword, actorOf(ctx))
      return null
    },
    [Channel.LockoutsList]: async () => engine.customers.lockouts(),
    [Channel.CustomerBlock]: async (req, ctx) => {
      const blocked = await engine.customers.block(req.phone, req.reason, actorOf(ctx))
      engine.counter.endForCustomer(blocked.id)
      return null
    },
    [Channel.CustomerUnblock]: async (req, ctx) => {
      await engine.customers.unblock(req.phone, req.reason, actorOf(ctx))
      return null
    },
  }
}

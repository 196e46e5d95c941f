import { contract, type Access, type ParsedRequestOf, type ResponseOf } from '../../shared/ipc/contract'
import { isChannel, type ChannelName } from '../../shared/ipc/channels'
import { defaultMessages, ErrorCode } from '../../shared/errors'
import { err, ok, type Result } from '../../shared/result'
import type { StaffRole, StaffSessionDto } from '../../shared/dto'
import type { Logger } from '../engine/kernel/logger'
import { EngineError } from '../engine/kernel/engine-error'
import type { StaffSessions } from '../engine/staff/staff-sessions'

/** Who is calling: a window (Electron) or a browser-shell client, and the workstation name. */
export interface CallContext {
  clientId: string
  workstation: string
}

export interface HandlerContext extends CallContext {
  /** Present on every channel whose access is not `none`. */
  session: StaffSessionDto | null
}

export type Handler<C extends ChannelName> = (
  request: ParsedRequestOf<C>,
  ctx: HandlerContext,
) => Promise<ResponseOf<C>>

export type Handlers = { [C in ChannelName]: Handler<C> }

/** `staff`: any signed-in role; a supervisor may also do everything a teller may. */
export function roleAllows(access: Exclude<Access, 'none'>, role: StaffRole): boolean {
  return access === 'staff' || access === role || role === 'supervisor'
}

export type Dispatch = (channel: unknown, payload: unknown, ctx: CallContext) => Promise<Result<unknown>>

/**
 * The single gate every IPC call passes, in Electron and in the browser shell alike:
 * known channel → signed-in role → schema-valid payload → handler. Never throws.
 */
/** Told of every refused call of a signed-in staff member (wrong role): PCI DSS 10.2.1.4 wants these audited. */
export type OnDenied = (event: { staffId: string; workstation: string; channel: string }) => Promise<unknown>

/**
 * Told of every other refused call (issue 14): no session or a locked one, an unknown channel,
 * invalid input (the field paths only), a refusal from the engine. Never the payload.
 */
export type OnRefused = (event: { clientId: string; workstation: string; staffId: string | null; channel: string; cause: string; fields?: string }) => Promise<unknown>

export function createDispatcher(handlers: Handlers, sessions: StaffSessions, logger: Logger, onDenied?: OnDenied, onRefused?: OnRefused): Dispatch {
  const refuse = async (ctx: CallContext, channel: string, staffId: string | null, cause: string, fields?: string): Promise<void> => {
    // Recording a refusal must not turn it into another error: a failed write is logged by name.
    await onRefused?.({ clientId: ctx.clientId, workstation: ctx.workstation, staffId, channel, cause, ...(fields !== undefined ? { fields } : {}) })?.catch((e: unknown) =>
      logger.error('refusal not audited', { channel, errorName: e instanceof Error ? e.name : typeof e }),
    )
  }
  return async (channel, payload, ctx) => {
    if (!isChannel(channel)) {
      await refuse(ctx, typeof channel === 'string' ? channel.slice(0, 64) : '', null, ErrorCode.UNKNOWN_CHANNEL)
      return err(ErrorCode.UNKNOWN_CHANNEL, defaultMessages.UNKNOWN_CHANNEL)
    }
    const spec = contract[channel]
    const access: Access = spec.access
    let session: StaffSessionDto | null = null
    try {
      // Who before what: an unauthorised caller learns nothing about the payload rules.
      if (access !== 'none') {
        session = sessions.require(ctx.clientId)
        if (!roleAllows(access, session.role)) {
          await onDenied?.({ staffId: session.staffId, workstation: ctx.workstation, channel })
          return err(ErrorCode.FORBIDDEN, defaultMessages.FORBIDDEN)
        }
      }
      const parsed = spec.request.safeParse(payload ?? {})
      if (!parsed.success) {
        // Paths and reasons only: the rejected values may be secrets and are never echoed.
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        await refuse(ctx, channel, session?.staffId ?? null, ErrorCode.VALIDATION_FAILED, issues.map((i) => i.path).join(','))
        return err(ErrorCode.VALIDATION_FAILED, defaultMessages.VALIDATION_FAILED, { issues })
      }
      const handler = handlers[channel] as Handler<ChannelName>
      const value = await handler(parsed.data as never, { ...ctx, session })
      return ok(value)
    } catch (e) {
      if (e instanceof EngineError) {
        await refuse(ctx, channel, session?.staffId ?? null, e.code)
        return err(e.code, e.message, e.details ? { details: e.details } : undefined)
      }
      logger.error('ipc handler failed', { channel, errorName: e instanceof Error ? e.name : typeof e })
      await refuse(ctx, channel, session?.staffId ?? null, ErrorCode.INTERNAL)
      return err(ErrorCode.INTERNAL, defaultMessages.INTERNAL)
    }
  }
}

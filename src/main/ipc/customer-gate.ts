import { defaultMessages, ErrorCode } from '../../shared/errors'
import { customerPageChannels, type CustomerPageChannel } from '../../shared/ipc/customer-page-contract'
import { err, ok, type Result } from '../../shared/result'
import type { CustomerWindows } from '../engine/counter/customer-window.service'
import { EngineError } from '../engine/kernel/engine-error'
import type { Logger } from '../engine/kernel/logger'
import type { CallContext } from './dispatch'

type Handler = (request: never, ctx: CallContext) => Promise<unknown>

/**
 * The customer window's gate (issue 12): its own four channels and nothing else. Every other name,
 * each of the teller's channels included, is refused (and audited by the engine). No staff session:
 * the customer window's credential is its pairing with one teller window.
 */
export function createCustomerGate(windows: CustomerWindows, logger: Logger): (channel: unknown, payload: unknown, ctx: CallContext) => Promise<Result<unknown>> {
  const c = customerPageChannels
  const handlers: Record<CustomerPageChannel, Handler> = {
    [c.pair.name]: (req: { code: string }, ctx) => windows.pair(ctx.clientId, req.code, ctx.workstation),
    [c.getPrompt.name]: (_req: object, ctx) => windows.prompt(ctx.clientId, ctx.workstation),
    [c.answer.name]: (req: { promptId: string; nonce: string; code?: string; password?: string; locale?: string }, ctx) => windows.answer(ctx.clientId, req, ctx.workstation),
    [c.cancel.name]: (req: { promptId: string; nonce: string }, ctx) => windows.cancel(ctx.clientId, req, ctx.workstation),
  }
  const rows = Object.values(c)
  return async (channel, payload, ctx) => {
    const row = rows.find((r) => r.name === channel)
    try {
      if (!row) {
        await windows.refuseChannel(ctx.workstation, typeof channel === 'string' ? channel.slice(0, 64) : typeof channel)
        return err(ErrorCode.UNKNOWN_CHANNEL, defaultMessages.UNKNOWN_CHANNEL)
      }
      const parsed = row.request.safeParse(payload ?? {})
      if (!parsed.success) {
        // Paths and reasons only: a rejected value may be a key or a password.
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        return err(ErrorCode.VALIDATION_FAILED, defaultMessages.VALIDATION_FAILED, { issues })
      }
      return ok(await handlers[row.name](parsed.data as never, ctx))
    } catch (e) {
      if (e instanceof EngineError) return err(e.code, e.message, e.details ? { details: e.details } : undefined)
      logger.error('customer window call failed', { channel: row?.name ?? 'unknown', errorName: e instanceof Error ? e.name : typeof e })
      return err(ErrorCode.INTERNAL, defaultMessages.INTERNAL)
    }
  }
}

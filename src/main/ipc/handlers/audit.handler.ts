import { Channel } from '../../../shared/ipc/channels'
import type { Engine } from '../../app/composition-root'
import type { Handler } from '../dispatch'

type AuditChannels = typeof Channel.AuditSearch | typeof Channel.AuditVerify | typeof Channel.AuditExport | typeof Channel.AuditPerDay

export function auditHandlers(engine: Engine): { [C in AuditChannels]: Handler<C> } {
  return {
    [Channel.AuditSearch]: async (req, ctx) => {
      const page = await engine.auditReview.search(req.filters, req.cursor, req.limit)
      // Reading the trail is itself recorded (PCI DSS 10.2.1.3): which filters, not what was found.
      if (!req.cursor) {
        await engine.audit.record({
          actorStaffId: ctx.session?.staffId ?? null,
          workstation: ctx.workstation,
          action: 'audit.search',
          outcome: 'success',
          details: { filters: JSON.stringify(req.filters) },
        })
      }
      return page
    },
    [Channel.AuditVerify]: async (_req, ctx) => {
      const result = await engine.audit.verifyChain()
      await engine.audit.record({
        actorStaffId: ctx.session?.staffId ?? null,
        workstation: ctx.workstation,
        action: 'audit.verify',
        outcome: result.ok ? 'success' : 'failure',
        details: result.ok ? { count: result.count } : { brokenAt: result.brokenAt },
      })
      return result
    },
    [Channel.AuditExport]: async (req, ctx) => {
      const out = await engine.auditReview.exportCsv(req.filters, engine.clock.now())
      await engine.audit.record({
        actorStaffId: ctx.session?.staffId ?? null,
        workstation: ctx.workstation,
        action: 'audit.export',
        outcome: 'success',
        details: { rows: out.rows },
      })
      return out
    },
    [Channel.AuditPerDay]: async (req) => engine.auditReview.perDay(req.filters),
  }
}

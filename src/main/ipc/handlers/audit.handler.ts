import { Channel } from '../../../shared/ipc/channels'
import type { auditChannels } from '../../../shared/ipc/contract/audit'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { AuditDesk } from '../../engine/audit/audit-desk.service'
import type { Handler } from '../dispatch'
import { actorOf, windowOf } from './context'

type AuditChannels = ChannelsOf<typeof auditChannels>

export function auditHandlers(audit: AuditDesk): { [C in AuditChannels]: Handler<C> } {
  return {
    [Channel.AuditSearch]: (req, ctx) => audit.search(req.filters, req.cursor, req.limit, actorOf(ctx)),
    [Channel.AuditVerify]: (_req, ctx) => audit.verify(actorOf(ctx)),
    [Channel.AuditCheckpoint]: (_req, ctx) => audit.checkpointStatus(actorOf(ctx)),
    [Channel.AuditExport]: (req, ctx) => audit.exportCsv(req.filters, actorOf(ctx)),
    [Channel.AuditPerDay]: (req, ctx) => audit.perDay(req.filters, actorOf(ctx)),
    [Channel.AuditOwnDay]: (_req, ctx) => audit.ownDay(actorOf(ctx)),
    [Channel.AuditCustomerHere]: (_req, ctx) => audit.customerAtCounter(windowOf(ctx)),
  }
}

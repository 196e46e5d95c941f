import { Channel } from '../../../shared/ipc/channels'
import type { approvalChannels } from '../../../shared/ipc/contract/approvals'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { ApprovalService } from '../../engine/approvals/approvals.service'
import type { Handler } from '../dispatch'
import { actorOf, windowOf } from './context'

type ApprovalChannels = ChannelsOf<typeof approvalChannels>

/** Issue 13: the approvals inbox; a different supervisor decides (here, or re-authenticating at this window). */
export function approvalHandlers(approvals: Pick<ApprovalService, 'list' | 'approve' | 'reject'>): { [C in ApprovalChannels]: Handler<C> } {
  return {
    [Channel.ApprovalsList]: (_req, ctx) => approvals.list(actorOf(ctx)),
    [Channel.ApprovalsApprove]: (req, ctx) => approvals.approve(req.requestId, req.reason, windowOf(ctx), req.checker),
    [Channel.ApprovalsReject]: (req, ctx) => approvals.reject(req.requestId, req.reason, windowOf(ctx), req.checker),
  }
}

import { z } from 'zod'
import type { ApprovalDto } from '../../dto'
import { channel, response } from './define'
import { empty, reason } from './schemas'

/** On the maker's own workstation the checker re-authenticates here (password; TOTP once enrolled). */
const checker = z
  .object({
    login: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
    code: z.string().trim().regex(/^\d{6}$/, 'six digits').optional(),
  })
  .strict()

const decision = z.object({ requestId: z.string().uuid(), reason, checker: checker.optional() }).strict()

/** Issue 13 (PCI DSS 7.2, 8.2): maker-checker requests, decided by a different supervisor. */
export const approvalChannels = {
  list: channel({ name: 'approvals:list', access: 'supervisor', request: empty, response: response<ApprovalDto[]>() }),
  approve: channel({ name: 'approvals:approve', access: 'supervisor', request: decision, response: response<ApprovalDto>() }),
  reject: channel({ name: 'approvals:reject', access: 'supervisor', request: decision, response: response<ApprovalDto>() }),
}

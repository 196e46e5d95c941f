import { z } from 'zod'
import type { FraudCaseDto, PaymentReceiptDto, ReceiptDto } from '../../dto'
import { channel, response } from './define'
import { empty, phone, reason } from './schemas'

export const disputeChannels = {
  /** The receipt of a refunded payment. */
  refundReceipt: channel({ name: 'receipt:refund', access: 'supervisor', request: z.object({ paymentId: z.string().uuid() }).strict(), response: response<ReceiptDto>() }),
  flaggedRefunds: channel({ name: 'refund:flagged', constant: 'RefundsFlagged', access: 'supervisor', request: empty, response: response<PaymentReceiptDto[]>() }),
  refund: channel({
    name: 'refund:issue',
    access: 'supervisor',
    request: z.object({ paymentId: z.string().uuid(), reason }).strict(),
    response: response<PaymentReceiptDto>(),
  }),
  openCase: channel({
    name: 'fraud:open',
    access: 'supervisor',
    request: z
      .object({
        phone,
        kind: z.enum(['lost-card', 'stolen-card', 'unauthorised', 'other']),
        paymentId: z.string().uuid().nullable().optional(),
        note: z.string().trim().min(3, 'describe the case').max(2000),
      })
      .strict(),
    response: response<FraudCaseDto>(),
  }),
  cases: channel({ name: 'fraud:list', access: 'supervisor', request: empty, response: response<FraudCaseDto[]>() }),
  addNote: channel({
    name: 'fraud:note',
    access: 'supervisor',
    request: z.object({ caseId: z.string().uuid(), text: z.string().trim().min(1).max(2000) }).strict(),
    response: response<FraudCaseDto>(),
  }),
  setStatus: channel({
    name: 'fraud:status',
    access: 'supervisor',
    request: z
      .object({
        caseId: z.string().uuid(),
        status: z.enum(['investigating', 'resolved', 'closed']),
        resolution: z.enum(['client-favour', 'bank-favour']).nullable().optional(),
      })
      .strict(),
    response: response<FraudCaseDto>(),
  }),
  paymentsToPayee: channel({
    name: 'payment:byPayee',
    constant: 'PaymentsByPayee',
    access: 'supervisor',
    request: z.object({ payee: z.string().trim().min(4, 'at least 4 characters').max(64) }).strict(),
    response: response<PaymentReceiptDto[]>(),
  }),
  exportCases: channel({ name: 'fraud:export', access: 'supervisor', request: empty, response: response<{ fileName: string; csv: string; rows: number }>() }),
}

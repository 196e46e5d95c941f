import { Channel } from '../../../shared/ipc/channels'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { disputeChannels } from '../../../shared/ipc/contract/disputes'
import type { paymentChannels } from '../../../shared/ipc/contract/payments'
import type { SupervisorOverrides } from '../../engine/approvals/supervisor-overrides'
import type { CounterDesk } from '../../engine/counter/counter-desk.service'
import type { ProviderCatalog } from '../../engine/payments/catalog'
import type { DisputesDesk } from '../../engine/payments/disputes-desk.service'
import type { FraudService } from '../../engine/payments/fraud.service'
import type { PaymentService } from '../../engine/payments/payment.service'
import type { ReceiptDesk } from '../../engine/payments/receipt-desk.service'
import type { Handler } from '../dispatch'
import { actorOf, windowOf } from './context'

type PaymentChannels = ChannelsOf<typeof paymentChannels>

type DisputeChannels = ChannelsOf<typeof disputeChannels>

type Payments = Pick<PaymentService, 'cardsFor' | 'historyFor'>

/** S14-S16 over IPC. Payments act for the customer signed in at this window's counter only. */
export function paymentHandlers(
  desk: Pick<CounterDesk, 'requireCustomer'>,
  payments: Payments,
  catalog: Pick<ProviderCatalog, 'list'>,
  receipts: Pick<ReceiptDesk, 'forCustomer'>,
): { [C in PaymentChannels]: Handler<C> } {
  const payer = async (ctx: Parameters<Handler<PaymentChannels>>[1]) => {
    const c = await desk.requireCustomer(windowOf(ctx))
    return { customerId: c.customerId, phone: c.phone }
  }
  return {
    [Channel.PaymentCatalog]: async () => catalog.list(),
    [Channel.CardsList]: async (_req, ctx) => payments.cardsFor(await payer(ctx), actorOf(ctx)),
    [Channel.PaymentsHistory]: async (_req, ctx) => payments.historyFor(await payer(ctx), actorOf(ctx)),
    [Channel.ReceiptPrint]: (req, ctx) => receipts.forCustomer(windowOf(ctx), req.paymentId),
  }
}

type Fraud = Pick<FraudService, 'open' | 'addNote'>

/** S18-S20: refunds and fraud cases, for supervisors. */
export function disputeHandlers(
  disputes: DisputesDesk,
  fraud: Fraud,
  overrides: Pick<SupervisorOverrides, 'refund' | 'setFraudStatus'>,
  receipts: Pick<ReceiptDesk, 'forRefund'>,
): { [C in DisputeChannels]: Handler<C> } {
  return {
    [Channel.RefundsFlagged]: (_req, ctx) => disputes.flaggedRefunds(actorOf(ctx)),
    [Channel.RefundIssue]: (req, ctx) => overrides.refund(req.paymentId, req.reason, actorOf(ctx)),
    [Channel.ReceiptRefund]: (req, ctx) => receipts.forRefund(actorOf(ctx), req.paymentId),
    [Channel.FraudOpen]: (req, ctx) => fraud.open(req, actorOf(ctx)),
    [Channel.FraudList]: (_req, ctx) => disputes.fraudCases(actorOf(ctx)),
    [Channel.FraudNote]: (req, ctx) => fraud.addNote(req.caseId, req.text, actorOf(ctx)),
    [Channel.FraudStatus]: (req, ctx) => overrides.setFraudStatus(req.caseId, req.status, req.resolution ?? null, actorOf(ctx)),
    [Channel.FraudExport]: (_req, ctx) => disputes.exportCases(actorOf(ctx)),
    [Channel.PaymentsByPayee]: (req, ctx) => disputes.paymentsToPayee(req.payee, actorOf(ctx)),
  }
}

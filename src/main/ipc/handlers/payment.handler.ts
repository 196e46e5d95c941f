import { Channel } from '../../../shared/ipc/channels'
import type { Engine } from '../../app/composition-root'
import type { Handler } from '../dispatch'
import { actorOf, customerAtCounter } from './customer.handler'

type PaymentChannels =
  | typeof Channel.PaymentCatalog
  | typeof Channel.CardsList
  | typeof Channel.PaymentStart
  | typeof Channel.PaymentConfirm
  | typeof Channel.PaymentsHistory
  | typeof Channel.RefundsFlagged
  | typeof Channel.RefundIssue
  | typeof Channel.FraudOpen
  | typeof Channel.FraudList
  | typeof Channel.FraudNote
  | typeof Channel.FraudStatus
  | typeof Channel.FraudExport

/** S14-S20 over IPC. Payments act for the customer signed in at this window's counter only. */
export function paymentHandlers(engine: Engine): { [C in PaymentChannels]: Handler<C> } {
  return {
    [Channel.PaymentCatalog]: async () => engine.catalog.list(),
    [Channel.CardsList]: async (_req, ctx) => engine.payments.cards((await customerAtCounter(engine, ctx)).customerId),
    [Channel.PaymentStart]: async (req, ctx) => {
      const c = await customerAtCounter(engine, ctx)
      return engine.payments.start({ customerId: c.customerId, phone: c.phone }, req, actorOf(ctx))
    },
    [Channel.PaymentConfirm]: async (req, ctx) => {
      const c = await customerAtCounter(engine, ctx)
      return engine.payments.confirm({ customerId: c.customerId, phone: c.phone }, req.intentId, req.code, actorOf(ctx))
    },
    [Channel.PaymentsHistory]: async (_req, ctx) => engine.payments.history((await customerAtCounter(engine, ctx)).customerId),
    [Channel.RefundsFlagged]: async () => engine.payments.flaggedForRefund(),
    [Channel.RefundIssue]: async (req, ctx) => engine.payments.refund(req.paymentId, req.reason, actorOf(ctx), 's18-3ds-bypass'),
    [Channel.FraudOpen]: async (req, ctx) => engine.fraud.open(req, actorOf(ctx)),
    [Channel.FraudList]: async () => engine.fraud.list(),
    [Channel.FraudNote]: async (req, ctx) => engine.fraud.addNote(req.caseId, req.text, actorOf(ctx)),
    [Channel.FraudStatus]: async (req, ctx) => engine.fraud.setStatus(req.caseId, req.status, req.resolution ?? null, actorOf(ctx)),
    [Channel.FraudExport]: async (_req, ctx) => {
      const out = await engine.fraud.exportCsv()
      await engine.audit.record({ actorStaffId: ctx.session?.staffId ?? null, workstation: ctx.workstation, action: 'fraud.export', outcome: 'success', details: { rows: out.rows } })
      return out
    },
  }
}

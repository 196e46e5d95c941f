import { z } from 'zod'
import type { PaymentIntentDto, PaymentReceiptDto, ProviderDto, ReceiptDto, SavedCardDto } from '../../dto'
import { channel, response } from './define'
import { empty, sessionKey } from './schemas'

export const paymentChannels = {
  catalog: channel({ name: 'payment:catalog', access: 'teller', request: empty, response: response<ProviderDto[]>() }),
  savedCards: channel({ name: 'cards:list', access: 'teller', request: empty, response: response<SavedCardDto[]>() }),
  start: channel({
    name: 'payment:start',
    access: 'teller',
    request: z
      .object({
        providerId: z.string().trim().min(1).max(32),
        params: z.record(z.string().regex(/^[a-z]{2,16}$/), z.string().trim().max(64)),
        amountTiyn: z.number().int('whole tiyn').positive('more than zero').max(10_000_000_000),
        card: z.discriminatedUnion('kind', [
          z
            .object({
              kind: z.literal('new'),
              pan: z.string().trim().regex(/^[\d\s-]{12,23}$/, '12 to 19 digits'),
              expiry: z.string().trim().regex(/^\d{2}\s*\/\s*(\d{2}|\d{4})$/, 'MM/YY'),
              cvv: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
            })
            .strict(),
          z.object({ kind: z.literal('saved'), cardId: z.string().uuid() }).strict(),
        ]),
      })
      .strict(),
    response: response<PaymentIntentDto>(),
  }),
  confirm: channel({
    name: 'payment:confirm',
    access: 'teller',
    request: z.object({ intentId: z.string().uuid(), code: sessionKey }).strict(),
    response: response<PaymentReceiptDto>(),
  }),
  history: channel({ name: 'payment:history', constant: 'PaymentsHistory', access: 'teller', request: empty, response: response<PaymentReceiptDto[]>() }),
  /** A receipt for a payment of the customer at this counter; every print after the first is a duplicate. */
  receipt: channel({ name: 'receipt:print', access: 'teller', request: z.object({ paymentId: z.string().uuid() }).strict(), response: response<ReceiptDto>() }),
}

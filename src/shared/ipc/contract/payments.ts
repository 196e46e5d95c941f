import { z } from 'zod'
import type { PaymentReceiptDto, ProviderDto, ReceiptDto, SavedCardDto } from '../../dto'
import { channel, response } from './define'
import { empty } from './schemas'

export const paymentChannels = {
  catalog: channel({ name: 'payment:catalog', access: 'teller', request: empty, response: response<ProviderDto[]>() }),
  savedCards: channel({ name: 'cards:list', access: 'teller', request: empty, response: response<SavedCardDto[]>() }),
  history: channel({ name: 'payment:history', constant: 'PaymentsHistory', access: 'teller', request: empty, response: response<PaymentReceiptDto[]>() }),
  /** A receipt for a payment of the customer at this counter; every print after the first is a duplicate. */
  receipt: channel({ name: 'receipt:print', access: 'teller', request: z.object({ paymentId: z.string().uuid() }).strict(), response: response<ReceiptDto>() }),
}

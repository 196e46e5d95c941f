import { z } from 'zod'
import type { CustomerWindowStatusDto } from '../../customer-window-dto'
import type { PaymentIntentDto, SessionKeySentDto } from '../../dto'
import { channel, response } from './define'
import { empty, phone } from './schemas'

/**
 * The teller window's side of the customer window (issue 12): pair it, hand it a step, read the
 * outcome. The customer's secrets never come back on these channels.
 */
export const customerWindowChannels = {
  startPairing: channel({ name: 'customerwin:pairingStart', constant: 'CustomerWindowPairingStart', access: 'teller', request: empty, response: response<{ code: string; expiresAt: string }>() }),
  status: channel({ name: 'customerwin:status', constant: 'CustomerWindowStatus', access: 'teller', request: empty, response: response<CustomerWindowStatusDto>() }),
  askVerify: channel({ name: 'customerwin:askVerify', constant: 'CustomerWindowAskVerify', access: 'teller', request: z.object({ phone }).strict(), response: response<SessionKeySentDto>() }),
  askRegister: channel({
    name: 'customerwin:askRegister', constant: 'CustomerWindowAskRegister',
    access: 'teller',
    request: z
      .object({
        phone,
        name: z.string().trim().min(2, 'at least 2 characters').max(120),
        dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
      })
      .strict(),
    response: response<SessionKeySentDto>(),
  }),
  askPasswordChange: channel({ name: 'customerwin:askPasswordChange', constant: 'CustomerWindowAskPasswordChange', access: 'teller', request: empty, response: response<SessionKeySentDto>() }),
  /** The customer types the sign-in password on the customer window (S5, S11). */
  askSignIn: channel({ name: 'customerwin:askSignIn', constant: 'CustomerWindowAskSignIn', access: 'teller', request: z.object({ phone }).strict(), response: response<null>() }),
  /** S14: provider, payee and amount from the teller; a new card typed on the customer window, or a saved card; the key typed there. */
  askPayment: channel({
    name: 'customerwin:askPayment', constant: 'CustomerWindowAskPayment',
    access: 'teller',
    request: z
      .object({
        providerId: z.string().trim().min(1).max(32),
        params: z.record(z.string().regex(/^[a-z]{2,16}$/), z.string().trim().max(64)),
        amountTiyn: z.number().int('whole tiyn').positive('more than zero').max(10_000_000_000),
        card: z.discriminatedUnion('kind', [z.object({ kind: z.literal('new') }).strict(), z.object({ kind: z.literal('saved'), cardId: z.string().uuid() }).strict()]),
      })
      .strict(),
    response: response<{ step: 'card' | 'key'; intent: PaymentIntentDto | null }>(),
  }),
  /** S15.2: remove a saved card of the customer signed in here; the key (SMS: removal + last 4) is typed on the customer window. */
  askCardRemoval: channel({
    name: 'customerwin:askCardRemoval', constant: 'CustomerWindowAskCardRemoval',
    access: 'teller',
    request: z.object({ cardId: z.string().uuid() }).strict(),
    response: response<{ cardMasked: string; keySent: SessionKeySentDto }>(),
  }),
}

import { z } from 'zod'
import type { CustomerPromptDto, CustomerPromptOutcomeDto } from '../customer-window-dto'
import type { Result } from '../result'
import { empty, sessionKey } from './contract/schemas'

/**
 * The customer window's whole API (issue 12), apart from window.teller and its gate: pair by the
 * teller window's code, read the prompt addressed to it, answer it once, or cancel it. Nothing else
 * of the teller's contract is reachable with the customer window's credential, and none of these
 * with the teller's.
 */
const promptRef = { promptId: z.string().uuid(), nonce: z.string().uuid() }
/** A new card, typed by the customer (S14 c-e); shape only, the engine checks Luhn, expiry, CVV and issuer. */
const card = z
  .object({
    pan: z.string().trim().regex(/^[\d\s-]{12,23}$/, '12 to 19 digits'),
    expiry: z.string().trim().regex(/^\d{2}\s*\/\s*(\d{2}|\d{4})$/, 'MM/YY'),
    cvv: z.string().regex(/^\d{3,4}$/, '3 or 4 digits'),
  })
  .strict()

export const customerPageChannels = {
  pair: { name: 'customerPage:pair', request: z.object({ code: z.string().trim().regex(/^\d{6}$/, 'six digits') }).strict() },
  getPrompt: { name: 'customerPage:prompt', request: empty },
  answer: {
    name: 'customerPage:answer',
    request: z.object({ ...promptRef, code: sessionKey.optional(), password: z.string().max(256).optional(), card: card.optional(), locale: z.enum(['kk', 'ru', 'en']).optional() }).strict(),
  },
  cancel: { name: 'customerPage:cancel', request: z.object(promptRef).strict() },
} as const

export type CustomerPageChannel = (typeof customerPageChannels)[keyof typeof customerPageChannels]['name']

export const customerPageChannelNames: readonly string[] = Object.values(customerPageChannels).map((c) => c.name)

export interface CustomerApi {
  pair(req: { code: string }): Promise<Result<{ paired: true }>>
  getPrompt(): Promise<Result<CustomerPromptDto | null>>
  answer(req: z.input<typeof customerPageChannels.answer.request>): Promise<Result<CustomerPromptOutcomeDto>>
  cancel(req: { promptId: string; nonce: string }): Promise<Result<CustomerPromptOutcomeDto>>
}

export type CustomerInvoke = (channel: CustomerPageChannel, payload: unknown) => Promise<Result<unknown>>

/** `window.customerWindow`: four named functions, no generic invoke. */
export function createCustomerApi(invoke: CustomerInvoke): CustomerApi {
  const c = customerPageChannels
  return {
    pair: (req) => invoke(c.pair.name, req) as never,
    getPrompt: () => invoke(c.getPrompt.name, {}) as never,
    answer: (req) => invoke(c.answer.name, req) as never,
    cancel: (req) => invoke(c.cancel.name, req) as never,
  }
}

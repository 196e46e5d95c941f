import type { Engine } from '../../src/main/app/composition-root'
import { createCustomerGate } from '../../src/main/ipc/customer-gate'
import type { CallContext } from '../../src/main/ipc/dispatch'
import type { CustomerPromptDto, CustomerPromptOutcomeDto } from '../../src/shared/customer-window-dto'
import { Channel } from '../../src/shared/ipc/channels'
import { customerPageChannels } from '../../src/shared/ipc/customer-page-contract'
import type { Result } from '../../src/shared/result'
import type { TypedDispatch } from './dispatch'

/** What the customer types on the customer window: the key, a password, a new card. */
export interface Typed {
  code?: string
  password?: string
  card?: { pan: string; expiry: string; cvv: string }
}

/**
 * A customer window paired with a teller window through the real gates (issue 12): the teller's
 * `customerwin:pairingStart`, then the customer page's own gate, as the customer page calls it.
 */
export async function pairCustomerPage(engine: Engine, call: TypedDispatch, teller: CallContext, clientId = `customer:${teller.clientId}`) {
  const gate = createCustomerGate(engine.customerWindows, engine.logger)
  const ctx: CallContext = { clientId, workstation: teller.workstation }
  const started = await call(Channel.CustomerWindowPairingStart, {}, teller)
  if (!started.ok) throw new Error(`pairing refused: ${started.error.code}`)
  const paired = await gate(customerPageChannels.pair.name, { code: started.value.code }, ctx)
  if (!paired.ok) throw new Error(`pairing refused: ${paired.error.code}`)
  const prompt = async (): Promise<CustomerPromptDto | null> => {
    const r = (await gate(customerPageChannels.getPrompt.name, {}, ctx)) as Result<CustomerPromptDto | null>
    return r.ok ? r.value : null
  }
  return {
    prompt,
    /** Answers the open step once, as the customer window does. */
    async answer(typed: Typed): Promise<Result<CustomerPromptOutcomeDto>> {
      const p = await prompt()
      if (!p) throw new Error('no step open on the customer window')
      return (await gate(customerPageChannels.answer.name, { promptId: p.id, nonce: p.nonce, ...typed }, ctx)) as Result<CustomerPromptOutcomeDto>
    },
  }
}

/**
 * Verification then registration at the counter (S5.1, S5.2) through the real gates: the teller's
 * `customerwin:askVerify` / `customerwin:askRegister`, the customer typing the keys and the password
 * on the customer window (issue 12). Leaves the customer signed in at the teller's counter.
 */
export async function registerThroughCustomerWindow(
  engine: Engine,
  call: TypedDispatch,
  teller: CallContext,
  c: { phone: string; name: string; dateOfBirth: string; password: string },
  lastKey: () => string,
  between: () => void = () => {},
): Promise<string[]> {
  const page = await pairCustomerPage(engine, call, teller)
  const keys: string[] = []
  const sent = await call(Channel.CustomerWindowAskVerify, { phone: c.phone }, teller)
  if (!sent.ok) throw new Error(`verification key refused: ${sent.error.code}`)
  keys.push(lastKey())
  const verified = await page.answer({ code: keys[0] })
  if (!verified.ok || verified.value.result !== 'accepted') throw new Error(`verification refused: ${JSON.stringify(verified)}`)
  between()
  const asked = await call(Channel.CustomerWindowAskRegister, { phone: sent.value.phone, name: c.name, dateOfBirth: c.dateOfBirth }, teller)
  if (!asked.ok) throw new Error(`registration key refused: ${asked.error.code}`)
  keys.push(lastKey())
  const registered = await page.answer({ code: keys[1], password: c.password })
  if (!registered.ok || registered.value.result !== 'accepted') throw new Error(`registration refused: ${JSON.stringify(registered)}`)
  return keys
}

/** A paired customer window, as `pairCustomerPage` returns it. */
export type CustomerPage = Awaited<ReturnType<typeof pairCustomerPage>>

/**
 * The customer signs in at the teller's counter through the real gates (issue 12): the teller's
 * `customerwin:askSignIn`, then the password typed once on the customer window. Returns what the
 * customer window answered (accepted, or retry / refused with the code).
 */
export async function signInThroughCustomerWindow(page: CustomerPage, call: TypedDispatch, teller: CallContext, phone: string, password: string): Promise<CustomerPromptOutcomeDto> {
  const asked = await call(Channel.CustomerWindowAskSignIn, { phone }, teller)
  if (!asked.ok) throw new Error(`sign-in step refused: ${asked.error.code}`)
  const answered = await page.answer({ password })
  if (!answered.ok) throw new Error(`sign-in answer refused: ${answered.error.code}`)
  return answered.value
}

/** A payment the teller asks for: provider, payee and amount; a new card (typed by the customer) or a saved one. */
export interface CounterPayment {
  providerId: string
  params: Record<string, string>
  amountTiyn: number
  card: { pan: string; expiry: string; cvv: string } | { cardId: string }
}

/** The teller's `customerwin:askPayment` for `p` (the card's details never go to the teller's channel). */
export async function askPayment(call: TypedDispatch, teller: CallContext, p: CounterPayment) {
  const card = 'cardId' in p.card ? { kind: 'saved' as const, cardId: p.card.cardId } : { kind: 'new' as const }
  return call(Channel.CustomerWindowAskPayment, { providerId: p.providerId, params: p.params, amountTiyn: p.amountTiyn, card }, teller)
}

/**
 * A payment at the counter through the real gates (issue 12): the teller asks on `customerwin:askPayment`;
 * the customer types a new card's details, then the session key (`lastKey`), on the customer window.
 * Returns the last step's outcome: the card step's when the card was not accepted, else the key step's
 * (with `payment`). Throws when the teller's request itself is refused (use `askPayment` to see that).
 */
export async function payThroughCustomerWindow(page: CustomerPage, call: TypedDispatch, teller: CallContext, p: CounterPayment, lastKey: () => string): Promise<CustomerPromptOutcomeDto> {
  const asked = await askPayment(call, teller, p)
  if (!asked.ok) throw new Error(`payment refused: ${asked.error.code}`)
  if (!('cardId' in p.card)) {
    const typed = await page.answer({ card: p.card })
    if (!typed.ok) throw new Error(`card answer refused: ${typed.error.code}`)
    if (typed.value.result !== 'accepted') return typed.value
  }
  const confirmed = await page.answer({ code: lastKey() })
  if (!confirmed.ok) throw new Error(`key answer refused: ${confirmed.error.code}`)
  return confirmed.value
}

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

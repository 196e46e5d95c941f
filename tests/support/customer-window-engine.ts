import type { Window } from '../../src/main/engine/counter/counter-desk.service'
import { TELLER } from './customers'
import type { TestEngine } from './temp-engine'

/** The workstation, teller window and customer page of the engine-level customer-window tests. */
export const WS = 'ws-test-1'
export const TELLER_WINDOW: Window = { clientId: 'shell:teller-a', actor: TELLER }
export const PAGE = 'customer:page-1'

/** Pairs the customer page with the teller window on `t`'s engine, as the teller and the customer do at the counter. */
export async function pairCustomerWindow(t: TestEngine): Promise<void> {
  const { code } = await t.engine.customerWindows.startPairing(TELLER_WINDOW)
  await t.engine.customerWindows.pair(PAGE, code, WS)
}

/** The paired page's current prompt, and its answer to it (the prompt's id and nonce added). */
export function customerPageOf(t: () => TestEngine) {
  const prompt = async () => (await t().engine.customerWindows.prompt(PAGE, WS))!
  const answer = async (a: Record<string, unknown>) => {
    const p = await prompt()
    return t().engine.customerWindows.answer(PAGE, { promptId: p.id, nonce: p.nonce, ...a }, WS)
  }
  return { prompt, answer }
}

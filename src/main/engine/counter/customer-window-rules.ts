import { ErrorCode } from '../../../shared/errors'

/** A pairing code lives this long on the teller window; a prompt lapses this long after it was put. */
export const PAIRING_CODE_MS = 2 * 60_000
export const PROMPT_LAPSE_MS = 3 * 60_000

/** The prompt a customer window holds, as the rules see it. */
export interface PromptState {
  id: string
  nonce: string
  lapsesMs: number
}

/** The short code the teller reads out or the customer types: six digits, leading zeros kept. */
export function pairingCodeOf(n: number): string {
  return String(Math.abs(Math.trunc(n)) % 1_000_000).padStart(6, '0')
}

/**
 * Why an answer (or cancel) to a prompt is refused, or null when it may be used once:
 * no current prompt or another prompt's id → stale; a nonce already used → replayed; past its time → lapsed.
 */
export function answerRefusal(
  current: PromptState | null,
  answer: { promptId: string; nonce: string },
  used: ReadonlySet<string>,
  nowMs: number,
): typeof ErrorCode.CUSTOMER_PROMPT_STALE | typeof ErrorCode.CUSTOMER_PROMPT_REPLAYED | typeof ErrorCode.CUSTOMER_PROMPT_LAPSED | null {
  if (used.has(answer.nonce)) return ErrorCode.CUSTOMER_PROMPT_REPLAYED
  if (!current || current.id !== answer.promptId || current.nonce !== answer.nonce) return ErrorCode.CUSTOMER_PROMPT_STALE
  if (nowMs >= current.lapsesMs) return ErrorCode.CUSTOMER_PROMPT_LAPSED
  return null
}

/** Card details the engine refused: the customer may type them again (or another card) on the same step. */
const CARD_RETRY: readonly string[] = [ErrorCode.CARD_INVALID, ErrorCode.CARD_EXPIRED, ErrorCode.CVV_INVALID, ErrorCode.CARD_FOREIGN, ErrorCode.CARD_UNKNOWN_BIN]

/**
 * After a refusal of the step itself, may the customer try again on the same prompt (a wrong key
 * or password with tries left, a weak password, card details refused)?
 */
export function retryable(code: string, details: Record<string, unknown> | undefined): boolean {
  if (code === ErrorCode.SESSION_KEY_INVALID || code === ErrorCode.INVALID_CREDENTIALS) return typeof details?.attemptsLeft === 'number' && details.attemptsLeft > 0
  return code === ErrorCode.WEAK_PASSWORD || code === ErrorCode.VALIDATION_FAILED || CARD_RETRY.includes(code)
}


/**
 * The payee as the customer window and the SMS name it (S12 dynamic linking): the last 4 digits
 * of the provider's first parameter (the account or phone paid).
 */
export function payeeLast4(provider: { params: readonly { id: string }[] }, params: Record<string, string>): string {
  const first = provider.params[0]?.id
  return (first && Object.hasOwn(params, first) ? params[first]! : '').replace(/\D/g, '').slice(-4)
}

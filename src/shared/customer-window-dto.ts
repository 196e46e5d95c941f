import type { ErrorCode } from './errors'

/** The steps the teller can hand to the customer window (issue 12): the secret is typed there, never on the teller's screen. */
export type CustomerPromptKind = 'verifyKey' | 'register' | 'passwordChange' | 'signIn' | 'paymentCard' | 'paymentKey' | 'cardRemovalKey'

/** Who is paid, as the SMS names it (S12): the provider and the last 4 of the account or phone paid. */
export interface CustomerPromptPayeeDto {
  provider: string
  name: { en: string; ru: string; kk: string }
  last4: string
}

/** What the customer window shows: the step, what it confirms, and its two countdowns. No secret in it. */
export interface CustomerPromptDto {
  id: string
  /** One-time: an answer carries it back, and it is never accepted twice. */
  nonce: string
  kind: CustomerPromptKind
  /** The fields the customer fills in. */
  asks: { key: boolean; password: boolean; card: boolean }
  /** The last 4 digits of the customer's phone the key went to. */
  phoneLast4: string
  amountTiyn: number | null
  payee: CustomerPromptPayeeDto | null
  cardLast4: string | null
  /** The 15-minute session key's end (S9), when the step needs a key. */
  keyExpiresAt: string | null
  /** The step lapses then; a later answer is refused. */
  lapsesAt: string
}

/** How a step ended (or that the customer may try again), as both windows may see it. */
export interface CustomerPromptOutcomeDto {
  promptId: string
  kind: CustomerPromptKind
  result: 'accepted' | 'retry' | 'refused' | 'cancelled'
  code: ErrorCode | null
  attemptsLeft: number | null
  /** After an accepted phone verification: until when it counts. */
  verifiedUntil: string | null
  /** Card steps: the card, masked (first 6 / last 4), e.g. "card 440043******1237 approved". */
  cardMasked?: string
  /** After the payment's key: the payment and how the host answered. */
  payment?: { id: string; state: 'pending' | 'approved' | 'declined' | 'failed' | 'refunded' }
  /** A sign-in refused by the S11 lockout: until when. */
  lockedUntil?: string
}

/** The teller window's view of its customer window: pairing, the open step, the last outcome. */
export interface CustomerWindowStatusDto {
  paired: boolean
  pairingCode: string | null
  codeExpiresAt: string | null
  prompt: { id: string; kind: CustomerPromptKind; lapsesAt: string; keyExpiresAt: string | null } | null
  outcome: CustomerPromptOutcomeDto | null
}

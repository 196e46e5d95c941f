import { randomInt, randomUUID } from 'node:crypto'
import type { CustomerPromptDto, CustomerPromptKind, CustomerPromptOutcomeDto, CustomerWindowStatusDto } from '../../../shared/customer-window-dto'
import type { SessionKeySentDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { AuditService } from '../audit/audit.service'
import type { CustomerService } from '../customers/customer.service'
import type { Clock } from '../kernel/clock'
import { EngineError } from '../kernel/engine-error'
import type { CounterDesk, Window } from './counter-desk.service'
import { PairingAttempts } from './customer-window-pairing-rules'
import { refuseAudited } from './customer-window-refusal'
import { answerRefusal, pairingCodeOf, PAIRING_CODE_MS, PROMPT_LAPSE_MS, retryable } from './customer-window-rules'

/** What the customer typed on the customer window; it goes to the step's engine service and nowhere else. */
export interface CustomerAnswer {
  promptId: string
  nonce: string
  code?: string
  password?: string
  card?: { pan: string; expiry: string; cvv: string }
  locale?: string // the page's language (kk/ru/en), kept for the customer's SMS when they register
}

type Run = (answer: CustomerAnswer) => Promise<Partial<Pick<CustomerPromptOutcomeDto, 'verifiedUntil' | 'cardMasked' | 'payment'>>>

interface Prompt {
  view: CustomerPromptDto
  lapsesMs: number
  run: Run
}

/** One teller window and the customer window paired with it. */
export interface Link {
  window: Window
  code: string | null
  codeExpiresMs: number
  customerClientId: string | null
  prompt: Prompt | null
  outcome: CustomerPromptOutcomeDto | null
  used: Set<string>
}

type Customers = Pick<CustomerService, 'sendKey' | 'confirmVerification'>
type Desk = Pick<CounterDesk, 'register' | 'requestPasswordChange' | 'changePassword'>

/**
 * The customer-facing window (issue 12): the teller window pairs one customer window by a short
 * code, then hands it steps (enter the session key, set a password). The customer's answer goes
 * straight to the engine service of the step; the teller window learns only the outcome. Every
 * refusal (unpaired page, second page, stale prompt, replayed answer) is audited.
 */
export class CustomerWindows {
  private readonly byTeller = new Map<string, Link>()
  private readonly tellerOf = new Map<string, string>()
  private readonly pairing = new PairingAttempts()

  constructor(
    private readonly customers: Customers,
    private readonly desk: Desk,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private nowMs(): number {
    return this.clock.now().getTime()
  }

  private refuse(code: ErrorCode, who: { window?: Window; workstation: string }, details: Record<string, string> = {}, reply?: Record<string, number>): Promise<never> {
    return refuseAudited(this.audit, code, who, details, reply)
  }

  // ---- the teller window ----

  /** A new pairing code for this teller window; a customer window paired before is let go. */
  async startPairing(window: Window): Promise<{ code: string; expiresAt: string }> {
    this.tellerClosed(window.clientId)
    const code = pairingCodeOf(randomInt(0, 1_000_000))
    const expiresMs = this.nowMs() + PAIRING_CODE_MS
    this.byTeller.set(window.clientId, { window, code, codeExpiresMs: expiresMs, customerClientId: null, prompt: null, outcome: null, used: new Set() })
    await this.audit.record({ actorStaffId: window.actor.staffId, workstation: window.actor.workstation, customerRef: null, action: 'customerWindow.pairingStarted', outcome: 'success' })
    return { code, expiresAt: new Date(expiresMs).toISOString() }
  }

  status(window: Window): CustomerWindowStatusDto {
    const link = this.byTeller.get(window.clientId)
    if (!link) return { paired: false, pairingCode: null, codeExpiresAt: null, prompt: null, outcome: null }
    const codeLive = !link.customerClientId && link.code && this.nowMs() < link.codeExpiresMs
    const p = link.prompt
    const live = p && this.nowMs() < p.lapsesMs ? p : null
    const lapsed: CustomerPromptOutcomeDto | null = p && !live
      ? { promptId: p.view.id, kind: p.view.kind, result: 'refused', code: ErrorCode.CUSTOMER_PROMPT_LAPSED, attemptsLeft: null, verifiedUntil: null }
      : null
    return {
      paired: !!link.customerClientId,
      pairingCode: codeLive ? link.code : null,
      codeExpiresAt: codeLive ? new Date(link.codeExpiresMs).toISOString() : null,
      prompt: live ? { id: live.view.id, kind: live.view.kind, lapsesAt: live.view.lapsesAt, keyExpiresAt: live.view.keyExpiresAt } : null,
      outcome: lapsed ?? link.outcome,
    }
  }

  /** S5.1: a verification key goes to the phone, and the customer types it on the customer window. */
  async askVerifyKey(window: Window, phone: string): Promise<SessionKeySentDto> {
    const link = await this.pairedLink(window)
    const sent = await this.customers.sendKey(phone, 'verify', window.actor)
    this.put(link, 'verifyKey', sent, { key: true, password: false, card: false }, async (a) => {
      const r = await this.customers.confirmVerification(sent.phone, a.code ?? '', window.actor)
      return { verifiedUntil: r.verifiedUntil }
    })
    return sent
  }

  /** S5.2 + S7 + S8: the teller has name and date of birth; the customer sets the password and types the key. */
  async askRegistration(window: Window, input: { phone: string; name: string; dateOfBirth: string }): Promise<SessionKeySentDto> {
    const link = await this.pairedLink(window)
    const sent = await this.customers.sendKey(input.phone, 'register', window.actor)
    this.put(link, 'register', sent, { key: true, password: true, card: false }, async (a) => {
      await this.desk.register(window, { phone: sent.phone, name: input.name, dateOfBirth: input.dateOfBirth, password: a.password ?? '', code: a.code ?? '', smsLocale: a.locale })
      return {}
    })
    return sent
  }

  /** S10: the signed-in customer sets a new password on the customer window, confirmed by a fresh key. */
  async askPasswordChange(window: Window): Promise<SessionKeySentDto> {
    const link = await this.pairedLink(window)
    const sent = await this.desk.requestPasswordChange(window)
    this.put(link, 'passwordChange', sent, { key: true, password: true, card: false }, async (a) => {
      await this.desk.changePassword(window, a.code ?? '', a.password ?? '')
      return {}
    })
    return sent
  }

  /** The teller window's staff session ended: its customer window is let go and its step dropped. */
  tellerClosed(clientId: string): void {
    const link = this.byTeller.get(clientId)
    if (link?.customerClientId) this.tellerOf.delete(link.customerClientId)
    this.byTeller.delete(clientId)
  }

  /** The teller window's paired customer window (refused and audited when there is none); also for the step modules. */
  async pairedLink(window: Window): Promise<Link> {
    const link = this.byTeller.get(window.clientId)
    if (!link?.customerClientId) return this.refuse(ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED, { window, workstation: window.actor.workstation })
    link.window = window
    return link
  }

  /** Hands the customer window a step (this module's and the step modules': customer-window-payments.ts). */
  put(link: Link, kind: CustomerPromptKind, sent: Pick<SessionKeySentDto, 'phone'> & { expiresAt: string | null }, asks: CustomerPromptDto['asks'], run: Run, shows: Partial<Pick<CustomerPromptDto, 'amountTiyn' | 'payee' | 'cardLast4'>> = {}): void {
    const lapsesMs = this.nowMs() + PROMPT_LAPSE_MS
    const view: CustomerPromptDto = { id: randomUUID(), nonce: randomUUID(), kind, asks, phoneLast4: sent.phone.slice(-4), amountTiyn: null, payee: null, cardLast4: null, ...shows, keyExpiresAt: sent.expiresAt, lapsesAt: new Date(lapsesMs).toISOString() }
    link.prompt = { view, lapsesMs, run }
    link.outcome = null
  }

  // ---- the customer window ----

  /** The customer window's credential used on a channel that is not its own (a teller channel, say): refused and audited. */
  async refuseChannel(workstation: string, channel: string): Promise<void> {
    await this.audit.record({ actorStaffId: null, workstation, customerRef: null, action: 'customerWindow.refused', outcome: 'denied', details: { reason: ErrorCode.UNKNOWN_CHANNEL, channel } })
  }

  /** The customer window presents the code shown on the teller window; exactly one customer window per teller window. */
  async pair(customerClientId: string, code: string, workstation: string): Promise<{ paired: true }> {
    const wait = this.pairing.lockedMs(customerClientId, this.nowMs())
    if (wait > 0) return this.refuse(ErrorCode.CUSTOMER_WINDOW_PAIRING_LOCKED, { workstation }, {}, { retryAfterSeconds: Math.ceil(wait / 1000) })
    const link = [...this.byTeller.values()].find((l) => l.code !== null && l.code === code && this.nowMs() < l.codeExpiresMs)
    if (!link) {
      // A guess limit reached: every code not yet used is voided; the teller issues a new one.
      if (this.pairing.failed(customerClientId, this.nowMs())) for (const l of this.byTeller.values()) if (!l.customerClientId) l.code = null
      return this.refuse(ErrorCode.CUSTOMER_WINDOW_PAIRING_REFUSED, { workstation })
    }
    if (link.customerClientId && link.customerClientId !== customerClientId) {
      return this.refuse(ErrorCode.CUSTOMER_WINDOW_ALREADY_PAIRED, { window: link.window, workstation })
    }
    const before = this.tellerOf.get(customerClientId)
    if (before && before !== link.window.clientId) this.tellerClosed(before)
    // The code stays live until it expires: a second page presenting it is told the window is taken.
    link.customerClientId = customerClientId
    this.tellerOf.set(customerClientId, link.window.clientId)
    await this.audit.record({ actorStaffId: link.window.actor.staffId, workstation: link.window.actor.workstation, customerRef: null, action: 'customerWindow.paired', outcome: 'success' })
    return { paired: true }
  }

  /** The step addressed to this customer window, or null (none, or it has lapsed). */
  async prompt(customerClientId: string, workstation: string): Promise<CustomerPromptDto | null> {
    const link = await this.linkOf(customerClientId, workstation)
    const p = link.prompt
    return p && this.nowMs() < p.lapsesMs ? p.view : null
  }

  /** The customer's answer, used exactly once: the secret goes to the step's service; only the outcome is kept. */
  async answer(customerClientId: string, answer: CustomerAnswer, workstation: string): Promise<CustomerPromptOutcomeDto> {
    const { link, prompt } = await this.current(customerClientId, answer, workstation)
    link.used.add(prompt.view.nonce)
    try {
      const r = await prompt.run(answer)
      return this.close(link, prompt, { result: 'accepted', code: null, attemptsLeft: null, ...r, verifiedUntil: r.verifiedUntil ?? null })
    } catch (e) {
      if (!(e instanceof EngineError)) throw e
      const attemptsLeft = typeof e.details?.attemptsLeft === 'number' ? e.details.attemptsLeft : null
      const locked = typeof e.details?.lockedUntil === 'string' ? { lockedUntil: e.details.lockedUntil } : {}
      if (retryable(e.code, e.details) && link.prompt === prompt) {
        prompt.view = { ...prompt.view, nonce: randomUUID() }
        link.outcome = { promptId: prompt.view.id, kind: prompt.view.kind, result: 'retry', code: e.code, attemptsLeft, verifiedUntil: null }
        return link.outcome
      }
      return this.close(link, prompt, { result: 'refused', code: e.code, attemptsLeft, verifiedUntil: null, ...locked })
    }
  }

  /** The customer cancels the step; the teller window sees "cancelled". */
  async cancel(customerClientId: string, answer: { promptId: string; nonce: string }, workstation: string): Promise<CustomerPromptOutcomeDto> {
    const { link, prompt } = await this.current(customerClientId, answer, workstation)
    link.used.add(prompt.view.nonce)
    const w = link.window
    await this.audit.record({ actorStaffId: w.actor.staffId, workstation: w.actor.workstation, customerRef: null, action: 'customerWindow.cancelled', outcome: 'success', details: { kind: prompt.view.kind } })
    return this.close(link, prompt, { result: 'cancelled', code: null, attemptsLeft: null, verifiedUntil: null })
  }

  private close(link: Link, prompt: Prompt, o: Omit<CustomerPromptOutcomeDto, 'promptId' | 'kind'>): CustomerPromptOutcomeDto {
    if (link.prompt === prompt) link.prompt = null
    link.outcome = { promptId: prompt.view.id, kind: prompt.view.kind, ...o }
    return link.outcome
  }

  private async linkOf(customerClientId: string, workstation: string): Promise<Link> {
    const teller = this.tellerOf.get(customerClientId)
    const link = teller ? this.byTeller.get(teller) : undefined
    if (!link || link.customerClientId !== customerClientId) return this.refuse(ErrorCode.CUSTOMER_WINDOW_NOT_PAIRED, { workstation })
    return link
  }

  private async current(customerClientId: string, answer: { promptId: string; nonce: string }, workstation: string): Promise<{ link: Link; prompt: Prompt }> {
    const link = await this.linkOf(customerClientId, workstation)
    const prompt = link.prompt
    const why = answerRefusal(prompt ? { id: prompt.view.id, nonce: prompt.view.nonce, lapsesMs: prompt.lapsesMs } : null, answer, link.used, this.nowMs())
    if (why || !prompt) return this.refuse(why ?? ErrorCode.CUSTOMER_PROMPT_STALE, { window: link.window, workstation })
    return { link, prompt }
  }
}

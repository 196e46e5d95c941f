import { randomUUID } from 'node:crypto'
import type { Logger } from '../kernel/logger'
import type { Clock } from '../kernel/clock'
import type { Repos, UnitOfWork } from '../kernel/unit-of-work'
import { TransientSmsError, type SmsGateway, type SmsMessage, type SmsReceipt } from '../kernel/ports'

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  sleep?: (ms: number) => Promise<void>
}

/**
 * Retries transient failures with exponential backoff and keeps each message's delivery status in
 * `sms_message` (gateway, status, attempts, operator id) without its text or number. Logs carry
 * the status and reason only: the text holds a session key and is never logged.
 */
export class ResilientSmsGateway implements SmsGateway {
  constructor(
    private readonly inner: SmsGateway,
    private readonly gatewayName: string,
    /** Status writes are serialised with every transaction (the local store has one connection). */
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly policy: RetryPolicy = { attempts: 4, baseDelayMs: 500 },
  ) {}

  /** Arguments are read before the call, as the statement's parameters were: the write may wait in the queue. */
  private write(status: (sms: Repos['sms']) => Promise<void>): Promise<void> {
    return this.uow.serial((repos) => status(repos.sms))
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const id = randomUUID()
    const now = () => this.clock.now().toISOString()
    const queued = { id, ref: message.ref ?? null, gateway: this.gatewayName, at: now() }
    await this.write((sms) => sms.recordQueued(queued))
    const sleep = this.policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    let lastError = 'unknown'
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      try {
        const receipt = (await this.inner.send(message)) ?? { providerRef: null }
        const sentAt = now()
        await this.write((sms) => sms.markSent(id, attempt, receipt.providerRef, sentAt))
        this.logger.info('sms sent', { smsId: id, gateway: this.gatewayName, attempts: attempt })
        return receipt
      } catch (e) {
        lastError = (e instanceof Error ? e.message : String(e)).slice(0, 200)
        const transient = e instanceof TransientSmsError
        this.logger.warn('sms attempt failed', { smsId: id, gateway: this.gatewayName, attempt, transient, reason: lastError })
        const failedAt = now()
        await this.write((sms) => sms.recordFailedAttempt(id, attempt, lastError, failedAt))
        if (!transient || attempt === this.policy.attempts) break
        await sleep(this.policy.baseDelayMs * 2 ** (attempt - 1))
      }
    }
    const failedAt = now()
    await this.write((sms) => sms.markFailed(id, failedAt))
    throw new Error(`SMS not sent: ${lastError}`)
  }

  /** A delivery report from the operator (SMPP deliver_sm, HTTP callback). */
  async delivered(providerRef: string, ok: boolean): Promise<void> {
    const at = this.clock.now().toISOString()
    await this.write((sms) => sms.recordDelivery(this.gatewayName, providerRef, ok, at))
  }
}

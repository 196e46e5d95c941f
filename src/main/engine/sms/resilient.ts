import { randomUUID } from 'node:crypto'
import type { DataSource } from 'typeorm'
import type { Logger } from '../kernel/logger'
import type { Clock } from '../kernel/clock'
import type { SerialQueue } from '../../store/serial-queue'
import { sql } from '../../store/dialect'
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
    private readonly ds: DataSource,
    /** The store's single connection: status writes go through the same queue as every transaction. */
    private readonly queue: SerialQueue,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly policy: RetryPolicy = { attempts: 4, baseDelayMs: 500 },
  ) {}

  private write(text: string, params: unknown[]): Promise<unknown> {
    return this.queue.run(() => sql(this.ds, text, params))
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const id = randomUUID()
    const now = () => this.clock.now().toISOString()
    await this.write(`INSERT INTO sms_message (id, ref, gateway, status, attempts, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)`, [
      id,
      message.ref ?? null,
      this.gatewayName,
      now(),
      now(),
    ])
    const sleep = this.policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    let lastError = 'unknown'
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      try {
        const receipt = (await this.inner.send(message)) ?? { providerRef: null }
        await this.write(`UPDATE sms_message SET status = 'sent', attempts = ?, provider_ref = ?, last_error = NULL, updated_at = ? WHERE id = ?`, [
          attempt,
          receipt.providerRef,
          now(),
          id,
        ])
        this.logger.info('sms sent', { smsId: id, gateway: this.gatewayName, attempts: attempt })
        return receipt
      } catch (e) {
        lastError = (e instanceof Error ? e.message : String(e)).slice(0, 200)
        const transient = e instanceof TransientSmsError
        this.logger.warn('sms attempt failed', { smsId: id, gateway: this.gatewayName, attempt, transient, reason: lastError })
        await this.write(`UPDATE sms_message SET attempts = ?, last_error = ?, updated_at = ? WHERE id = ?`, [attempt, lastError, now(), id])
        if (!transient || attempt === this.policy.attempts) break
        await sleep(this.policy.baseDelayMs * 2 ** (attempt - 1))
      }
    }
    await this.write(`UPDATE sms_message SET status = 'failed', updated_at = ? WHERE id = ?`, [now(), id])
    throw new Error(`SMS not sent: ${lastError}`)
  }

  /** A delivery report from the operator (SMPP deliver_sm, HTTP callback). */
  async delivered(providerRef: string, ok: boolean): Promise<void> {
    await this.write(`UPDATE sms_message SET status = ?, updated_at = ? WHERE provider_ref = ? AND gateway = ?`, [
      ok ? 'delivered' : 'undeliverable',
      this.clock.now().toISOString(),
      providerRef,
      this.gatewayName,
    ])
  }
}

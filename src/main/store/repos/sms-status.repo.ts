import type { EntityManager } from 'typeorm'
import type { SmsStatusRepo } from '../../engine/sms/sms-status.repo'
import { sql } from '../dialect'

export class SqlSmsStatusRepo implements SmsStatusRepo {
  constructor(private readonly m: EntityManager) {}

  async recordQueued(msg: { id: string; ref: string | null; gateway: string; at: string }): Promise<void> {
    await sql(this.m, `INSERT INTO sms_message (id, ref, gateway, status, attempts, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?)`, [
      msg.id,
      msg.ref,
      msg.gateway,
      msg.at,
      msg.at,
    ])
  }

  async markSent(id: string, attempts: number, providerRef: string | null, at: string): Promise<void> {
    await sql(this.m, `UPDATE sms_message SET status = 'sent', attempts = ?, provider_ref = ?, last_error = NULL, updated_at = ? WHERE id = ?`, [attempts, providerRef, at, id])
  }

  async recordFailedAttempt(id: string, attempts: number, lastError: string, at: string): Promise<void> {
    await sql(this.m, `UPDATE sms_message SET attempts = ?, last_error = ?, updated_at = ? WHERE id = ?`, [attempts, lastError, at, id])
  }

  async markFailed(id: string, at: string): Promise<void> {
    await sql(this.m, `UPDATE sms_message SET status = 'failed', updated_at = ? WHERE id = ?`, [at, id])
  }

  async recordDelivery(gateway: string, providerRef: string, delivered: boolean, at: string): Promise<void> {
    await sql(this.m, `UPDATE sms_message SET status = ?, updated_at = ? WHERE provider_ref = ? AND gateway = ?`, [
      delivered ? 'delivered' : 'undeliverable',
      at,
      providerRef,
      gateway,
    ])
  }
}

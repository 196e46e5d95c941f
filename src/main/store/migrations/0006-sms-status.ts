import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/** Version 6: delivery status of each SMS (issue 6). Never the text (it holds a session key) nor the number. */
export class SmsStatus1764000000006 implements MigrationInterface {
  name = 'SmsStatus1764000000006'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`CREATE TABLE sms_message (
        id varchar(36) PRIMARY KEY NOT NULL,
        ref varchar(36),
        gateway varchar(16) NOT NULL CHECK (gateway IN ('outbox','smpp','https')),
        status varchar(16) NOT NULL CHECK (status IN ('queued','sent','delivered','undeliverable','failed')),
        attempts integer NOT NULL DEFAULT 0,
        provider_ref varchar(64),
        last_error varchar(200),
        created_at varchar(32) NOT NULL,
        updated_at varchar(32) NOT NULL
      )`)
      await q.query(`CREATE INDEX idx_sms_message_provider ON sms_message (gateway, provider_ref)`)
      return
    }
    await q.query(`CREATE TABLE sms_message (
      id varchar(36) PRIMARY KEY NOT NULL,
      ref varchar(36),
      gateway varchar(16) NOT NULL CHECK (gateway IN ('outbox','smpp','https')),
      status varchar(16) NOT NULL CHECK (status IN ('queued','sent','delivered','undeliverable','failed')),
      attempts integer NOT NULL DEFAULT (0),
      provider_ref varchar(64),
      last_error varchar(200),
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE INDEX idx_sms_message_provider ON sms_message (gateway, provider_ref)`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/**
 * Version 2: customers (S5-S8, S11, S13), session keys (S5, S9, S10, S12) and the audit
 * review indexes (S21). Append-only: never edit once released.
 */
export class Customers1764000000002 implements MigrationInterface {
  name = 'Customers1764000000002'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`CREATE TABLE customer (
        id varchar(36) PRIMARY KEY NOT NULL,
        phone varchar(16) NOT NULL UNIQUE CHECK (phone ~ '^\\+7[0-9]{10}$'),
        name varchar(120) NOT NULL,
        date_of_birth varchar(10) NOT NULL,
        password_hash varchar(255) NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
        failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts BETWEEN 0 AND 3),
        locked_until varchar(32),
        blocked boolean NOT NULL DEFAULT false,
        block_reason varchar(500),
        blocked_by varchar(36),
        blocked_at varchar(32),
        password_changed_at varchar(32) NOT NULL,
        created_at varchar(32) NOT NULL,
        updated_at varchar(32) NOT NULL
      )`)
      await q.query(`CREATE TABLE session_key (
        id varchar(36) PRIMARY KEY NOT NULL,
        phone varchar(16) NOT NULL,
        purpose varchar(16) NOT NULL CHECK (purpose IN ('verify','register','password-change','transaction')),
        binding varchar(64),
        code_mac varchar(64) NOT NULL,
        created_at varchar(32) NOT NULL,
        expires_at varchar(32) NOT NULL,
        wrong_attempts integer NOT NULL DEFAULT 0 CHECK (wrong_attempts BETWEEN 0 AND 3),
        state varchar(12) NOT NULL CHECK (state IN ('active','used','superseded','exhausted','expired','unsent')),
        used_at varchar(32)
      )`)
      await q.query(`CREATE INDEX idx_session_key_phone ON session_key (phone, created_at)`)
      await q.query(`CREATE INDEX idx_session_key_purpose ON session_key (phone, purpose, created_at)`)
      await q.query(`CREATE INDEX idx_audit_event_customer ON audit_event (customer_ref, seq)`)
      await q.query(`CREATE INDEX idx_audit_event_actor ON audit_event (actor_staff_id, seq)`)
      await q.query(`CREATE INDEX idx_audit_event_action ON audit_event (action, seq)`)
      return
    }
    await q.query(`CREATE TABLE customer (
      id varchar(36) PRIMARY KEY NOT NULL,
      phone varchar(16) NOT NULL UNIQUE CHECK (phone GLOB '+7[0-9]*' AND length(phone) = 12),
      name varchar(120) NOT NULL,
      date_of_birth varchar(10) NOT NULL,
      password_hash varchar(255) NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
      failed_attempts integer NOT NULL DEFAULT (0) CHECK (failed_attempts BETWEEN 0 AND 3),
      locked_until varchar(32),
      blocked boolean NOT NULL DEFAULT (0),
      block_reason varchar(500),
      blocked_by varchar(36),
      blocked_at varchar(32),
      password_changed_at varchar(32) NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE TABLE session_key (
      id varchar(36) PRIMARY KEY NOT NULL,
      phone varchar(16) NOT NULL,
      purpose varchar(16) NOT NULL CHECK (purpose IN ('verify','register','password-change','transaction')),
      binding varchar(64),
      code_mac varchar(64) NOT NULL,
      created_at varchar(32) NOT NULL,
      expires_at varchar(32) NOT NULL,
      wrong_attempts integer NOT NULL DEFAULT (0) CHECK (wrong_attempts BETWEEN 0 AND 3),
      state varchar(12) NOT NULL CHECK (state IN ('active','used','superseded','exhausted','expired','unsent')),
      used_at varchar(32)
    )`)
    await q.query(`CREATE INDEX idx_session_key_phone ON session_key (phone, created_at)`)
    await q.query(`CREATE INDEX idx_session_key_purpose ON session_key (phone, purpose, created_at)`)
    await q.query(`CREATE INDEX idx_audit_event_customer ON audit_event (customer_ref, seq)`)
    await q.query(`CREATE INDEX idx_audit_event_actor ON audit_event (actor_staff_id, seq)`)
    await q.query(`CREATE INDEX idx_audit_event_action ON audit_event (action, seq)`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/**
 * Version 5: customers' personal data sealed (issue 4, S16/S17): phone, name and date of birth are
 * stored AES-256-GCM encrypted, and the phone is found through a keyed blind index (HMAC). The
 * table is rebuilt (SQLite cannot drop UNIQUE/CHECK columns); existing rows keep their clear values
 * in legacy_* columns only until the engine, which holds the keys, seals them at its next start.
 */
export class CustomerSealed1764000000005 implements MigrationInterface {
  name = 'CustomerSealed1764000000005'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`ALTER TABLE customer ADD COLUMN phone_index varchar(64) UNIQUE, ADD COLUMN phone_sealed text, ADD COLUMN name_sealed text, ADD COLUMN dob_sealed text, ADD COLUMN legacy_phone varchar(16), ADD COLUMN legacy_name varchar(120), ADD COLUMN legacy_dob varchar(10)`)
      await q.query(`UPDATE customer SET legacy_phone = phone, legacy_name = name, legacy_dob = date_of_birth`)
      await q.query(`ALTER TABLE customer DROP COLUMN phone, DROP COLUMN name, DROP COLUMN date_of_birth`)
      await q.query(`ALTER TABLE customer
        ADD CONSTRAINT customer_phone_sealed CHECK (phone_sealed IS NULL OR phone_sealed ~ '^k[0-9]+:v1\\.'),
        ADD CONSTRAINT customer_name_sealed CHECK (name_sealed IS NULL OR name_sealed ~ '^k[0-9]+:v1\\.'),
        ADD CONSTRAINT customer_dob_sealed CHECK (dob_sealed IS NULL OR dob_sealed ~ '^k[0-9]+:v1\\.'),
        ADD CONSTRAINT customer_sealed_or_legacy CHECK (
          (phone_index IS NOT NULL AND phone_sealed IS NOT NULL AND name_sealed IS NOT NULL AND dob_sealed IS NOT NULL
            AND legacy_phone IS NULL AND legacy_name IS NULL AND legacy_dob IS NULL)
          OR (phone_index IS NULL AND legacy_phone IS NOT NULL AND legacy_name IS NOT NULL AND legacy_dob IS NOT NULL))`)
      return
    }
    // Cards, payments and fraud cases point at customer(id): checked at commit, when the ids exist again.
    await q.query(`PRAGMA defer_foreign_keys = ON`)
    await q.query(`CREATE TABLE customer_new (
      id varchar(36) PRIMARY KEY NOT NULL,
      phone_index varchar(64) UNIQUE,
      phone_sealed text CHECK (phone_sealed IS NULL OR phone_sealed GLOB 'k[0-9]*:v1.*'),
      name_sealed text CHECK (name_sealed IS NULL OR name_sealed GLOB 'k[0-9]*:v1.*'),
      dob_sealed text CHECK (dob_sealed IS NULL OR dob_sealed GLOB 'k[0-9]*:v1.*'),
      legacy_phone varchar(16),
      legacy_name varchar(120),
      legacy_dob varchar(10),
      password_hash varchar(255) NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
      failed_attempts integer NOT NULL DEFAULT (0) CHECK (failed_attempts BETWEEN 0 AND 3),
      locked_until varchar(32),
      blocked boolean NOT NULL DEFAULT (0),
      block_reason varchar(500),
      blocked_by varchar(36),
      blocked_at varchar(32),
      password_changed_at varchar(32) NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL,
      CHECK (
        (phone_index IS NOT NULL AND phone_sealed IS NOT NULL AND name_sealed IS NOT NULL AND dob_sealed IS NOT NULL
          AND legacy_phone IS NULL AND legacy_name IS NULL AND legacy_dob IS NULL)
        OR (phone_index IS NULL AND legacy_phone IS NOT NULL AND legacy_name IS NOT NULL AND legacy_dob IS NOT NULL)
      )
    )`)
    await q.query(`INSERT INTO customer_new (id, legacy_phone, legacy_name, legacy_dob, password_hash, failed_attempts, locked_until,
        blocked, block_reason, blocked_by, blocked_at, password_changed_at, created_at, updated_at)
      SELECT id, phone, name, date_of_birth, password_hash, failed_attempts, locked_until,
        blocked, block_reason, blocked_by, blocked_at, password_changed_at, created_at, updated_at FROM customer`)
    await q.query(`DROP TABLE customer`)
    await q.query(`ALTER TABLE customer_new RENAME TO customer`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

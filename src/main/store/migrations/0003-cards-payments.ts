import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/**
 * Version 3: the key ring (wrapped data keys), the card vault (S16), card use per calendar month
 * (S15.3), payments with idempotency keys and 3-D Secure outcome (S14, S18), fraud cases (S19, S20).
 * No column can hold a PAN or CVV in clear: PANs are sealed (`k<version>:v1.…`), CVVs are never stored.
 */
export class CardsPayments1764000000003 implements MigrationInterface {
  name = 'CardsPayments1764000000003'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`CREATE TABLE key_ring_meta (
        install_id varchar(36) PRIMARY KEY NOT NULL,
        salt varchar(64) NOT NULL,
        kek_mode varchar(16) NOT NULL CHECK (kek_mode IN ('keychain','passphrase')),
        created_at varchar(32) NOT NULL
      )`)
      await q.query(`CREATE TABLE key_ring (
        purpose varchar(32) NOT NULL,
        version integer NOT NULL,
        wrapped text NOT NULL CHECK (wrapped LIKE 'v1.%'),
        state varchar(8) NOT NULL CHECK (state IN ('active','retired')),
        created_at varchar(32) NOT NULL,
        PRIMARY KEY (purpose, version)
      )`)
      await q.query(`CREATE TABLE card (
        id varchar(36) PRIMARY KEY NOT NULL,
        customer_id varchar(36) NOT NULL REFERENCES customer (id) DEFERRABLE INITIALLY IMMEDIATE,
        fingerprint varchar(64) NOT NULL,
        pan_sealed text NOT NULL CHECK (pan_sealed ~ '^k[0-9]+:v1\\.'),
        masked varchar(19) NOT NULL CHECK (masked ~ '^[0-9]{6}\\*+[0-9]{4}$'),
        brand varchar(16) NOT NULL,
        exp_month integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
        exp_year integer NOT NULL,
        issuer_country varchar(2) NOT NULL CHECK (issuer_country = 'KZ'),
        three_ds_enrolled boolean NOT NULL,
        created_at varchar(32) NOT NULL,
        last_used_at varchar(32),
        UNIQUE (customer_id, fingerprint)
      )`)
      await q.query(`CREATE TABLE card_month_use (
        customer_id varchar(36) NOT NULL REFERENCES customer (id) DEFERRABLE INITIALLY IMMEDIATE,
        month varchar(7) NOT NULL,
        fingerprint varchar(64) NOT NULL,
        first_used_at varchar(32) NOT NULL,
        PRIMARY KEY (customer_id, month, fingerprint)
      )`)
      await q.query(`CREATE TABLE payment (
        id varchar(36) PRIMARY KEY NOT NULL,
        idempotency_key varchar(64) NOT NULL UNIQUE,
        customer_id varchar(36) NOT NULL REFERENCES customer (id) DEFERRABLE INITIALLY IMMEDIATE,
        card_id varchar(36) NOT NULL REFERENCES card (id),
        provider_id varchar(32) NOT NULL,
        params text NOT NULL,
        amount_tiyn integer NOT NULL CHECK (amount_tiyn > 0),
        currency varchar(3) NOT NULL CHECK (currency = 'KZT'),
        state varchar(12) NOT NULL CHECK (state IN ('pending','approved','declined','failed','refunded')),
        host_ref varchar(64),
        three_ds varchar(16),
        three_ds_bypassed boolean NOT NULL DEFAULT false,
        decline_reason varchar(64),
        staff_id varchar(36),
        workstation varchar(128) NOT NULL,
        created_at varchar(32) NOT NULL,
        updated_at varchar(32) NOT NULL,
        refunded_at varchar(32),
        refund_reason varchar(500),
        refunded_by varchar(36)
      )`)
      await q.query(`CREATE INDEX idx_payment_customer ON payment (customer_id, created_at)`)
      await q.query(`CREATE TABLE fraud_case (
        id varchar(36) PRIMARY KEY NOT NULL,
        customer_id varchar(36) NOT NULL REFERENCES customer (id) DEFERRABLE INITIALLY IMMEDIATE,
        payment_id varchar(36) REFERENCES payment (id),
        kind varchar(16) NOT NULL CHECK (kind IN ('lost-card','stolen-card','unauthorised','other')),
        status varchar(16) NOT NULL CHECK (status IN ('open','investigating','resolved','closed')),
        resolution varchar(16) CHECK (resolution IS NULL OR resolution IN ('client-favour','bank-favour')),
        opened_by varchar(36),
        created_at varchar(32) NOT NULL,
        updated_at varchar(32) NOT NULL
      )`)
      await q.query(`CREATE TABLE fraud_note (
        id serial PRIMARY KEY NOT NULL,
        case_id varchar(36) NOT NULL REFERENCES fraud_case (id),
        at varchar(32) NOT NULL,
        staff_id varchar(36),
        text varchar(2000) NOT NULL
      )`)
      return
    }
    await q.query(`CREATE TABLE key_ring_meta (
      install_id varchar(36) PRIMARY KEY NOT NULL,
      salt varchar(64) NOT NULL,
      kek_mode varchar(16) NOT NULL CHECK (kek_mode IN ('keychain','passphrase')),
      created_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE TABLE key_ring (
      purpose varchar(32) NOT NULL,
      version integer NOT NULL,
      wrapped text NOT NULL CHECK (wrapped LIKE 'v1.%'),
      state varchar(8) NOT NULL CHECK (state IN ('active','retired')),
      created_at varchar(32) NOT NULL,
      PRIMARY KEY (purpose, version)
    )`)
    await q.query(`CREATE TABLE card (
      id varchar(36) PRIMARY KEY NOT NULL,
      customer_id varchar(36) NOT NULL REFERENCES customer (id),
      fingerprint varchar(64) NOT NULL,
      pan_sealed text NOT NULL CHECK (pan_sealed GLOB 'k[0-9]*:v1.*'),
      masked varchar(19) NOT NULL CHECK (masked GLOB '[0-9][0-9][0-9][0-9][0-9][0-9]*[0-9][0-9][0-9][0-9]' AND masked LIKE '%*%'),
      brand varchar(16) NOT NULL,
      exp_month integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
      exp_year integer NOT NULL,
      issuer_country varchar(2) NOT NULL CHECK (issuer_country = 'KZ'),
      three_ds_enrolled boolean NOT NULL,
      created_at varchar(32) NOT NULL,
      last_used_at varchar(32),
      UNIQUE (customer_id, fingerprint)
    )`)
    await q.query(`CREATE TABLE card_month_use (
      customer_id varchar(36) NOT NULL REFERENCES customer (id),
      month varchar(7) NOT NULL,
      fingerprint varchar(64) NOT NULL,
      first_used_at varchar(32) NOT NULL,
      PRIMARY KEY (customer_id, month, fingerprint)
    )`)
    await q.query(`CREATE TABLE payment (
      id varchar(36) PRIMARY KEY NOT NULL,
      idempotency_key varchar(64) NOT NULL UNIQUE,
      customer_id varchar(36) NOT NULL REFERENCES customer (id),
      card_id varchar(36) NOT NULL REFERENCES card (id),
      provider_id varchar(32) NOT NULL,
      params text NOT NULL,
      amount_tiyn integer NOT NULL CHECK (amount_tiyn > 0),
      currency varchar(3) NOT NULL CHECK (currency = 'KZT'),
      state varchar(12) NOT NULL CHECK (state IN ('pending','approved','declined','failed','refunded')),
      host_ref varchar(64),
      three_ds varchar(16),
      three_ds_bypassed boolean NOT NULL DEFAULT (0),
      decline_reason varchar(64),
      staff_id varchar(36),
      workstation varchar(128) NOT NULL,
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL,
      refunded_at varchar(32),
      refund_reason varchar(500),
      refunded_by varchar(36)
    )`)
    await q.query(`CREATE INDEX idx_payment_customer ON payment (customer_id, created_at)`)
    await q.query(`CREATE TABLE fraud_case (
      id varchar(36) PRIMARY KEY NOT NULL,
      customer_id varchar(36) NOT NULL REFERENCES customer (id),
      payment_id varchar(36) REFERENCES payment (id),
      kind varchar(16) NOT NULL CHECK (kind IN ('lost-card','stolen-card','unauthorised','other')),
      status varchar(16) NOT NULL CHECK (status IN ('open','investigating','resolved','closed')),
      resolution varchar(16) CHECK (resolution IS NULL OR resolution IN ('client-favour','bank-favour')),
      opened_by varchar(36),
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE TABLE fraud_note (
      id integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      case_id varchar(36) NOT NULL REFERENCES fraud_case (id),
      at varchar(32) NOT NULL,
      staff_id varchar(36),
      text varchar(2000) NOT NULL
    )`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

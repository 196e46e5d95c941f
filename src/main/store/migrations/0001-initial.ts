import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/**
 * Version 1: staff accounts and the append-only audit log.
 * Migrations are append-only: never edit a released one, add the next file instead.
 */
export class Initial1764000000001 implements MigrationInterface {
  name = 'Initial1764000000001'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`CREATE TABLE staff (
        id varchar(36) PRIMARY KEY NOT NULL,
        login varchar(64) NOT NULL UNIQUE,
        display_name varchar(120) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('teller','supervisor')),
        password_hash varchar(255) NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at varchar(32) NOT NULL,
        updated_at varchar(32) NOT NULL
      )`)
      await q.query(`CREATE TABLE audit_event (
        seq integer PRIMARY KEY NOT NULL,
        at varchar(32) NOT NULL,
        actor_staff_id varchar(36),
        workstation varchar(128) NOT NULL,
        customer_ref varchar(64),
        action varchar(64) NOT NULL,
        outcome varchar(16) NOT NULL CHECK (outcome IN ('success','failure','denied')),
        details text NOT NULL,
        prev_hash varchar(64) NOT NULL,
        hash varchar(64) NOT NULL UNIQUE
      )`)
      await q.query(`CREATE INDEX idx_audit_event_at ON audit_event (at)`)
      await q.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$`)
      await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`)
      await q.query(`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`)
      return
    }
    await q.query(`CREATE TABLE staff (
      id varchar(36) PRIMARY KEY NOT NULL,
      login varchar(64) NOT NULL UNIQUE,
      display_name varchar(120) NOT NULL,
      role varchar(16) NOT NULL CHECK (role IN ('teller','supervisor')),
      password_hash varchar(255) NOT NULL,
      disabled boolean NOT NULL DEFAULT (0),
      created_at varchar(32) NOT NULL,
      updated_at varchar(32) NOT NULL
    )`)
    await q.query(`CREATE TABLE audit_event (
      seq integer PRIMARY KEY NOT NULL,
      at varchar(32) NOT NULL,
      actor_staff_id varchar(36),
      workstation varchar(128) NOT NULL,
      customer_ref varchar(64),
      action varchar(64) NOT NULL,
      outcome varchar(16) NOT NULL CHECK (outcome IN ('success','failure','denied')),
      details text NOT NULL,
      prev_hash varchar(64) NOT NULL,
      hash varchar(64) NOT NULL UNIQUE
    )`)
    await q.query(`CREATE INDEX idx_audit_event_at ON audit_event (at)`)
    // The log is append-only (S21, PCI DSS 10.3.2): the database itself refuses edits; deletion
    // is reserved for the retention job of the audit issue, which will replace this trigger.
    await q.query(`CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`)
    await q.query(`CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
      BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

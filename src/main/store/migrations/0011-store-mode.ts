import type { MigrationInterface, QueryRunner } from 'typeorm'

/**
 * Version 11 (issue 11): the store records whether it is a development or a production store, so
 * neither mode can open the other's data (development runs stand-ins and has public test staff).
 * Same SQL on SQLite and PostgreSQL.
 */
export class StoreMode1764000000011 implements MigrationInterface {
  name = 'StoreMode1764000000011'

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE store_meta (
      name varchar(32) PRIMARY KEY NOT NULL CHECK (name IN ('mode')),
      value varchar(32) NOT NULL CHECK (name <> 'mode' OR value IN ('development','production')),
      recorded_at varchar(32) NOT NULL
    )`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

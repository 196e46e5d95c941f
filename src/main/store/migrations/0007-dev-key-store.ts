import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

const MODES = `('keychain','passphrase','dev-file')`

/**
 * Version 7 (issue 11): a store may record that its KEK lives in the development key file, so a
 * development store is recognised as one (production refuses to open it in any other mode).
 */
export class DevKeyStore1764000000007 implements MigrationInterface {
  name = 'DevKeyStore1764000000007'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`ALTER TABLE key_ring_meta DROP CONSTRAINT key_ring_meta_kek_mode_check`)
      await q.query(`ALTER TABLE key_ring_meta ADD CONSTRAINT key_ring_meta_kek_mode_check CHECK (kek_mode IN ${MODES})`)
      return
    }
    // SQLite cannot change a CHECK in place: the one-row table is rebuilt with its row.
    await q.query(`CREATE TABLE key_ring_meta_v7 (
      install_id varchar(36) PRIMARY KEY NOT NULL,
      salt varchar(64) NOT NULL,
      kek_mode varchar(16) NOT NULL CHECK (kek_mode IN ${MODES}),
      created_at varchar(32) NOT NULL
    )`)
    await q.query(`INSERT INTO key_ring_meta_v7 (install_id, salt, kek_mode, created_at) SELECT install_id, salt, kek_mode, created_at FROM key_ring_meta`)
    await q.query(`DROP TABLE key_ring_meta`)
    await q.query(`ALTER TABLE key_ring_meta_v7 RENAME TO key_ring_meta`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

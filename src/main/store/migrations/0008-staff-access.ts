import type { MigrationInterface, QueryRunner } from 'typeorm'
import { onPostgres } from './pg'

/** The last successful sign-in of each account, as the audit trail recorded it before this version. */
const LAST_SIGN_IN_FROM_AUDIT = `UPDATE staff SET last_sign_in_at = (
  SELECT max(a.at) FROM audit_event a WHERE a.actor_staff_id = staff.id AND a.action = 'staff.signIn' AND a.outcome = 'success'
)`

/**
 * Version 8 (issue 13, PCI DSS v4 requirement 8 for staff): the wrong-password count and the end of a
 * lockout (8.3.4), the last sign-in and the last re-enabling (8.2.6: unused accounts are disabled), when the password was
 * last changed, and the argon2id hashes of the previous passwords (8.3.7: no reuse of the last 4).
 * Existing accounts take their last sign-in from the audit trail, so an upgrade grants no grace.
 */
export class StaffAccess1764000000008 implements MigrationInterface {
  name = 'StaffAccess1764000000008'

  async up(q: QueryRunner): Promise<void> {
    if (onPostgres(q)) {
      await q.query(`ALTER TABLE staff
        ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0 CONSTRAINT staff_failed_attempts_check CHECK (failed_attempts >= 0),
        ADD COLUMN locked_until varchar(32),
        ADD COLUMN last_sign_in_at varchar(32),
        ADD COLUMN enabled_at varchar(32),
        ADD COLUMN password_changed_at varchar(32),
        ADD COLUMN previous_hashes text NOT NULL DEFAULT '[]'`)
    } else {
      await q.query(`ALTER TABLE staff ADD COLUMN failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0)`)
      await q.query(`ALTER TABLE staff ADD COLUMN locked_until varchar(32)`)
      await q.query(`ALTER TABLE staff ADD COLUMN last_sign_in_at varchar(32)`)
      await q.query(`ALTER TABLE staff ADD COLUMN enabled_at varchar(32)`)
      await q.query(`ALTER TABLE staff ADD COLUMN password_changed_at varchar(32)`)
      await q.query(`ALTER TABLE staff ADD COLUMN previous_hashes text NOT NULL DEFAULT '[]'`)
    }
    await q.query(LAST_SIGN_IN_FROM_AUDIT)
    await q.query(`UPDATE staff SET password_changed_at = created_at`)
  }

  async down(): Promise<void> {
    throw new Error('Migrations are append-only; restore from a backup instead of migrating down.')
  }
}

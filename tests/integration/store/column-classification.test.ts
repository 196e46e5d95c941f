import { afterAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { openBranchStore, openStore } from '../../../src/main/store/data-source'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { tempDir } from '../../support/temp-engine'

type Kind =
  | 'sealed' // AES-256-GCM under the key ring, AAD naming table, column and row id
  | 'keyed-index' // HMAC under a key-ring key (blind index): equality lookups only
  | 'legacy-clear' // clear values of a row older than a sealing migration, NULL once the engine sealed it at start
  | 'enumeration' // one of a fixed list of values (state, kind, role...) or a code
  | 'id' // a random UUID or an internal key
  | 'time' // an ISO instant or a month
  | 'hash' // a one-way hash or MAC (argon2id, SHA-256, HMAC), or a wrapped key
  | 'operational' // set by the bank, not by or about a customer: workstation names, staff logins, host references, file names
  | 'masked-card' // first 6 and last 4 digits only (PCI DSS 3.4)
  | 'mixed-sealed' // canonical JSON whose personal and free-text values are each sealed (audit details: codes, ids and counts stay readable)

/**
 * Issue 15: every text column of every table, classified on purpose. A column nobody classified
 * (a later feature's new column) fails this test until someone decides whether it is personal
 * or free text (then it is sealed) or safe to keep readable.
 */
const COLUMNS: Record<string, Kind> = {
  'approval_request.id': 'id',
  'approval_request.kind': 'enumeration',
  'approval_request.params_sealed': 'sealed',
  'approval_request.status': 'enumeration',
  'approval_request.maker_id': 'id',
  'approval_request.maker_workstation': 'operational',
  'approval_request.maker_reason_sealed': 'sealed',
  'approval_request.created_at': 'time',
  'approval_request.expires_at': 'time',
  'approval_request.checker_id': 'id',
  'approval_request.checker_workstation': 'operational',
  'approval_request.checker_reason_sealed': 'sealed',
  'approval_request.decided_at': 'time',
  'approval_request.executed_at': 'time',
  'approval_request.failure': 'enumeration',
  'staff_totp.staff_id': 'id',
  'staff_totp.secret_sealed': 'sealed',
  'staff_totp.enrolled_at': 'time',
  'staff_recovery_code.staff_id': 'id',
  'staff_recovery_code.code_hash': 'hash',
  'staff_recovery_code.used_at': 'time',
  'audit_anchor.last_hash': 'hash',
  'audit_anchor.purged_at': 'time',
  'audit_anchor.archive': 'operational',
  'audit_anchor.archive_sha256': 'hash',
  'audit_chain_format.format': 'enumeration',
  'audit_chain_format.recorded_at': 'time',
  'audit_chain_anchor.workstation': 'operational',
  'audit_chain_anchor.last_hash': 'hash',
  'audit_chain_anchor.purged_at': 'time',
  'audit_event.at': 'time',
  'audit_event.actor_staff_id': 'id',
  'audit_event.workstation': 'operational',
  'audit_event.customer_ref': 'keyed-index',
  'audit_event.customer_sealed': 'sealed',
  'audit_event.reseal_mac': 'hash',
  'audit_event.action': 'enumeration',
  'audit_event.outcome': 'enumeration',
  'audit_event.details': 'mixed-sealed',
  'audit_event.prev_hash': 'hash',
  'audit_event.hash': 'hash',
  'card.id': 'id',
  'card.customer_id': 'id',
  'card.fingerprint': 'keyed-index',
  'card.pan_sealed': 'sealed',
  'card.masked': 'masked-card',
  'card.brand': 'enumeration',
  'card.issuer_country': 'enumeration',
  'card.created_at': 'time',
  'card.last_used_at': 'time',
  'card.status': 'enumeration',
  'card_month_use.customer_id': 'id',
  'card_month_use.month': 'time',
  'card_month_use.fingerprint': 'keyed-index',
  'card_month_use.first_used_at': 'time',
  'card_month_use.pending_payment': 'id',
  'customer.id': 'id',
  'customer.phone_index': 'keyed-index',
  'customer.phone_sealed': 'sealed',
  'customer.name_sealed': 'sealed',
  'customer.dob_sealed': 'sealed',
  'customer.legacy_phone': 'legacy-clear',
  'customer.legacy_name': 'legacy-clear',
  'customer.legacy_dob': 'legacy-clear',
  'customer.password_hash': 'hash',
  'customer.locked_until': 'time',
  'customer.block_reason': 'sealed',
  'customer.blocked_by': 'id',
  'customer.blocked_at': 'time',
  'customer.password_changed_at': 'time',
  'customer.created_at': 'time',
  'customer.updated_at': 'time',
  'customer.sms_locale': 'enumeration',
  'fraud_case.id': 'id',
  'fraud_case.customer_id': 'id',
  'fraud_case.payment_id': 'id',
  'fraud_case.kind': 'enumeration',
  'fraud_case.status': 'enumeration',
  'fraud_case.resolution': 'enumeration',
  'fraud_case.opened_by': 'id',
  'fraud_case.created_at': 'time',
  'fraud_case.updated_at': 'time',
  'fraud_note.case_id': 'id',
  'fraud_note.at': 'time',
  'fraud_note.staff_id': 'id',
  'fraud_note.text': 'sealed',
  'key_ring.purpose': 'enumeration',
  'key_ring.wrapped': 'hash',
  'key_ring.state': 'enumeration',
  'key_ring.created_at': 'time',
  'key_ring_meta.install_id': 'id',
  'key_ring_meta.salt': 'hash',
  'key_ring_meta.kek_mode': 'enumeration',
  'key_ring_meta.created_at': 'time',
  'migrations.name': 'enumeration',
  'payment.id': 'id',
  'payment.idempotency_key': 'id',
  'payment.customer_id': 'id',
  'payment.card_id': 'id',
  'payment.provider_id': 'enumeration',
  'payment.params': 'sealed',
  'payment.payee_index': 'keyed-index',
  'payment.currency': 'enumeration',
  'payment.state': 'enumeration',
  'payment.host_ref': 'operational',
  'payment.three_ds': 'enumeration',
  'payment.decline_reason': 'enumeration',
  'payment.staff_id': 'id',
  'payment.workstation': 'operational',
  'payment.created_at': 'time',
  'payment.updated_at': 'time',
  'payment.refunded_at': 'time',
  'payment.refund_reason': 'sealed',
  'payment.refunded_by': 'id',
  'session_key.id': 'id',
  'session_key.phone_index': 'keyed-index',
  'session_key.purpose': 'enumeration',
  'session_key.binding': 'hash',
  'session_key.code_mac': 'hash',
  'session_key.created_at': 'time',
  'session_key.expires_at': 'time',
  'session_key.state': 'enumeration',
  'session_key.used_at': 'time',
  'sms_message.id': 'id',
  'sms_message.ref': 'id',
  'sms_message.gateway': 'enumeration',
  'sms_message.status': 'enumeration',
  'sms_message.provider_ref': 'operational',
  'sms_message.last_error': 'enumeration',
  'sms_message.created_at': 'time',
  'sms_message.updated_at': 'time',
  'staff.id': 'id',
  'staff.login': 'operational',
  'staff.display_name': 'operational',
  'staff.role': 'enumeration',
  'staff.password_hash': 'hash',
  'staff.created_at': 'time',
  'staff.updated_at': 'time',
  'staff.locked_until': 'time',
  'staff.last_sign_in_at': 'time',
  'staff.enabled_at': 'time',
  'staff.password_changed_at': 'time',
  'staff.previous_hashes': 'hash',
  'staff_quota_use.id': 'id',
  'staff_quota_use.staff_id': 'id',
  'staff_quota_use.kind': 'enumeration',
  'staff_quota_use.at': 'time',
  'store_meta.name': 'enumeration',
  'store_meta.value': 'enumeration',
  'store_meta.recorded_at': 'time',
}

function compare(live: string[]): { unclassified: string[]; gone: string[] } {
  return {
    unclassified: live.filter((c) => !(c in COLUMNS)).sort(),
    gone: Object.keys(COLUMNS).filter((c) => !live.includes(c)).sort(),
  }
}

describe('every text column of the store is classified (issue 15)', () => {
  const dir = tempDir()
  afterAll(() => dir.cleanup())

  it('SQLite: no unclassified column, no classified column missing', async () => {
    const ds = await openStore({ path: join(dir.path, 'classify.sqlite') })
    try {
      const tables = (await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)) as { name: string }[]
      const live: string[] = []
      for (const { name } of tables) {
        for (const c of (await ds.query(`PRAGMA table_info("${name}")`)) as { name: string; type: string }[]) {
          if (/char|text|clob/i.test(c.type)) live.push(`${name}.${c.name}`)
        }
      }
      expect(compare(live)).toEqual({ unclassified: [], gone: [] })
    } finally {
      await ds.destroy()
    }
  })
})

describe.skipIf(!adminPgUrl)('every text column of the branch store is classified (issue 15, PostgreSQL)', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  afterAll(async () => db?.drop())

  it('PostgreSQL: no unclassified column, no classified column missing', async () => {
    db = await throwawayDatabase('teller_classify')
    const ds = await openBranchStore({ url: db.url })
    try {
      const rows = (await ds.query(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND data_type IN ('character varying', 'character', 'text')`,
      )) as { table_name: string; column_name: string }[]
      expect(compare(rows.map((r) => `${r.table_name}.${r.column_name}`))).toEqual({ unclassified: [], gone: [] })
    } finally {
      await ds.destroy()
    }
  })
})

import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openBranchStore, openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { migrations } from '../../../src/main/store/migrations'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'

/** Every column of sms_message, in order: delivery status only. */
const COLUMNS = ['id', 'ref', 'gateway', 'status', 'attempts', 'provider_ref', 'last_error', 'created_at', 'updated_at']
/** What must never be stored: the text holds the session key, the number identifies the customer. */
const FORBIDDEN = /text|body|content|message|code|phone|msisdn|number|recipient|destination|^to$/

const insertSms = (ds: DataSource, id: string, gateway: string, status: string) =>
  ds.query(`INSERT INTO sms_message (id, ref, gateway, status, created_at, updated_at) VALUES (?, 'k1', ?, ?, 't', 't')`, [id, gateway, status])

describe('migration 0006 (sms_message: delivery status of each SMS, never its text or number)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })
  afterAll(() => dir.cleanup())

  it('upgrades a version-5 store in place, keeping its staff, customer, key and audit rows', async () => {
    const path = join(dir.path, 'v5.sqlite')
    const v5 = await storeAtVersion({ path }, migrations.slice(0, 5))
    await v5.query(`INSERT INTO staff VALUES ('s1','chief','Chief','supervisor','h',0,'t','t')`)
    await v5.query(
      `INSERT INTO customer (id, legacy_phone, legacy_name, legacy_dob, password_hash, password_changed_at, created_at, updated_at) VALUES ('c1', '+77012345678', 'A', '1990-01-01', ?, 't', 't', 't')`,
      [HASH],
    )
    await v5.query(`INSERT INTO session_key (id, phone, purpose, code_mac, created_at, expires_at, state) VALUES ('k1', '+77012345678', 'verify', 'm', 't', 't', 'active')`)
    await v5.query(`INSERT INTO audit_event VALUES (1,'t',NULL,'ws',NULL,'sessionKey.send','success','{}','0','h1')`)
    expect(await v5.query(`SELECT name FROM sqlite_master WHERE name = 'sms_message'`)).toEqual([])
    await v5.query('PRAGMA user_version = 5')
    await v5.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    const applied = (await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]
    expect(applied.map((r) => r.name).slice(5, 6)).toEqual(['SmsStatus1764000000006'])
    expect(await ds.query('SELECT login FROM staff')).toEqual([{ login: 'chief' }])
    expect(await ds.query('SELECT id, legacy_phone FROM customer')).toEqual([{ id: 'c1', legacy_phone: '+77012345678' }])
    expect(await ds.query('SELECT id, state FROM session_key')).toEqual([{ id: 'k1', state: 'active' }])
    expect(await ds.query('SELECT action FROM audit_event')).toEqual([{ action: 'sessionKey.send' }])
    expect(await ds.query('SELECT COUNT(*) AS n FROM sms_message')).toEqual([{ n: 0 }])
    expect(await ds.query('PRAGMA foreign_key_check')).toEqual([])
  })

  it('has exactly the status columns, none for the text or the phone number, and an index to find a receipt', async () => {
    ds = await openStore({ path: join(dir.path, 'cols.sqlite') })
    const info = (await ds.query(`PRAGMA table_info(sms_message)`)) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]
    expect(info.map((c) => [c.name, c.type.toLowerCase(), c.notnull, c.dflt_value, c.pk])).toEqual([
      ['id', 'varchar(36)', 1, null, 1],
      ['ref', 'varchar(36)', 0, null, 0],
      ['gateway', 'varchar(16)', 1, null, 0],
      ['status', 'varchar(16)', 1, null, 0],
      ['attempts', 'integer', 1, '0', 0],
      ['provider_ref', 'varchar(64)', 0, null, 0],
      ['last_error', 'varchar(200)', 0, null, 0],
      ['created_at', 'varchar(32)', 1, null, 0],
      ['updated_at', 'varchar(32)', 1, null, 0],
    ])
    expect(info.map((c) => c.name)).toEqual(COLUMNS)
    expect(info.map((c) => c.name).filter((n) => FORBIDDEN.test(n))).toEqual([])
    const index = (await ds.query(`PRAGMA index_info(idx_sms_message_provider)`)) as { name: string }[]
    expect(index.map((c) => c.name)).toEqual(['gateway', 'provider_ref'])
  })

  it('refuses an unknown gateway or status, a missing gateway or timestamp, and a duplicate id; attempts start at 0', async () => {
    ds = await openStore({ path: join(dir.path, 'checks.sqlite') })
    for (const gateway of ['outbox', 'smpp', 'https']) await insertSms(ds, `g-${gateway}`, gateway, 'queued')
    for (const status of ['sent', 'delivered', 'undeliverable', 'failed']) await insertSms(ds, `s-${status}`, 'smpp', status)
    await expect(insertSms(ds, 'x1', 'email', 'queued')).rejects.toThrow(`CHECK constraint failed: gateway IN ('outbox','smpp','https')`)
    await expect(insertSms(ds, 'x2', 'smpp', 'read')).rejects.toThrow(`CHECK constraint failed: status IN ('queued','sent','delivered','undeliverable','failed')`)
    await expect(ds.query(`UPDATE sms_message SET status = 'lost' WHERE id = 'g-smpp'`)).rejects.toThrow('CHECK constraint failed: status IN')
    await expect(insertSms(ds, 'g-smpp', 'smpp', 'queued')).rejects.toThrow('UNIQUE constraint failed: sms_message.id')
    await expect(ds.query(`INSERT INTO sms_message (id, status, created_at, updated_at) VALUES ('x3', 'queued', 't', 't')`)).rejects.toThrow(
      'NOT NULL constraint failed: sms_message.gateway',
    )
    await expect(ds.query(`INSERT INTO sms_message (id, gateway, status, updated_at) VALUES ('x4', 'smpp', 'queued', 't')`)).rejects.toThrow(
      'NOT NULL constraint failed: sms_message.created_at',
    )
    expect(await ds.query(`SELECT id, ref, attempts, provider_ref, last_error FROM sms_message WHERE id = 'g-outbox'`)).toEqual([
      { id: 'g-outbox', ref: 'k1', attempts: 0, provider_ref: null, last_error: null },
    ])
    expect(await ds.query('SELECT COUNT(*) AS n FROM sms_message')).toEqual([{ n: 7 }])
  })
})

/** The same migration on PostgreSQL (branch mode). Needs TELLER_TEST_PG_URL. */
describe.skipIf(!adminPgUrl)('migration 0006 on PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> } | null = null
  let ds: DataSource | null = null
  afterAll(async () => {
    await ds?.destroy()
    await db?.drop()
  })

  it('upgrades a version-5 database keeping its rows; sms_message has the same columns and checks', async () => {
    db = await throwawayDatabase('teller_m0006')
    const v5 = await storeAtVersion({ url: db.url }, migrations.slice(0, 5))
    await v5.query(`INSERT INTO staff VALUES ('s1','chief','Chief','supervisor','h',false,'t','t')`)
    await v5.query(`INSERT INTO audit_event VALUES (1,'t',NULL,'ws',NULL,'sessionKey.send','success','{}','0','h1')`)
    await v5.destroy()

    ds = await openBranchStore({ url: db.url })
    expect(((await ds.query('SELECT name FROM migrations ORDER BY id')) as { name: string }[]).map((r) => r.name).slice(5, 6)).toEqual(['SmsStatus1764000000006'])
    expect(await ds.query('SELECT login FROM staff')).toEqual([{ login: 'chief' }])
    expect(await ds.query('SELECT action FROM audit_event')).toEqual([{ action: 'sessionKey.send' }])
    const columns = (await ds.query(
      `SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'sms_message' ORDER BY ordinal_position`,
    )) as { column_name: string; is_nullable: string }[]
    expect(columns.map((c) => c.column_name)).toEqual(COLUMNS)
    expect(columns.filter((c) => c.is_nullable === 'YES').map((c) => c.column_name)).toEqual(['ref', 'provider_ref', 'last_error'])
    const pg = (id: string, gateway: string, status: string) =>
      ds!.query(`INSERT INTO sms_message (id, gateway, status, created_at, updated_at) VALUES ($1, $2, $3, 't', 't')`, [id, gateway, status])
    await pg('a', 'https', 'queued')
    await expect(pg('b', 'email', 'queued')).rejects.toThrow('violates check constraint "sms_message_gateway_check"')
    await expect(pg('c', 'https', 'read')).rejects.toThrow('violates check constraint "sms_message_status_check"')
    expect(await ds.query(`SELECT attempts FROM sms_message`)).toEqual([{ attempts: 0 }])
  })
})

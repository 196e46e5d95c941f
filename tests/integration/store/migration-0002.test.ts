import { afterEach, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { DataSource } from 'typeorm'
import { openStore, SCHEMA_VERSION } from '../../../src/main/store/data-source'
import { Initial1764000000001 } from '../../../src/main/store/migrations/0001-initial'
import { Customers1764000000002 } from '../../../src/main/store/migrations/0002-customers'

/** A store migrated to exactly version 2, as this migration left it (later ones rebuild customer). */
async function openV2(path: string): Promise<DataSource> {
  const ds = await storeAtVersion({ path }, [Initial1764000000001, Customers1764000000002])
  return ds
}
import { storeAtVersion } from '../../support/store-at-version'
import { tempDir } from '../../support/temp-engine'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'

describe('migration 0002 (customer, session_key, audit review indexes)', () => {
  const dir = tempDir()
  let ds: DataSource | null = null
  afterEach(async () => {
    await ds?.destroy()
    ds = null
  })

  it('upgrades a version-1 store in place, keeping its staff and audit rows', async () => {
    const path = join(dir.path, 'v1.sqlite')
    const v1 = await storeAtVersion({ path }, [Initial1764000000001])
    await v1.query(`INSERT INTO staff VALUES ('s1','chief','Chief','supervisor','h',0,'t','t')`)
    await v1.query(`INSERT INTO audit_event VALUES (1,'t',NULL,'ws',NULL,'staff.create','success','{}','0','h1')`)
    await v1.query('PRAGMA user_version = 1')
    await v1.destroy()

    ds = await openStore({ path })
    expect(await ds.query('PRAGMA user_version')).toEqual([{ user_version: SCHEMA_VERSION }])
    expect(await ds.query('SELECT login FROM staff')).toEqual([{ login: 'chief' }])
    expect(await ds.query('SELECT action FROM audit_event')).toEqual([{ action: 'staff.create' }])
    const indexes = ((await ds.query(`SELECT name FROM sqlite_master WHERE type='index'`)) as { name: string }[]).map((r) => r.name)
    expect(indexes).toEqual(expect.arrayContaining(['idx_audit_event_customer', 'idx_session_key_phone', 'idx_session_key_purpose']))
  })

  it('keeps only E.164 Kazakhstan numbers and argon2id hashes in customer, and unique phones', async () => {
    ds = await openV2(join(dir.path, 'c.sqlite'))
    const insert = (phone: string, hash: string, id: string) =>
      ds!.query(
        `INSERT INTO customer (id, phone, name, date_of_birth, password_hash, password_changed_at, created_at, updated_at)
         VALUES (?, ?, 'A', '1990-01-01', ?, 't', 't', 't')`,
        [id, phone, hash],
      )
    await insert('+77012345678', HASH, '1')
    await expect(insert('87012345679', HASH, '2')).rejects.toThrow(/CHECK constraint/)
    await expect(insert('+77012345679', 'plain-password', '3')).rejects.toThrow(/CHECK constraint/)
    await expect(insert('+77012345678', HASH, '4')).rejects.toThrow(/UNIQUE constraint/)
    await expect(ds.query(`UPDATE customer SET failed_attempts = 4`)).rejects.toThrow(/CHECK constraint/)
  })

  it('refuses unknown session-key purposes and states', async () => {
    ds = await openStore({ path: join(dir.path, 'k.sqlite') })
    const insert = (purpose: string, state: string) =>
      ds!.query(
        `INSERT INTO session_key (id, phone_index, purpose, code_mac, created_at, expires_at, state) VALUES (?, '+77012345678', ?, 'm', 't', 't', ?)`,
        [`${purpose}-${state}`, purpose, state],
      )
    await insert('verify', 'active')
    await expect(insert('login', 'active')).rejects.toThrow(/CHECK constraint/)
    await expect(insert('verify', 'plain')).rejects.toThrow(/CHECK constraint/)
  })
})

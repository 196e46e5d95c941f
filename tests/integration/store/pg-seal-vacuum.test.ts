import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine } from '../../../src/main/app/composition-root'
import { migrations } from '../../../src/main/store/migrations'
import { FakeClock } from '../../support/fake-clock'
import { adminPgUrl, throwawayDatabase } from '../../support/pg-database'
import { storeAtVersion } from '../../support/store-at-version'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA'
const PHONE = '+77012345678'
const T = '2026-03-10T03:59:00.000Z'
/** Values a version-11 branch database holds in clear, each long and unique enough to be searched for in the files. */
const CLEAR = {
  blockReason: 'Stolen phone reported by Dana at Zhibek Zholy',
  refundReason: 'Double charge at the Kolsai kiosk, twice',
  note: 'Card left at the Dostyk Plaza counter by Yerlan',
  account: 'ACCOUNT-4417720936-ALMATY',
}

/** Every file of one database's folder on the server (the test runs where the throwaway cluster lives). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

/**
 * Issue 15, PostgreSQL: sealing the clear rows in place leaves the old versions of those rows as dead
 * tuples in the table files (an UPDATE writes a new tuple; plain VACUUM only marks the old one's space
 * reusable, its bytes stay until overwritten). The start step therefore rewrites the tables it sealed
 * (VACUUM FULL: new files, the old ones truncated), so the clear values are gone from the database's
 * files. The server's WAL is not the database's to rewrite (it is recycled at checkpoints).
 */
describe.skipIf(!adminPgUrl)('sealing clear rows on PostgreSQL leaves no clear tuple in the table files', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })

  it('after the start step and a checkpoint, no file of the database holds a value that was in clear', async () => {
    const db = await throwawayDatabase('teller_seal_vacuum')
    cleanups.push(() => db.drop())
    const v11 = await storeAtVersion({ url: db.url }, migrations.slice(0, 12))
    const q = (text: string, params: unknown[] = []) => v11.query(text.replace(/\?/g, (() => { let n = 0; return () => `$${++n}` })()), params)
    await q(`INSERT INTO customer (id, legacy_phone, legacy_name, legacy_dob, password_hash, blocked, block_reason, password_changed_at, created_at, updated_at) VALUES ('c1', ?, 'Aruzhan Legacy', '1979-04-03', ?, true, ?, 't', 't', 't')`, [PHONE, HASH, CLEAR.blockReason])
    await q(`INSERT INTO card (id, customer_id, fingerprint, pan_sealed, masked, brand, exp_month, exp_year, issuer_country, three_ds_enrolled, created_at) VALUES ('k', 'c1', 'f', 'k1:v1.a', '440043******1237', 'visa', 12, 2029, 'KZ', true, 't')`)
    await q(
      `INSERT INTO payment (id, idempotency_key, customer_id, card_id, provider_id, params, amount_tiyn, currency, state, host_ref, workstation, created_at, updated_at, refunded_at, refund_reason)
       VALUES ('p1', 'i1', 'c1', 'k', 'almaty-energo', ?, 150000, 'KZT', 'refunded', 'h', 'ws', 't', 't', 't', ?)`,
      [JSON.stringify({ account: CLEAR.account }), CLEAR.refundReason],
    )
    await q(`INSERT INTO fraud_case (id, customer_id, payment_id, kind, status, created_at, updated_at) VALUES ('f1', 'c1', 'p1', 'other', 'open', 't', 't')`)
    await q(`INSERT INTO fraud_note (case_id, at, staff_id, text) VALUES ('f1', 't', NULL, ?)`, [CLEAR.note])
    await q(`INSERT INTO session_key (id, phone, purpose, code_mac, created_at, expires_at, state, used_at) VALUES ('s1', ?, 'verify', 'm', ?, ?, 'used', ?)`, [PHONE, T, T, T])
    await v11.destroy()

    const dir = tempDir()
    const engine = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws-pg', idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: db.url }, keyMode: { mode: 'passphrase', passphrase: 'branch passphrase for the tests' },
      },
      clock: new FakeClock('2026-03-10T04:00:00.000Z'),
      argon2: FAST_ARGON2,
    })
    cleanups.push(async () => {
      await engine.close()
      dir.cleanup()
    })
    expect(await engine.ds.query(`SELECT count(*)::int AS n FROM fraud_note WHERE text LIKE 'k1:v1.%'`)).toEqual([{ n: 1 }])
    // Everything the server holds in memory written to the files.
    await engine.ds.query('CHECKPOINT')
    const [where] = (await engine.ds.query(`SELECT current_setting('data_directory') || '/base/' || oid AS dir FROM pg_database WHERE datname = current_database()`)) as { dir: string }[]
    const files = filesUnder(where!.dir)
    expect(files.length).toBeGreaterThan(10)
    const hits: string[] = []
    for (const f of files) {
      const bytes = readFileSync(f)
      for (const [name, value] of Object.entries({ ...CLEAR, phone: PHONE })) if (bytes.includes(Buffer.from(value, 'utf8'))) hits.push(`${name} in ${f.slice(where!.dir.length)}`)
    }
    expect(hits).toEqual([])
  })
})

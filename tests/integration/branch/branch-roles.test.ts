import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DataSource } from 'typeorm'
import { createEngine, type Engine } from '../../../src/main/app/composition-root'
import { adminPgUrl, asPgAdmin, pgUrlAs } from '../../support/pg-database'
import { FAST_ARGON2, tempDir } from '../../support/temp-engine'

/**
 * Issue 14, branch mode with two roles: the migrations run under the owner role
 * (TELLER_DB_OWNER_URL), the app connects with a role that may only INSERT into and SELECT from the
 * audit trail. Someone holding the app's credentials (every workstation has them) cannot UPDATE,
 * DELETE or TRUNCATE the trail, even though the row triggers do not fire on TRUNCATE; the app still
 * works (append, verify, review). The roles are created here, on scripts/with-postgres's throwaway
 * server, as the README tells the bank's DBA to.
 */
const PASSPHRASE = 'branch passphrase for the tests'
const tag = `${process.pid}_${Date.now()}`
const OWNER = `teller_owner_${tag}`
const APP = `teller_app_${tag}`
const DB = `teller_roles_${tag}`
const pw = (who: string) => `pw-${who}-0123456789`

const asAdmin = asPgAdmin
const urlFor = (role: string): string => pgUrlAs(role, pw(role), DB)

describe.skipIf(!adminPgUrl)('branch mode, two roles: the app role may only INSERT and SELECT the audit trail (issue 14)', () => {
  const dir = tempDir('teller-roles-')
  let engine: Engine
  let app: DataSource

  beforeAll(async () => {
    // What the DBA runs once (README, "Branch mode: two roles"): the owner owns the database, the app role only logs in.
    await asAdmin([
      `CREATE ROLE ${OWNER} LOGIN PASSWORD '${pw(OWNER)}'`,
      `CREATE ROLE ${APP} LOGIN PASSWORD '${pw(APP)}'`,
      `CREATE DATABASE ${DB} OWNER ${OWNER}`,
      `REVOKE ALL ON DATABASE ${DB} FROM PUBLIC`,
      `GRANT CONNECT ON DATABASE ${DB} TO ${APP}`,
    ])
    engine = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws-roles', idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: urlFor(APP), ownerUrl: urlFor(OWNER) }, keyMode: { mode: 'passphrase', passphrase: PASSPHRASE },
      },
      argon2: FAST_ARGON2,
    })
    app = new DataSource({ type: 'postgres', url: urlFor(APP) })
    await app.initialize()
  }, 120_000)

  afterAll(async () => {
    await engine?.close()
    await app?.destroy()
    await asAdmin([`DROP DATABASE IF EXISTS ${DB}`, `DROP ROLE IF EXISTS ${APP}`, `DROP ROLE IF EXISTS ${OWNER}`]).catch(() => undefined)
    dir.cleanup()
  })

  it('the tables belong to the owner role, and the app connects as the app role', async () => {
    const owners = (await app.query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`)) as { tableowner: string }[]
    expect(owners.map((o) => o.tableowner)).toEqual([OWNER])
    expect(((await engine.ds.query('SELECT current_user AS u')) as { u: string }[])[0]!.u).toBe(APP)
  })

  it('the app works with the app role: staff, customers, audit append, verify and review', async () => {
    const actor = { staffId: null, workstation: 'ws-roles' }
    const sup = await engine.staff.create({ login: 'rolesup', displayName: 'Roles Supervisor', role: 'supervisor', password: 'Roles-Supervisor-2026' }, actor)
    for (let i = 0; i < 5; i++) await engine.audit.record({ actorStaffId: sup.id, workstation: 'ws-roles', action: 'customer.lookup', outcome: 'success', details: { i } })
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
    const page = await engine.auditReview.search({ action: 'customer.lookup' }, null, 10)
    expect(page.rows.length).toBe(5)
    // A customer registered: session keys, SMS outbox, customers, sealed fields, all as the app role.
    const phone = '+77012345678'
    const code = () => /(\d{6})/.exec(engine.outbox!.last(phone)!.text)![1]!
    await engine.customers.sendKey(phone, 'verify', actor)
    await engine.customers.confirmVerification(phone, code(), actor)
    await engine.customers.sendKey(phone, 'register', actor)
    await engine.customers.register({ phone, name: 'Roles Customer', dateOfBirth: '1990-01-01', password: 'qwerty1!', code: code() }, actor)
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('a workstation holding only the app role opens the migrated store (nothing left to migrate)', async () => {
    const ws2 = await createEngine({
      config: {
        appVersion: 'test', shell: 'browser', mode: 'development', dataDir: dir.path, workstation: 'ws-roles-2', idleTimeoutSeconds: 300,
        database: { kind: 'postgres', url: urlFor(APP) }, keyMode: { mode: 'passphrase', passphrase: PASSPHRASE },
      },
      argon2: FAST_ARGON2,
    })
    try {
      await ws2.audit.record({ actorStaffId: null, workstation: 'ws-roles-2', action: 'customer.lookup', outcome: 'success', details: { i: 99 } })
      expect(await ws2.audit.verifyChain()).toMatchObject({ ok: true })
    } finally {
      await ws2.close()
    }
  })

  it.each([
    ['UPDATE', `UPDATE audit_event SET workstation = 'forged' WHERE seq = 1`],
    ['DELETE', `DELETE FROM audit_event WHERE seq = (SELECT MAX(seq) FROM audit_event)`],
    ['TRUNCATE', `TRUNCATE audit_event`],
    ['UPDATE of where the keyed chain starts', `UPDATE audit_chain_format SET from_seq = 1000000`],
    ['DELETE of the chain format', `DELETE FROM audit_chain_format`],
    ['TRUNCATE of the chain format', `TRUNCATE audit_chain_format`],
    ['a new trigger-free copy of the table', `CREATE TABLE audit_event_copy AS SELECT * FROM audit_event`],
    ['dropping the triggers', `DROP TRIGGER audit_event_no_update ON audit_event`],
  ])('the app role is refused %s on the audit trail', async (_what, statement) => {
    const before = (await app.query('SELECT COUNT(*)::int AS n FROM audit_event')) as { n: number }[]
    await expect(app.query(statement)).rejects.toThrow(/permission denied|must be owner/)
    expect(await app.query('SELECT COUNT(*)::int AS n FROM audit_event')).toEqual(before)
    expect(await engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('the app role may still INSERT and SELECT the audit trail (what the app needs, nothing more)', async () => {
    const grants = (await app.query(
      `SELECT privilege_type AS p FROM information_schema.role_table_grants WHERE grantee = $1 AND table_name = 'audit_event' ORDER BY 1`,
      [APP],
    )) as { p: string }[]
    expect(grants.map((g) => g.p)).toEqual(['INSERT', 'SELECT'])
  })
})

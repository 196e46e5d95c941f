import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appRoleGrants } from '../../../src/main/store/branch-roles'

/** Issue 14: the GRANTs the README shows the DBA are the ones the owner applies after each migration. */
describe('branch mode, the app role\'s grants', () => {
  it('leaves the app role INSERT and SELECT only on the audit trail, SELECT only on what migrations write', () => {
    const sql = appRoleGrants('teller_app')
    expect(sql).toContain('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM "teller_app"')
    expect(sql.at(-3)).toMatch(/^REVOKE INSERT, UPDATE, DELETE, TRUNCATE.* ON migrations, audit_chain_format, audit_anchor, audit_chain_anchor FROM/)
  })

  it('lets the app role remove old events only through the owner\'s retention function (migration 0019)', () => {
    expect(appRoleGrants('teller_app').at(-1)).toBe('GRANT EXECUTE ON FUNCTION audit_retention_purge(integer, varchar, integer, varchar, varchar) TO "teller_app"')
  })

  it('review F1: nobody but the owner may create objects in the schema (PostgreSQL 14 and older grant it to PUBLIC), so no operator of the caller can reach the owner\'s function', () => {
    expect(appRoleGrants('teller_app')[0]).toBe('REVOKE CREATE ON SCHEMA public FROM PUBLIC')
  })

  it('quotes the role name (a name with a quote cannot add SQL)', () => {
    expect(appRoleGrants('a"; DROP TABLE x; --')[1]).toBe('GRANT USAGE ON SCHEMA public TO "a""; DROP TABLE x; --"')
  })

  it('is printed in the README exactly', () => {
    const readme = readFileSync('README.md', 'utf8')
    for (const statement of appRoleGrants('teller_app')) expect(readme).toContain(`${statement};\n`)
  })
})

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appRoleGrants } from '../../../src/main/store/branch-roles'

/** Issue 14: the GRANTs the README shows the DBA are the ones the owner applies after each migration. */
describe('branch mode, the app role\'s grants', () => {
  it('leaves the app role INSERT and SELECT only on the audit trail, SELECT only on what migrations write', () => {
    const sql = appRoleGrants('teller_app')
    expect(sql).toContain('REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM "teller_app"')
    expect(sql.at(-2)).toMatch(/^REVOKE INSERT, UPDATE, DELETE, TRUNCATE.* ON migrations, audit_chain_format, audit_anchor FROM/)
  })

  it('quotes the role name (a name with a quote cannot add SQL)', () => {
    expect(appRoleGrants('a"; DROP TABLE x; --')[0]).toBe('GRANT USAGE ON SCHEMA public TO "a""; DROP TABLE x; --"')
  })

  it('is printed in the README exactly', () => {
    const readme = readFileSync('README.md', 'utf8')
    for (const statement of appRoleGrants('teller_app')) expect(readme).toContain(`${statement};\n`)
  })
})

import { describe, expect, it } from 'vitest'
import { branchConnection, openBranchStore } from '../../../src/main/store/data-source'

/**
 * S1: TELLER_DB_URL may not turn TLS off or redirect the connection through query parameters the
 * pg library would read (sslmode, ssl, host, options, port, sslrootcert...). Refused before any
 * connection is tried: port 1 on loopback has no server, so a connection attempt would fail with
 * ECONNREFUSED instead of the refusal asserted here.
 */
const SECRET = 'S3cr3t-pw'
const base = `postgres://teller:${SECRET}@127.0.0.1:1/teller`

describe('branch-mode database URL (S1): built from parts, query strings and odd URLs refused before connecting', () => {
  it.each([
    `${base}?sslmode=disable`,
    `${base}?ssl=0`,
    `${base}?host=evil.example`,
    `${base}?options=-c%20search_path%3Devil`,
    `${base}?port=6543`,
    `${base}?sslrootcert=/tmp/evil.pem`,
    `${base}?`,
  ])('refuses a query string: %s', async (url) => {
    const e = await openBranchStore({ url }).then(() => null, (x: unknown) => x as Error)
    expect(e?.message).toMatch(/TELLER_DB_URL must not carry a query string/)
    expect(e?.message).not.toContain(SECRET)
  })

  it.each([
    [`postgres://teller:${SECRET}@evil\\@127.0.0.1:1/teller`, /backslash/],
    [`postgres://teller:${SECRET}@127.0.0.1:1/teller#frag`, /fragment/],
    [`postgres://teller:${SECRET}@127.0.0.1:1/teller/extra`, /one database name/],
    [`postgres://teller:${SECRET}@127.0.0.1:1/`, /database name/],
    [`postgres://teller:${SECRET}@ev%69l:1/teller`, /host name/],
    [`mysql://teller:${SECRET}@127.0.0.1:1/teller`, /postgres:\/\//],
    [`postgres://teller:${SECRET}@127.0.0.1:1/te ller`, /space|control/],
  ])('refuses %s', async (url, why) => {
    const e = await openBranchStore({ url }).then(() => null, (x: unknown) => x as Error)
    expect(e?.message).toMatch(why)
    expect(e?.message).toMatch(/TELLER_DB_URL/)
    expect(e?.message).not.toContain(SECRET)
  })

  it('a well-formed URL gets past the checks and fails only on the connection (no server on port 1)', async () => {
    const e = await openBranchStore({ url: `postgresql://teller:${SECRET}@127.0.0.1:1/teller` }).then(() => null, (x: unknown) => x as Error)
    expect(e?.message).not.toMatch(/TELLER_DB_URL/)
    expect(JSON.stringify(e, Object.getOwnPropertyNames(e ?? {}))).toMatch(/ECONNREFUSED/)
  })

  it('hands the driver the parts, decoded (host, port, user, password, database), never the URL', () => {
    expect(branchConnection('postgres://teller:p%3Fw%23d%40x@db.branch.kz:6432/teller')).toEqual({
      host: 'db.branch.kz', port: 6432, username: 'teller', password: 'p?w#d@x', database: 'teller',
    })
    expect(branchConnection('postgresql://u:p@[::1]/db')).toEqual({ host: '::1', port: 5432, username: 'u', password: 'p', database: 'db' })
  })
})

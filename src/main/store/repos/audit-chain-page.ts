import type { EntityManager } from 'typeorm'
import { isPostgres, sql } from '../dialect'
import type { AuditEventRow, AuditOutcome } from '../../engine/audit/audit.repo'

/** A page of the chain as one JSON text: the sqlite3 driver builds a JS object per value, which cost the walk more than the HMACs. */
const COLUMNS = ['seq', 'at', 'actor_staff_id', 'workstation', 'customer_ref', 'customer_sealed', 'action', 'outcome', 'details', 'prev_hash', 'hash', 'key_version', 'reseal_mac', 'chain_seq']
/**
 * `blobs` counts the cells that are neither text, a number nor null: SQLite's JSON functions would
 * decode a JSONB blob into the text it holds, so an event stored as blobs (which every other query
 * reads as bytes) would verify as the text it no longer is. Such a page is read the plain way.
 */
const CHAIN_PAGE_JSON = `SELECT json_group_array(json_array(${COLUMNS.join(', ')})) AS page, total(${COLUMNS.map((c) => `(typeof(${c}) = 'blob')`).join(' + ')}) AS blobs
  FROM (SELECT * FROM audit_event WHERE seq > ? ORDER BY seq LIMIT ?)`
type PageCells = [number, string, string | null, string, string | null, string | null, string, AuditOutcome, string, string, string, number | null, string | null, number | null]

/**
 * The next `limit` events after `afterSeq`, by seq. A page holding a value that is not text, a
 * number or null (a blob written into the file behind the app's back) is read the ordinary way by
 * `plain`, so the walk sees the bytes and names the bad event.
 */
async function sqliteChainPage(m: EntityManager, afterSeq: number | null, limit: number, plain: () => Promise<AuditEventRow[]>): Promise<AuditEventRow[]> {
  let r: { page: string; blobs: number } | undefined
  try {
    ;[r] = (await m.query(CHAIN_PAGE_JSON, [afterSeq ?? -1, limit])) as { page: string; blobs: number }[]
  } catch {
    return plain()
  }
  if (r!.blobs > 0) return plain()
  const rows = (JSON.parse(r!.page) as PageCells[]).map(
    ([seq, at, actorStaffId, workstation, customerRef, customerSealed, action, outcome, details, prevHash, hash, keyVersion, resealMac, chainSeq]): AuditEventRow => ({
      seq, at, actorStaffId, workstation, customerRef, customerSealed, action, outcome, details, prevHash, hash, keyVersion, resealMac, chainSeq,
    }),
  )
  // SQLite aggregates the rows in the order the subquery gives them; should it not, they are put in order here (sorting inside the aggregate costs more).
  for (let i = 1; i < rows.length; i++) if (!(rows[i]!.seq > rows[i - 1]!.seq)) return rows.sort((x, y) => x.seq - y.seq)
  return rows
}

const CHAIN_PAGE = `SELECT seq, at, actor_staff_id AS "actorStaffId", workstation, customer_ref AS "customerRef", customer_sealed AS "customerSealed", action, outcome,
  details, prev_hash AS "prevHash", hash, key_version AS "keyVersion", reseal_mac AS "resealMac", chain_seq AS "chainSeq" FROM audit_event`

/** The next `limit` events of the chain after `afterSeq`, by seq: on SQLite as one JSON text, on PostgreSQL row by row. */
export function chainPage(m: EntityManager, afterSeq: number | null, limit: number): Promise<AuditEventRow[]> {
  return isPostgres(m) ? plainChainPage(m, afterSeq, limit) : sqliteChainPage(m, afterSeq, limit, () => plainChainPage(m, afterSeq, limit))
}

async function plainChainPage(m: EntityManager, afterSeq: number | null, limit: number): Promise<AuditEventRow[]> {
  const rows = (await sql(m, `${CHAIN_PAGE} WHERE seq > ? ORDER BY seq LIMIT ?`, [afterSeq ?? -1, limit])) as AuditEventRow[]
  for (const r of rows) {
    r.seq = Number(r.seq)
    if (r.keyVersion !== null) r.keyVersion = Number(r.keyVersion)
    if (r.chainSeq !== null && r.chainSeq !== undefined) r.chainSeq = Number(r.chainSeq)
  }
  return rows
}

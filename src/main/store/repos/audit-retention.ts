import type { EntityManager } from 'typeorm'
import type { AuditReanchor, ChainAnchorPlace } from '../../engine/audit/audit.repo'
import { isPostgres, sql } from '../dialect'

/** S21 retention's writes (SqlAuditRepo delegates here). */

/** Deletes the events recorded before the instant up to `uptoSeq`, one by one oldest first (the database refuses any other order). */
export async function purgeBefore(m: EntityManager, instant: string, uptoSeq: number): Promise<void> {
  let after = -1
  for (;;) {
    const seqs = (await sql(m, `SELECT seq FROM audit_event WHERE at < ? AND seq <= ? AND seq > ? ORDER BY seq LIMIT 5000`, [instant, uptoSeq, after])) as { seq: number }[]
    if (seqs.length === 0) return
    for (const r of seqs) await sql(m, `DELETE FROM audit_event WHERE seq = ?`, [r.seq])
    after = Number(seqs[seqs.length - 1]!.seq)
  }
}

/** The single chain now starts after the last purged event. */
export async function moveAnchor(m: EntityManager, a: AuditReanchor): Promise<void> {
  await sql(
    m,
    `INSERT INTO audit_anchor (id, last_seq, last_hash, purged_at, archive, archive_sha256) VALUES (1, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash, purged_at = excluded.purged_at,
       archive = excluded.archive, archive_sha256 = excluded.archive_sha256`,
    [a.lastSeq, a.lastHash, a.purgedAt, a.archive, a.archiveSha256],
  )
}

/** Each workstation chain's anchor (migration 0019). */
export async function chainAnchors(m: EntityManager): Promise<ChainAnchorPlace[]> {
  const rows = (await m.query(`SELECT workstation, last_chain_seq, last_seq, last_hash FROM audit_chain_anchor ORDER BY workstation`)) as { workstation: string; last_chain_seq: number; last_seq: number; last_hash: string }[]
  return rows.map((r) => ({ chain: r.workstation, chainSeq: Number(r.last_chain_seq), seq: Number(r.last_seq), hash: r.last_hash }))
}

/**
 * Branch mode: through the owner's `audit_retention_purge` (migration 0019), which checks the rule
 * on the server's clock and moves every anchor; the app role itself may not DELETE. A local store:
 * as before, under its own trigger (one chain, no workstation anchors).
 */
export async function purgeArchived(m: EntityManager, instant: string, a: AuditReanchor, count: number): Promise<number> {
  if (isPostgres(m)) {
    const rows = (await m.query(`SELECT audit_retention_purge($1, $2, $3, $4, $5) AS n`, [a.lastSeq, a.lastHash, count, a.archive, a.archiveSha256])) as { n: number }[]
    return Number(rows[0]!.n)
  }
  await purgeBefore(m, instant, a.lastSeq)
  await moveAnchor(m, a)
  return count
}

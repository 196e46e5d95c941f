import { type EntityManager, type Repository } from 'typeorm'
import { GENESIS_HASH } from '../../engine/audit/audit-chain-rules'
import type { AuditEventRow, AuditQuery, AuditReanchor, AuditRepo, ChainAnchor, ChainAnchorPlace, ChainHead, ChainLink } from '../../engine/audit/audit.repo'
import { isPostgres, lockFor, sql } from '../dialect'
import { AuditEventEntity } from '../entities/audit-event.entity'
import type { RepoShared } from '.'
import { appendFast } from './audit-fast-append'
import { INSERT_EVENT, insertPrepared } from './audit-insert'
import { chainPage } from './audit-chain-page'
import { chainAnchors, moveAnchor, purgeArchived, purgeBefore } from './audit-retention'
import { auditFilter, perDayExpression } from './audit-review.query'

const INSERT_CHAIN_EVENT =
  'INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed, chain_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)'
const SEALED_FORMAT = 'hmac-sha256-sealed'
const CHAINS_FORMAT = 'per-workstation'
/** The next seq and the head of one workstation's chain (PostgreSQL, under that chain's lock); after retention removed all of it, its anchor (migration 0019). */
const NEXT_IN_CHAIN = `SELECT nextval('audit_event_seq')::int AS next, COALESCE(t.chain_seq, a.last_chain_seq) AS chain_seq, COALESCE(t.hash, a.last_hash) AS hash FROM (SELECT 1) one LEFT JOIN LATERAL
  (SELECT chain_seq, hash FROM audit_event WHERE workstation = $1 AND chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) t ON true
  LEFT JOIN audit_chain_anchor a ON a.workstation = $1`
/** Every workstation chain's head, one index probe per chain (a loose index scan: no pass over the events). */
const CHAIN_HEADS = `WITH RECURSIVE w(ws) AS (
    SELECT MIN(workstation) FROM audit_event WHERE chain_seq IS NOT NULL
    UNION ALL
    SELECT (SELECT MIN(workstation) FROM audit_event WHERE chain_seq IS NOT NULL AND workstation > w.ws) FROM w WHERE w.ws IS NOT NULL)
  SELECT w.ws AS chain, t.chain_seq, t.hash FROM w CROSS JOIN LATERAL
    (SELECT chain_seq, hash FROM audit_event WHERE workstation = w.ws AND chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) t
  WHERE w.ws IS NOT NULL`

const insertParams = (row: AuditEventRow): unknown[] => [
  row.seq,
  row.at,
  row.actorStaffId,
  row.workstation,
  row.customerRef,
  row.action,
  row.outcome,
  row.details,
  row.prevHash,
  row.hash,
  row.keyVersion,
  row.customerSealed,
]

/** Branch mode (issue 14): the database server's clock, read under the chain lock; the local store keeps the engine's clock. */
async function serverTime(m: EntityManager): Promise<string | undefined> {
  if (!isPostgres(m)) return undefined
  const rows = (await m.query('SELECT clock_timestamp() AS now')) as { now: Date }[]
  return new Date(rows[0]!.now).toISOString()
}

export class SqlAuditRepo implements AuditRepo {
  constructor(
    private readonly m: EntityManager,
    private readonly shared: RepoShared,
    private readonly inTransaction: boolean,
  ) {}

  private get repo(): Repository<AuditEventRow> {
    return this.m.getRepository(AuditEventEntity)
  }

  append(build: (prev: ChainLink, serverAt?: string) => AuditEventRow, workstation: string): Promise<AuditEventRow> {
    // Branch mode: each workstation appends to its own chain, reading its head under its own lock.
    if (isPostgres(this.m)) {
      if (this.inTransaction) return this.appendToChain(this.m, build, workstation)
      return appendFast(this.shared.ds, this.shared.chainHeads, build, workstation, () => this.m.transaction((m) => this.appendToChain(m, build, workstation)), this.shared.clocks)
    }
    if (this.inTransaction) return this.appendLocked(this.m, build)
    return this.appendCached(build)
  }

  /** Migration 0018: the next seq from the sequence, the next place in the workstation's chain; the time from the server's clock (issue 14). */
  private async appendToChain(m: EntityManager, build: (prev: ChainLink, serverAt?: string) => AuditEventRow, chain: string): Promise<AuditEventRow> {
    await lockFor(m, `audit-chain:${chain}`)
    // The fast path's cached head is stale once this commits (and wrong if it rolls back).
    this.shared.chainHeads.delete(chain)
    const [r] = (await m.query(NEXT_IN_CHAIN, [chain])) as { next: number; chain_seq: number | null; hash: string | null }[]
    const row = build({ seq: r!.next - 1, hash: r!.hash ?? GENESIS_HASH, chainSeq: r!.chain_seq === null ? 0 : Number(r!.chain_seq) }, await serverTime(m))
    await m.query(INSERT_CHAIN_EVENT, [...insertParams(row), row.chainSeq])
    return row
  }

  private async appendLocked(m: EntityManager, build: (prev: ChainLink, serverAt?: string) => AuditEventRow): Promise<AuditEventRow> {
    await lockFor(m, 'audit-chain')
    const row = build(await this.loadTail(m), await serverTime(m))
    await sql(m, INSERT_EVENT, insertParams(row))
    // The cached tail is stale once this commits (and wrong if it rolls back): re-read it next time.
    this.shared.auditTail = null
    return row
  }

  /** Local store: this process is the only writer, so the tail is cached (re-read on any failure). */
  private async appendCached(build: (prev: ChainLink) => AuditEventRow): Promise<AuditEventRow> {
    for (let attempt = 0; ; attempt++) {
      const prev = this.shared.auditTail ?? (this.shared.auditTail = await this.loadTail(this.m))
      const row = build(prev)
      try {
        await insertPrepared(this.shared.ds, insertParams(row))
        this.shared.auditTail = { seq: row.seq, hash: row.hash }
        return row
      } catch (e) {
        this.shared.auditTail = null
        if (attempt >= 1) throw e
      }
    }
  }

  private async loadTail(m: EntityManager): Promise<ChainLink> {
    const last = (await m.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`)) as { seq: number; hash: string }[]
    if (last[0]) return { seq: Number(last[0].seq), hash: last[0].hash }
    // After a retention purge of every row, the chain continues from the anchor.
    const a = await this.anchorOn(m)
    return { seq: a.lastSeq, hash: a.lastHash }
  }

  anchor(): Promise<ChainAnchor> {
    return this.anchorOn(this.m)
  }

  private async anchorOn(m: EntityManager): Promise<ChainAnchor> {
    const rows = (await m.query(`SELECT last_seq, last_hash, archive_sha256 FROM audit_anchor WHERE id = 1`)) as { last_seq: number; last_hash: string; archive_sha256: string | null }[]
    return rows[0] ? { lastSeq: Number(rows[0].last_seq), lastHash: rows[0].last_hash, archiveSha256: rows[0].archive_sha256 } : { lastSeq: 0, lastHash: GENESIS_HASH }
  }

  async tail(): Promise<ChainLink | null> {
    // Branch mode: the single chain ended where the workstation chains started.
    const from = isPostgres(this.m) ? await this.chainsFrom() : null
    const rows = (
      from === null ? await this.m.query(`SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1`) : await sql(this.m, `SELECT seq, hash FROM audit_event WHERE seq < ? ORDER BY seq DESC LIMIT 1`, [from])
    ) as { seq: number | string; hash: string }[]
    return rows[0] ? { seq: Number(rows[0].seq), hash: rows[0].hash } : null
  }

  async chainHeads(): Promise<ChainHead[]> {
    if (!isPostgres(this.m)) return []
    const rows = (await this.m.query(CHAIN_HEADS)) as { chain: string; chain_seq: number; hash: string }[]
    return rows.map((r): ChainHead => [r.chain, Number(r.chain_seq), r.hash])
  }

  async chainsFrom(): Promise<number | null> {
    const rows = (await sql(this.m, `SELECT MIN(from_seq) AS f FROM audit_chain_format WHERE format = ?`, [CHAINS_FORMAT])) as { f: number | string | null }[]
    return rows[0]?.f === null || rows[0]?.f === undefined ? null : Number(rows[0].f)
  }

  async keyedFrom(): Promise<number> {
    const rows = (await this.m.query(`SELECT MIN(from_seq) AS f FROM audit_chain_format`)) as { f: number | string | null }[]
    // No row (only if someone deleted it): every event must then be keyed.
    return rows[0]?.f === null || rows[0]?.f === undefined ? 1 : Number(rows[0].f)
  }

  async sealedFrom(): Promise<number> {
    const rows = (await sql(this.m, `SELECT MIN(from_seq) AS f FROM audit_chain_format WHERE format = ?`, [SEALED_FORMAT])) as { f: number | string | null }[]
    // No row (only if someone deleted it): every event must then be in the sealed format.
    return rows[0]?.f === null || rows[0]?.f === undefined ? 1 : Number(rows[0].f)
  }

  unsealedPage(sealedFrom: number, limit: number): Promise<AuditEventRow[]> {
    return this.repo.createQueryBuilder('e').where('e.seq < :to', { to: sealedFrom }).andWhere('e.reseal_mac IS NULL').orderBy('e.seq', 'ASC').limit(limit).getMany()
  }

  async reseal(row: AuditEventRow): Promise<boolean> {
    const r = await this.repo
      .createQueryBuilder()
      .update()
      .set({ customerRef: row.customerRef, customerSealed: row.customerSealed, details: row.details, resealMac: row.resealMac })
      .where('seq = :seq AND reseal_mac IS NULL', { seq: row.seq })
      .execute()
    return (r.affected ?? 0) > 0
  }

  async compact(): Promise<void> {
    if (isPostgres(this.m)) {
      await this.m.query('VACUUM FULL audit_event')
      return
    }
    await this.m.query('VACUUM')
    await this.m.query('PRAGMA wal_checkpoint(TRUNCATE)')
  }

  /** The verification walk reads every event: plain SQL, each row as declared (no entity hydration: a third of the walk's time). */
  chainPage(afterSeq: number | null, limit: number): Promise<AuditEventRow[]> {
    return chainPage(this.m, afterSeq, limit)
  }

  async rangeBefore(instant: string): Promise<{ firstSeq: number; lastSeq: number } | null> {
    const r = (await this.repo
      .createQueryBuilder('e')
      .select('MIN(e.seq)', 'first')
      .addSelect('MAX(e.seq)', 'last')
      .where('e.at < :cutoff', { cutoff: instant })
      .getRawOne()) as { first: number | string | null; last: number | string | null } | undefined
    return r && r.first !== null && r.last !== null ? { firstSeq: Number(r.first), lastSeq: Number(r.last) } : null
  }

  pageBefore(instant: string, uptoSeq: number, afterSeq: number | null, limit: number): Promise<AuditEventRow[]> {
    const qb = this.repo.createQueryBuilder('e').where('e.at < :cutoff', { cutoff: instant }).andWhere('e.seq <= :upto', { upto: uptoSeq })
    if (afterSeq !== null) qb.andWhere('e.seq > :after', { after: afterSeq })
    return qb.orderBy('e.seq', 'ASC').limit(limit).getMany()
  }

  purgeBefore(instant: string, uptoSeq: number): Promise<void> {
    return purgeBefore(this.m, instant, uptoSeq)
  }

  moveAnchor(a: AuditReanchor): Promise<void> {
    return moveAnchor(this.m, a)
  }

  search(query: AuditQuery, beforeSeq: number | null, limit: number): Promise<AuditEventRow[]> {
    const qb = auditFilter(this.repo, query)
    if (beforeSeq !== null) qb.andWhere('e.seq < :cursor', { cursor: beforeSeq })
    return qb.orderBy('e.seq', 'DESC').limit(limit).getMany()
  }

  async countPerDay(query: AuditQuery): Promise<{ day: string; count: number }[]> {
    const rows = (await auditFilter(this.repo, query)
      .select(perDayExpression(isPostgres(this.m)), 'day')
      .addSelect('COUNT(*)', 'count')
      .groupBy('day')
      .orderBy('day', 'ASC')
      .getRawMany()) as { day: string; count: number | string }[]
    return rows.map((r) => ({ day: r.day, count: Number(r.count) }))
  }

  listOldestFirst(query: AuditQuery, limit: number): Promise<AuditEventRow[]> {
    return auditFilter(this.repo, query).orderBy('e.seq', 'ASC').limit(limit).getMany()
  }

  chainAnchors(): Promise<ChainAnchorPlace[]> {
    return chainAnchors(this.m)
  }

  async serverNow(): Promise<Date | null> {
    const at = await serverTime(this.m)
    return at === undefined ? null : new Date(at)
  }

  purgeArchived(instant: string, a: AuditReanchor, count: number): Promise<number> {
    return purgeArchived(this.m, instant, a, count)
  }
}

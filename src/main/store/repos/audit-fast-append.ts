import type { DataSource } from 'typeorm'
import { GENESIS_HASH } from '../../engine/audit/audit-chain-rules'
import type { AuditEventRow, ChainLink } from '../../engine/audit/audit.repo'

/** A workstation chain's head as this process last wrote or read it (branch mode). */
export interface CachedChainHead {
  chainSeq: number
  hash: string
  /** When this process's last append to the chain began (its monotonic clock, ms). */
  began: number
  /** The next seq and the server's clock, returned by the INSERT that stored this head (back to back only), and when that INSERT was sent (by both clocks). */
  reserved: { next: number; now: Date | string; sent: number; sentWall: number } | null
}

/**
 * The process's clocks (ms): a monotonic one, which stops while the machine sleeps, and the wall
 * clock, which goes on (and may be set back). A reservation is fresh only if both say so.
 */
export interface AppendClocks {
  monotonicMs: () => number
  wallMs: () => number
}

/**
 * Back to back: an append that begins at most this long after the chain's previous one began has
 * its INSERT return the next seq and the server's clock, and the next append uses them if it
 * begins at most this long after that INSERT was sent (one round trip instead of two). An event's
 * time is then the server's clock read when the event before it was stored: never after the event,
 * at most this long before it began.
 */
export const BACK_TO_BACK_MS = 50

/** The next seq and the server's clock; with the chain's head on a cache miss (like NEXT_IN_CHAIN, without the lock; the chain's anchor once retention removed all of it). */
const NEXT = `SELECT nextval('audit_event_seq')::int AS next, clock_timestamp() AS now`
const NEXT_AND_HEAD = `SELECT nextval('audit_event_seq')::int AS next, clock_timestamp() AS now, COALESCE(t.chain_seq, a.last_chain_seq) AS chain_seq, COALESCE(t.hash, a.last_hash) AS hash
  FROM (SELECT 1) one LEFT JOIN LATERAL
  (SELECT chain_seq, hash FROM audit_event WHERE workstation = $1 AND chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1) t ON true
  LEFT JOIN audit_chain_anchor a ON a.workstation = $1`
/** How old a reserved time may be when the INSERT using it runs, by the server's clock (in `INSERT_LOCKED`). */
export const SERVER_RESERVATION_LIMIT = '1 second'
/**
 * One autocommit INSERT that first takes the chain's advisory lock (the key `lockFor` uses for the
 * transactional path), held until it commits: a caller's transaction appending to the same chain
 * reads the head under that lock, so it never reads a head an in-flight fast insert supersedes.
 * It inserts nothing unless the place before is stored with the link the event chains onto (or it
 * is the chain's first place, or the place retention anchored the chain at, migration 0019): a head
 * that went back under this process (a restored table) is never built on. `$15`, a reserved time
 * the event uses (null otherwise), must be no older than `SERVER_RESERVATION_LIMIT` by the server's
 * own clock: a workstation whose clocks both stood still (a paused virtual machine) cannot use a
 * time reserved before the pause; the INSERT then stores nothing and the append takes a fresh one.
 */
const INSERT_LOCKED = `INSERT INTO audit_event (seq, at, actor_staff_id, workstation, customer_ref, action, outcome, details, prev_hash, hash, key_version, customer_sealed, chain_seq)
  SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 FROM (SELECT pg_advisory_xact_lock(hashtext($14))) l
  WHERE (($13::int = 1 AND NOT EXISTS (SELECT 1 FROM audit_chain_anchor a WHERE a.workstation = $4::varchar)) OR EXISTS (SELECT 1 FROM audit_event p WHERE p.workstation = $4::varchar AND p.chain_seq = $13::int - 1 AND p.hash = $9::varchar)
    OR EXISTS (SELECT 1 FROM audit_chain_anchor a WHERE a.workstation = $4::varchar AND a.last_chain_seq = $13::int - 1 AND a.last_hash = $9::varchar))
    AND ($15::text IS NULL OR $15::text::timestamptz >= clock_timestamp() - interval '${SERVER_RESERVATION_LIMIT}')`
/** The same INSERT, back to back: it also takes the next event's seq and reads the server's clock, once stored (none when it inserts nothing or fails). */
const INSERT_LOCKED_RESERVING = `${INSERT_LOCKED} RETURNING nextval('audit_event_seq')::int AS next, clock_timestamp() AS now`
/** The unique place in a workstation's chain (migration 0018): a second event at the same place is refused, never forked. */
const CHAIN_PLACE_INDEX = 'idx_audit_event_chain'
/** Fast attempts (a stale head costs one re-read each) before the transactional path takes over. */
const FAST_ATTEMPTS = 3

interface Pool {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[]; rowCount: number | null }>
}

const poolOf = (ds: DataSource): Pool => (ds.driver as unknown as { master: Pool }).master

/** An elapsed time (ms) that keeps a reservation fresh: not negative, at most `BACK_TO_BACK_MS`. */
const within = (ms: number): boolean => ms >= 0 && ms <= BACK_TO_BACK_MS

const isStalePlace = (e: unknown): boolean => (e as { code?: string }).code === '23505' && (e as { constraint?: string }).constraint === CHAIN_PLACE_INDEX

/**
 * Branch mode, a standalone append (not in a caller's transaction): two round trips on the pg
 * pool, as named (prepared) statements, and no explicit transaction (issue 14, scale).
 * In this process, appends are serialised by the unit of work's queue; across processes, by the
 * unique place and the lock in the INSERT.
 *
 * Back to back (`BACK_TO_BACK_MS`), the INSERT also returns the next seq and the server's clock,
 * and the next append of the chain uses them: one round trip.
 *
 * Seq order along a chain: an event at place c is only stored if the event at c-1 is committed
 * (the unique index refuses a second c; the INSERT checks that c-1 is there). Whoever builds on
 * c-1 saw it committed before taking its seq: from this process's cache (its own committed insert,
 * before this nextval), from the head read in the same statement as nextval (the statement's
 * snapshot is taken before nextval runs), or under the lock (the transactional path). c-1's seq was
 * taken before it committed, so before ours: seq increases along every chain. A reserved seq is
 * taken by the INSERT of c-1 itself, after c-1's seq, and used only on the head that INSERT stored
 * (any other writer taking place c first makes ours fail and drops the reservation): the same holds.
 * Times along a chain never go back for the same reasons (a reserved time is read after c-1's).
 */
export async function appendFast(
  ds: DataSource,
  heads: Map<string, CachedChainHead>,
  build: (prev: ChainLink, serverAt?: string) => AuditEventRow,
  chain: string,
  transactional: () => Promise<AuditEventRow>,
  clocks: AppendClocks,
): Promise<AuditEventRow> {
  const pool = poolOf(ds)
  const began = clocks.monotonicMs()
  const beganWall = clocks.wallMs()
  const fresh = (r: NonNullable<CachedChainHead['reserved']>): boolean => within(began - r.sent) && within(beganWall - r.sentWall)
  for (let attempt = 0; attempt < FAST_ATTEMPTS; attempt++) {
    try {
      const known = heads.get(chain)
      // A reservation is used once, and only while fresh by both clocks (a machine that slept in
      // between, or a wall clock set back, drops it); one left unused is a seq no event gets.
      const reserved = known?.reserved && fresh(known.reserved) ? known.reserved : null
      if (known) known.reserved = null
      const r = (
        reserved
          ? [reserved]
          : known
            ? (await pool.query({ name: 'teller_audit_next', text: NEXT, values: [] })).rows
            : (await pool.query({ name: 'teller_audit_next_head', text: NEXT_AND_HEAD, values: [chain] })).rows
      )[0] as { next: number; now: Date | string; chain_seq?: number | string | null; hash?: string | null }
      const head = known ?? { chainSeq: r.chain_seq === null || r.chain_seq === undefined ? 0 : Number(r.chain_seq), hash: r.hash ?? GENESIS_HASH }
      const row = build({ seq: r.next - 1, hash: head.hash, chainSeq: head.chainSeq }, new Date(r.now).toISOString())
      const values = [row.seq, row.at, row.actorStaffId, row.workstation, row.customerRef, row.action, row.outcome, row.details, row.prevHash, row.hash, row.keyVersion, row.customerSealed, row.chainSeq, `audit-chain:${chain}`, reserved ? row.at : null]
      const backToBack = known !== undefined && within(began - known.began)
      const sent = clocks.monotonicMs()
      const sentWall = clocks.wallMs()
      const inserted = backToBack
        ? await pool.query({ name: 'teller_audit_insert_reserving', text: INSERT_LOCKED_RESERVING, values })
        : await pool.query({ name: 'teller_audit_insert_locked', text: INSERT_LOCKED, values })
      if (inserted.rowCount === 1) {
        const next = inserted.rows[0] as { next: number; now: Date | string } | undefined
        heads.set(chain, { chainSeq: row.chainSeq!, hash: row.hash, began, reserved: backToBack && next ? { next: next.next, now: next.now, sent, sentWall } : null })
        return row
      }
      // The place before is not what this process believed (the chain went back): re-read the head.
      heads.delete(chain)
    } catch (e) {
      // Another writer took the place (another process of this workstation, or this process's own
      // transaction): re-read the head. Anything else: forget the head and let the caller see it.
      heads.delete(chain)
      if (!isStalePlace(e)) throw e
    }
  }
  return transactional()
}

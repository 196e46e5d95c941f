/** The store port for the audit trail (implemented in src/main/store/repos/audit.repo.ts). */

export type AuditOutcome = 'success' | 'failure' | 'denied'

export interface AuditEventRow {
  seq: number
  at: string
  actorStaffId: string | null
  workstation: string
  /** The customer as a keyed pseudonym `b<version>:<hex>` (a phone in clear only in events not sealed yet). */
  customerRef: string | null
  /** The customer's phone sealed by the key ring (AAD `audit_event:customer_sealed:<seq>`), for display. */
  customerSealed: string | null
  action: string
  outcome: AuditOutcome
  /** Canonical JSON of non-secret details (codes, ids); free text and personal data sealed; never keys, passwords or PANs. */
  details: string
  prevHash: string
  hash: string
  /** The audit-chain key version the link was made with; null for the plain SHA-256 links before migration 0010. */
  keyVersion: number | null
  /**
   * For an event recorded before migration 0014 and sealed in place since: `<chain key version>:<hex>`,
   * the HMAC over the sealed row and its unchanged link. Null for every other event.
   */
  resealMac: string | null
  /**
   * Branch mode (migration 0018): the event's place in the chain of its workstation (1, 2, ...),
   * linked onto the previous event of that chain. Null (or absent) in the single chain of a local
   * store and for the events before migration 0018.
   */
  chainSeq?: number | null
}

/** A link of the chain: the seq and hash the next event chains onto. */
export interface ChainLink {
  seq: number
  hash: string
  /**
   * In a workstation's chain (branch mode): the chain's last place; `seq` is then one less than the
   * seq the next event takes (from the store's sequence, not contiguous within one chain).
   * Null or absent for the single chain.
   */
  chainSeq?: number | null
}

/** A workstation chain's head: its name, last place and link. */
export type ChainHead = [chain: string, chainSeq: number, hash: string]

/** Where the chain starts: the genesis, or the last row purged by retention. */
export interface ChainAnchor {
  lastSeq: number
  lastHash: string
  /** The SHA-256 of the archive the last retention wrote (null before any retention removed events). */
  archiveSha256?: string | null
}

/** A review filter as the store reads it: every field already normalised, instants in ISO UTC. */
export interface AuditQuery {
  /** The customer's pseudonyms (one per blind-index key version in use): any of them matches. */
  customerRefs?: string[]
  staffId?: string
  /** An exact action name, or every action starting with a prefix. */
  action?: { exact: string } | { prefix: string }
  outcome?: AuditOutcome
  atFrom?: string
  atBefore?: string
}

/** Where a workstation chain starts after retention removed its oldest events (migration 0019): its last removed place, seq and link. */
export interface ChainAnchorPlace {
  chain: string
  chainSeq: number
  seq: number
  hash: string
}

export interface AuditReanchor {
  lastSeq: number
  lastHash: string
  purgedAt: string
  archive: string
  archiveSha256: string
}

export interface AuditRepo {
  /**
   * Appends the event `build` makes from the chain's current tail, committed before it resolves.
   * The tail is read so that no other writer appends between the read and the insert; `build` may
   * be called again if the first append fails. Branch mode: the event goes to the chain of
   * `workstation`, under that chain's own lock (workstations do not wait for each other), and
   * `serverAt` is the database server's clock at the append (back to back, read by the INSERT of
   * the event before, at most 50 ms before this append began): the event's time (issue 14).
   */
  append(build: (prev: ChainLink, serverAt?: string) => AuditEventRow, workstation: string): Promise<AuditEventRow>
  anchor(): Promise<ChainAnchor>
  /** The newest committed event of the single chain (seq and link), or null when it has none. */
  tail(): Promise<ChainLink | null>
  /** Every workstation chain's head (branch mode, migration 0018), by name; none in a local store. */
  chainHeads(): Promise<ChainHead[]>
  /** The seq from which events go to their workstation's chain (branch mode, migration 0018); null in a local store. */
  chainsFrom(): Promise<number | null>
  /** The seq of the first event linked with HMAC (recorded by migration 0010); earlier events have plain SHA-256 links. */
  keyedFrom(): Promise<number>
  /** The seq of the first event recorded sealed (migration 0014); earlier events are sealed in place by the engine. */
  sealedFrom(): Promise<number>
  /** Up to `limit` events before `sealedFrom` still holding clear values (no reseal MAC), in seq order. */
  unsealedPage(sealedFrom: number, limit: number): Promise<AuditEventRow[]>
  /** Seals one such event in place (only the customer, details and reseal MAC change); false when it was sealed meanwhile. */
  reseal(row: AuditEventRow): Promise<boolean>
  /** Rewrites the store so that freed pages holding old clear values are gone (SQLite VACUUM, PostgreSQL VACUUM FULL). */
  compact(): Promise<void>
  /**
   * Up to `limit` events in seq order after `afterSeq` (from the very first row when null). Each row
   * has exactly the fields of AuditEventRow, typed as declared: verification hashes them.
   */
  chainPage(afterSeq: number | null, limit: number): Promise<AuditEventRow[]>
  /** The seq range of the events recorded before the instant, or null when there are none. */
  rangeBefore(instant: string): Promise<{ firstSeq: number; lastSeq: number } | null>
  /** Like chainPage, for the events recorded before the instant up to `uptoSeq` only. */
  pageBefore(instant: string, uptoSeq: number, afterSeq: number | null, limit: number): Promise<AuditEventRow[]>
  /** Deletes the events recorded before the instant up to `uptoSeq`, one by one oldest first (the database refuses any other order). */
  purgeBefore(instant: string, uptoSeq: number): Promise<void>
  /** The chain now starts after the last purged event. */
  moveAnchor(anchor: AuditReanchor): Promise<void>
  /** Newest first, below the `beforeSeq` cursor when given. */
  search(query: AuditQuery, beforeSeq: number | null, limit: number): Promise<AuditEventRow[]>
  /** Matching events per Almaty calendar day (YYYY-MM-DD), days ascending. */
  countPerDay(query: AuditQuery): Promise<{ day: string; count: number }[]>
  /** Oldest first, at most `limit`. */
  listOldestFirst(query: AuditQuery, limit: number): Promise<AuditEventRow[]>
  /** Each workstation chain's anchor (branch mode, migration 0019): where retention left it; none in a local store. */
  chainAnchors(): Promise<ChainAnchorPlace[]>
  /** Branch mode: the database server's clock, which event times and the retention rule follow; null for a local store. */
  serverNow(): Promise<Date | null>
  /**
   * Removes the `count` archived events, those up to `anchor.lastSeq` recorded before `instant`,
   * and moves the anchors (the single chain's to `anchor`, each workstation chain's to its last
   * removed event), in the caller's transaction. Branch mode: the owner's `audit_retention_purge`
   * does it and checks it on the server's clock, since the app role may not DELETE (migration 0019).
   */
  purgeArchived(instant: string, anchor: AuditReanchor, count: number): Promise<number>
}

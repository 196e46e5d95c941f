import type { AuditEventRow } from './audit.repo'

/** Rows per read when walking the chain: memory stays flat however long the log is. */
export const BATCH = 2_000

/** Every row `page` returns, page after page by seq, until a short page. */
export async function* keyset(page: (afterSeq: number | null) => Promise<AuditEventRow[]>): AsyncGenerator<AuditEventRow> {
  let next = page(null)
  for (;;) {
    const rows = await next
    // The next page is read while this one is checked (the store reads on its own thread).
    if (rows.length === BATCH) {
      next = page(rows[rows.length - 1]!.seq)
      // A walk that stops early (a bad event) never awaits it: its failure must not go unhandled.
      next.catch(() => undefined)
    }
    for (const row of rows) yield row
    if (rows.length < BATCH) return
  }
}

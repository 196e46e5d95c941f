import { linkText, rememberLink } from './audit-chain-rules'
import { LinkPool } from './audit-link-pool'
import type { AuditEventRow } from './audit.repo'

/** Rows walked on the walk's own thread before a second one is started: a short trail never starts one. */
const ALONE = 20_000
/** Rows sent to the second thread at a time. */
const CHUNK = 2_000

type KeyAt = (version: number) => Promise<Buffer | null>

/**
 * The rows of `rows`, in order, their links computed ahead on a second thread (`LinkPool`) while
 * the walk checks the previous ones; remembered with `rememberLink`, so `linksTo` and
 * `chainLinksTo` compare instead of computing. A row the thread did not do (re-sealed, no key, the
 * thread failed) is linked by the walk as before. Closing the walk early stops the thread.
 */
export async function* prelinked(rows: AsyncIterable<AuditEventRow>, keyAt: KeyAt, open: () => LinkPool | null = LinkPool.open): AsyncGenerator<AuditEventRow> {
  let pool: LinkPool | null = null
  let alone = 0
  let chunk: AuditEventRow[] = []
  let ahead: { rows: AuditEventRow[]; done: Promise<void> } | null = null
  try {
    for await (const row of rows) {
      if (alone < ALONE) {
        if (++alone === ALONE) pool = open()
        yield row
        continue
      }
      if (!pool) {
        yield row
        continue
      }
      chunk.push(row)
      if (chunk.length < CHUNK) continue
      const next = { rows: chunk, done: linkAhead(pool, chunk, keyAt) }
      chunk = []
      if (ahead) {
        await ahead.done
        yield* ahead.rows
      }
      ahead = next
    }
    if (ahead) {
      await ahead.done
      yield* ahead.rows
    }
    yield* chunk
  } finally {
    await pool?.close()
  }
}

/** Sends the rows' link texts to the thread and remembers what comes back; never fails (the walk links what is missing). */
async function linkAhead(pool: LinkPool, rows: AuditEventRow[], keyAt: KeyAt): Promise<void> {
  try {
    const keys = new Map<number, Buffer>()
    const sent: { row: AuditEventRow; key: Buffer | null }[] = []
    const texts: string[] = []
    const versions: number[] = []
    for (const row of rows) {
      if (row.resealMac !== null) continue
      const version = row.keyVersion
      // Only a well-formed version goes to the thread (-1 there means the plain SHA-256 link); any other is the walk's to judge.
      if (version !== null && !(Number.isInteger(version) && version > 0 && version < 2 ** 31)) continue
      // The chunk's keys are looked up once each, not awaited again for every row.
      const key = version === null ? null : (keys.get(version) ?? (await keyAt(version)))
      if (version !== null && !key) continue
      if (version !== null) keys.set(version, key!)
      sent.push({ row, key })
      texts.push(linkText(row))
      versions.push(version ?? -1)
    }
    const links = await pool.links(texts, versions, keys)
    if (!links) return
    for (let i = 0; i < sent.length; i++) {
      const link = links[i]
      if (typeof link === 'string') rememberLink(sent[i]!.row, sent[i]!.key, link)
    }
  } catch {
    /* the walk links these rows itself */
  }
}

import { DataSource } from 'typeorm'
import type { SignedCheckpoint, SignedRestoreAck } from '../engine/audit/audit-checkpoint-rules'
import type { Witness } from '../engine/audit/witness'
import { branchConnection, branchSsl } from './data-source'

/**
 * The audit witness on the branch PostgreSQL server (issue 14), for a workstation whose store is
 * the local SQLite file: TELLER_AUDIT_WITNESS_PG_URL. Each workstation writes its own stream (its
 * workstation name) of checkpoints and rollback acknowledgements into `audit_witness`, a table its
 * role may only INSERT into and SELECT from (the DBA creates it, README "Audit witness on the
 * branch server"): whoever rewrites, shortens or rolls back the SQLite file cannot take the
 * server's rows with it, nor change them with the workstation's credentials.
 */
export class PgWitness implements Witness {
  readonly where: string

  private constructor(
    private readonly ds: DataSource,
    private readonly stream: string,
    host: string,
  ) {
    this.where = `postgres ${host} audit_witness (${stream})`
  }

  /** Connects and checks the table is there and writable: a witness that cannot be written is found at start. */
  static async open(url: string, caFile: string | undefined, stream: string): Promise<PgWitness> {
    let conn
    try {
      conn = branchConnection(url)
    } catch (e) {
      throw new Error((e as Error).message.replace('TELLER_DB_URL', 'TELLER_AUDIT_WITNESS_PG_URL'), { cause: e })
    }
    const ds = new DataSource({ type: 'postgres', ...conn, ssl: branchSsl(conn, caFile), synchronize: false, logging: false, extra: { max: 1 } })
    try {
      await ds.initialize()
      const [row] = (await ds.query(
        `SELECT to_regclass('public.audit_witness') IS NOT NULL AS present,
                to_regclass('public.audit_witness') IS NOT NULL AND has_table_privilege('public.audit_witness', 'INSERT') AND has_table_privilege('public.audit_witness', 'SELECT') AS writable`,
      )) as { present: boolean; writable: boolean }[]
      if (!row?.present || !row.writable) {
        throw new Error(`The audit witness table audit_witness on ${conn.host} is ${row?.present ? 'not writable by this role (GRANT SELECT, INSERT)' : 'missing'}: create it as README "Audit witness on the branch server" shows.`)
      }
    } catch (e) {
      await ds.destroy().catch(() => undefined)
      throw e instanceof Error && e.message.startsWith('The audit witness') ? e : new Error(`The audit witness on ${conn.host} cannot be reached (${(e as { code?: string }).code ?? (e as Error).name}): check TELLER_AUDIT_WITNESS_PG_URL.`, { cause: e })
    }
    return new PgWitness(ds, stream, conn.host)
  }

  async append(cp: SignedCheckpoint): Promise<void> {
    // The app and the admin CLI on one store may race to checkpoint: a size already witnessed (or a smaller one) adds nothing.
    await this.ds.query(
      `INSERT INTO audit_witness (stream, size, line)
       SELECT $1, $2, $3 WHERE COALESCE((SELECT size FROM audit_witness WHERE stream = $1 ORDER BY id DESC LIMIT 1), 0) < $2`,
      [this.stream, cp.size, JSON.stringify(cp)],
    )
  }

  async acknowledge(ack: SignedRestoreAck): Promise<void> {
    await this.ds.query(`INSERT INTO audit_witness (stream, size, line) VALUES ($1, $2, $3)`, [this.stream, ack.size, JSON.stringify(ack)])
  }

  async *read(): AsyncIterable<unknown> {
    let after = 0
    for (;;) {
      const rows = (await this.ds.query(`SELECT id, line FROM audit_witness WHERE stream = $1 AND id > $2 ORDER BY id LIMIT 1000`, [this.stream, after])) as { id: string; line: string }[]
      yield* parsedLines(rows)
      if (rows.length < 1000) return
      after = Number(rows.at(-1)!.id)
    }
  }

  async *readNewestFirst(): AsyncIterable<unknown> {
    let before: number | null = null
    for (;;) {
      const rows = (await this.ds.query(
        `SELECT id, line FROM audit_witness WHERE stream = $1 AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT 100`,
        [this.stream, before],
      )) as { id: string; line: string }[]
      yield* parsedLines(rows)
      if (rows.length < 100) return
      before = Number(rows.at(-1)!.id)
    }
  }

  async close(): Promise<void> {
    await this.ds.destroy()
  }
}

/** Each stored line as parsed, or 'unreadable' for a damaged one (read either way: oldest or newest first). */
function* parsedLines(rows: { line: string }[]): Generator<unknown> {
  for (const r of rows) {
    try {
      yield JSON.parse(r.line) as unknown
    } catch {
      yield 'unreadable'
    }
  }
}

import type { DataSource, EntityManager } from 'typeorm'
import type { Repos, UnitOfWork } from '../engine/kernel/unit-of-work'
import { isPostgres, lockFor } from './dialect'
import { createRepos, type RepoShared } from './repos'
import type { AppendClocks } from './repos/audit-fast-append'
import { SerialQueue } from './serial-queue'
import { mapStoreFaults, withStoreFaults } from './store-faults'

/** The store's UnitOfWork over TypeORM: SQLite (one connection, one queue) or branch PostgreSQL. */
export class SqlUnitOfWork implements UnitOfWork {
  private readonly shared: RepoShared
  readonly repos: Repos

  constructor(
    private readonly ds: DataSource,
    private readonly queue: SerialQueue = new SerialQueue(),
    clocks: Partial<AppendClocks> = {},
  ) {
    this.shared = { ds, auditTail: null, chainHeads: new Map(), clocks: { monotonicMs: clocks.monotonicMs ?? (() => performance.now()), wallMs: clocks.wallMs ?? (() => Date.now()) } }
    const repos = createRepos(ds.manager, this.shared, false)
    this.repos = Object.fromEntries(Object.entries(repos).map(([k, r]) => [k, withStoreFaults(r)])) as unknown as Repos
  }

  transaction<T>(locks: readonly string[], work: (tx: Repos) => Promise<T>): Promise<T> {
    return this.queue.run(() =>
      mapStoreFaults(() =>
        this.ds.transaction(async (m: EntityManager) => {
          // A fixed order, so two decisions taking the same locks can never deadlock.
          for (const key of [...locks].sort()) await lockFor(m, key)
          return work(createRepos(m, this.shared, true))
        }),
      ),
    )
  }

  serial<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    return this.queue.run(() => mapStoreFaults(() => work(this.repos)))
  }

  async exclusive<T>(lock: string, work: () => Promise<T>): Promise<T> {
    if (!isPostgres(this.ds)) return work()
    const guard = this.ds.createQueryRunner()
    await guard.connect()
    try {
      await guard.query('SELECT pg_advisory_lock(hashtext($1))', [lock])
      return await work()
    } finally {
      await guard.query('SELECT pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined)
      await guard.release()
    }
  }
}

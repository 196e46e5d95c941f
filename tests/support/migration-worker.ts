// Child process for the power-loss test: runs the real migrations on a store the way openStore
// does (WAL, one transaction each), but stops inside migration K after its S-th statement (S = 0:
// after the whole up(), before TypeORM records it) and says so; the parent then kills it with SIGKILL.
import { DataSource, type QueryRunner } from 'typeorm'
import { entities } from '../../src/main/store/entities'
import { migrations } from '../../src/main/store/migrations'

const [path, k, s] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])]

const hang = (): Promise<never> => {
  process.stdout.write(`paused ${k}:${s}\n`)
  return new Promise(() => setInterval(() => undefined, 1000))
}

const wrapped = migrations.map((M, i) => {
  if (i + 1 !== k) return M
  class Paused extends M {
    override async up(qr: QueryRunner): Promise<void> {
      let n = 0
      const query = qr.query.bind(qr)
      qr.query = (async (...args: Parameters<QueryRunner['query']>) => {
        const r: unknown = await query(...args)
        if (++n === s) await hang()
        return r
      }) as QueryRunner['query']
      await super.up(qr)
      qr.query = query
      if (s === 0) await hang()
    }
  }
  // TypeORM names (and orders) a migration by its class name: the real one's.
  Object.defineProperty(Paused, 'name', { value: M.name })
  return Paused
})

async function main(): Promise<void> {
  const ds = new DataSource({ type: 'sqlite', database: path, enableWAL: true, busyTimeout: 5000, entities, migrations: wrapped, migrationsTransactionMode: 'each', synchronize: false, logging: false })
  await ds.initialize()
  // MUTATION_NO_TRANSACTION shows the test can fail: without a transaction per migration a kill leaves it half-applied.
  await ds.runMigrations({ transaction: process.env.MUTATION_NO_TRANSACTION ? 'none' : 'each' })
  process.stdout.write('done\n')
  await ds.destroy()
}

void main()

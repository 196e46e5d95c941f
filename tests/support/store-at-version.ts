import { DataSource, type MigrationInterface } from 'typeorm'

/**
 * A store at an older schema version, for a migration test to fill with rows before the real
 * open steps it forward: the given migrations only, on a SQLite file or a PostgreSQL database.
 */
export async function storeAtVersion(target: { path: string } | { url: string }, upTo: (new () => MigrationInterface)[]): Promise<DataSource> {
  const where = 'path' in target ? { type: 'sqlite' as const, database: target.path } : { type: 'postgres' as const, url: target.url }
  const ds = new DataSource({ ...where, migrations: upTo, entities: [] })
  await ds.initialize()
  await ds.runMigrations()
  return ds
}

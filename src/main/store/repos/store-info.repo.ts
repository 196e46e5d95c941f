import type { EntityManager } from 'typeorm'
import type { StoreInfoRepo, StoreMode } from '../../engine/kernel/store-info.repo'
import { sql } from '../dialect'

export class SqlStoreInfoRepo implements StoreInfoRepo {
  constructor(private readonly m: EntityManager) {}

  async mode(): Promise<StoreMode | null> {
    const rows = (await sql(this.m, `SELECT value FROM store_meta WHERE name = 'mode'`)) as { value: StoreMode }[]
    return rows[0]?.value ?? null
  }

  async recordMode(mode: StoreMode, at: string): Promise<void> {
    await sql(this.m, `INSERT INTO store_meta (name, value, recorded_at) VALUES ('mode', ?, ?) ON CONFLICT (name) DO NOTHING`, [mode, at])
  }
}

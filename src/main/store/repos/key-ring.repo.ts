import type { EntityManager } from 'typeorm'
import type { KeyPurpose, KeyRingMeta, KeyRingRepo, WrappedKeyRow } from '../../engine/crypto/key-ring.repo'
import { sql } from '../dialect'

export class SqlKeyRingRepo implements KeyRingRepo {
  constructor(private readonly m: EntityManager) {}

  async findMeta(): Promise<KeyRingMeta | null> {
    const rows = (await sql(this.m, `SELECT install_id, salt, kek_mode FROM key_ring_meta`)) as { install_id: string; salt: string; kek_mode: string }[]
    return rows[0] ? { installId: rows[0].install_id, salt: rows[0].salt, kekMode: rows[0].kek_mode } : null
  }

  async createMeta(meta: KeyRingMeta, createdAt: string): Promise<void> {
    await sql(this.m, `INSERT INTO key_ring_meta (install_id, salt, kek_mode, created_at) VALUES (?, ?, ?, ?)`, [meta.installId, meta.salt, meta.kekMode, createdAt])
  }

  async findAnyKey(): Promise<Pick<WrappedKeyRow, 'purpose' | 'version' | 'wrapped'> | null> {
    const rows = (await sql(this.m, `SELECT purpose, version, wrapped FROM key_ring LIMIT 1`)) as Pick<WrappedKeyRow, 'purpose' | 'version' | 'wrapped'>[]
    return rows[0] ?? null
  }

  listKeys(): Promise<WrappedKeyRow[]> {
    return sql<WrappedKeyRow[]>(this.m, `SELECT purpose, version, wrapped, state FROM key_ring`)
  }

  async addActiveKey(purpose: KeyPurpose, version: number, wrapped: string, createdAt: string): Promise<void> {
    await sql(this.m, `INSERT INTO key_ring (purpose, version, wrapped, state, created_at) VALUES (?, ?, ?, 'active', ?)`, [purpose, version, wrapped, createdAt])
  }

  async activeDataKeyVersion(): Promise<number> {
    const rows = (await sql(this.m, `SELECT version FROM key_ring WHERE purpose = 'data' AND state = 'active'`)) as { version: number }[]
    return rows[0]!.version
  }

  async retireDataKeys(): Promise<void> {
    await sql(this.m, `UPDATE key_ring SET state = 'retired' WHERE purpose = 'data'`)
  }

  async retireKeys(purpose: KeyPurpose): Promise<void> {
    await sql(this.m, `UPDATE key_ring SET state = 'retired' WHERE purpose = ?`, [purpose])
  }

  async replaceSalt(salt: string): Promise<void> {
    await sql(this.m, `UPDATE key_ring_meta SET salt = ?`, [salt])
  }

  async rewrapKey(purpose: KeyPurpose, version: number, wrapped: string): Promise<void> {
    await sql(this.m, `UPDATE key_ring SET wrapped = ? WHERE purpose = ? AND version = ?`, [wrapped, purpose, version])
  }
}

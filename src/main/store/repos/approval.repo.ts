import type { EntityManager } from 'typeorm'
import type { ApprovalDecision, ApprovalRepo, ApprovalRow } from '../../engine/approvals/approval.repo'
import { sql } from '../dialect'

const COLUMNS = `id, kind, params_sealed, maker_id, maker_workstation, maker_reason_sealed, created_at, expires_at, status,
  checker_id, checker_workstation, checker_reason_sealed, decided_at, executed_at, failure`

type Raw = Record<string, string | null>

function toRow(r: Raw): ApprovalRow {
  return {
    id: r.id!,
    kind: r.kind as ApprovalRow['kind'],
    paramsSealed: r.params_sealed!,
    makerId: r.maker_id!,
    makerWorkstation: r.maker_workstation!,
    makerReasonSealed: r.maker_reason_sealed!,
    createdAt: r.created_at!,
    expiresAt: r.expires_at!,
    status: r.status as ApprovalRow['status'],
    checkerId: r.checker_id ?? null,
    checkerWorkstation: r.checker_workstation ?? null,
    checkerReasonSealed: r.checker_reason_sealed ?? null,
    decidedAt: r.decided_at ?? null,
    executedAt: r.executed_at ?? null,
    failure: r.failure ?? null,
  }
}

export class SqlApprovalRepo implements ApprovalRepo {
  constructor(private readonly m: EntityManager) {}

  async insert(r: ApprovalRow): Promise<void> {
    await sql(this.m, `INSERT INTO approval_request (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      r.id, r.kind, r.paramsSealed, r.makerId, r.makerWorkstation, r.makerReasonSealed, r.createdAt, r.expiresAt, r.status,
      r.checkerId, r.checkerWorkstation, r.checkerReasonSealed, r.decidedAt, r.executedAt, r.failure,
    ])
  }

  async findById(id: string): Promise<ApprovalRow | null> {
    const rows = await sql<Raw[]>(this.m, `SELECT ${COLUMNS} FROM approval_request WHERE id = ?`, [id])
    return rows[0] ? toRow(rows[0]) : null
  }

  async listPending(nowIso: string): Promise<ApprovalRow[]> {
    const rows = await sql<Raw[]>(this.m, `SELECT ${COLUMNS} FROM approval_request WHERE status = 'pending' AND expires_at > ? ORDER BY created_at, id`, [nowIso])
    return rows.map(toRow)
  }

  async listDue(nowIso: string): Promise<ApprovalRow[]> {
    const rows = await sql<Raw[]>(this.m, `SELECT ${COLUMNS} FROM approval_request WHERE status = 'pending' AND expires_at <= ? ORDER BY created_at, id`, [nowIso])
    return rows.map(toRow)
  }

  async decide(id: string, d: ApprovalDecision, nowIso: string): Promise<void> {
    await sql(
      this.m,
      `UPDATE approval_request SET status = ?, checker_id = ?, checker_workstation = ?, checker_reason_sealed = ?, decided_at = ?
       WHERE id = ? AND status = 'pending' AND expires_at > ? AND maker_id <> ?`,
      [d.status, d.checkerId, d.checkerWorkstation, d.checkerReasonSealed, d.decidedAt, id, nowIso, d.checkerId],
    )
  }

  async expire(id: string, nowIso: string): Promise<void> {
    await sql(this.m, `UPDATE approval_request SET status = 'expired', decided_at = ? WHERE id = ? AND status = 'pending' AND expires_at <= ?`, [nowIso, id, nowIso])
  }

  async finish(id: string, status: 'executed' | 'failed', at: string, failure: string | null): Promise<void> {
    await sql(this.m, `UPDATE approval_request SET status = ?, executed_at = ?, failure = ? WHERE id = ? AND status = 'approved'`, [status, at, failure, id])
  }
}

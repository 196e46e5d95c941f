import type { AuditBreakReason, AuditCheckpointDto, AuditVerifyDto } from '../../shared/dto'

const BREAK_REASONS: Record<AuditBreakReason, string> = {
  link: 'the event does not follow its predecessor under its key: edited, forged or out of order',
  checkpoint: 'the chain is not the one the witness vouched for from this event on',
  missing: 'events the witness vouched for are gone: deleted, or an older copy of the store',
  witness: 'the witness holds a checkpoint this store did not sign',
}

/**
 * A name that comes from the store or the witness (a workstation, who acknowledged a rollback) as
 * the terminal gets it: control and format characters written as \u escapes, so no escape
 * sequence in a forged name can rewrite the line an administrator reads.
 */
const shown = (s: string): string => s.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`)

/** The checkpoint status: the last witnessed checkpoint, its time and age, and in branch mode the workstation chains it covers. */
function witnessed(cp: AuditCheckpointDto | null): string {
  if (!cp) return 'no witnessed checkpoint yet'
  const chains = cp.chains === undefined ? '' : `, covering ${cp.chains} workstation chain${cp.chains === 1 ? '' : 's'} (${cp.events ?? 0} events in all)`
  return `last witnessed checkpoint: event #${cp.size} at ${shown(cp.at)} (${cp.ageSeconds} s ago)${chains}`
}

/**
 * `npm run admin -- audit verify` as text: the verdict and the checkpoint status on the first line
 * (stdout when intact, stderr when broken), then in branch mode one line per broken workstation
 * chain (its first bad event and its place in that chain), and a witness that cannot be written.
 */
export function verifyReport(r: AuditVerifyDto): { ok: boolean; lines: string[] } {
  const witnessError = r.witnessError ? [`the audit witness could not be written (${shown(r.witnessError)}): checkpoints are not being kept outside the store`] : []
  if (r.ok) {
    const rollbacks = (r.rollbacks ?? []).map((b) => `; acknowledged rollback: restored to event #${b.to} at ${shown(b.at)} by ${shown(b.by)} (the witness had vouched for ${b.from})`).join('')
    return { ok: true, lines: [`audit chain intact: ${r.count} events; ${witnessed(r.checkpoint)}${rollbacks}`, ...witnessError] }
  }
  const where = r.chain !== undefined && r.chainSeq !== undefined ? ` in workstation chain ${shown(r.chain)}, place ${r.chainSeq}` : ''
  const breaks = (r.breaks ?? []).map((b) => `  chain ${shown(b.chain)}: first bad event #${b.brokenAt}, place ${b.chainSeq} in its chain (${BREAK_REASONS[b.reason]})`)
  return { ok: false, lines: [`audit chain BROKEN at event #${r.brokenAt}${where} (${BREAK_REASONS[r.reason]}); ${witnessed(r.checkpoint)}`, ...breaks, ...witnessError] }
}

import type { AuditInput } from '../../src/main/engine/audit/audit.service'
import type { TestEngine } from './temp-engine'

const realBuilders = new WeakMap<object, unknown>()

/** The audit write of `action` fails (a full disk, a crash) after the state change was made. */
export function failAuditOf(t: TestEngine, action: string): void {
  const audit = t.engine.audit as unknown as { builder(input: AuditInput): Promise<unknown> }
  const real = realBuilders.get(audit) ?? audit.builder.bind(audit)
  realBuilders.set(audit, real)
  audit.builder = async (input) => {
    if (input.action === action) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' })
    return (real as (i: AuditInput) => Promise<unknown>)(input)
  }
}

/** The audit writes work again. */
export function restoreAudit(t: TestEngine): void {
  const audit = t.engine.audit as unknown as { builder: unknown }
  if (realBuilders.has(audit)) audit.builder = realBuilders.get(audit)
}

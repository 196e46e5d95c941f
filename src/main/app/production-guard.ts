import { isAbsolute, relative, resolve, sep } from 'node:path'
import type { AppConfig } from './config'

export class ProductionConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      'Production mode (the packaged app, or TELLER_MODE=production) refuses to start:\n' +
        problems.map((p) => `- ${p}`).join('\n') +
        '\nSee the README, "Install and run in production".',
    )
    this.name = 'ProductionConfigError'
  }
}

export interface StandIns {
  /** No SMS gateway was injected, so the configuration decides. */
  smsFromConfig: boolean
  /** The embedded payment simulator would take the payments. */
  paymentSimulator: boolean
}

/**
 * A misconfigured production machine must not run on development stand-ins: each one is refused
 * by name, with the setting that replaces it. Development mode runs them and says so on screen.
 */
export function assertProductionReady(config: AppConfig, standIns: StandIns): void {
  if (config.mode !== 'production') return
  const problems: string[] = []
  if (standIns.smsFromConfig && (config.sms ?? { mode: 'outbox' }).mode === 'outbox') {
    problems.push('the SMS outbox would deliver session keys to no one: set TELLER_SMS_MODE=smpp (TELLER_SMPP_URL, …) or https (TELLER_SMS_URL, TELLER_SMS_TOKEN).')
  }
  if (standIns.paymentSimulator) {
    problems.push('the payment simulator would "approve" card payments: set TELLER_PAYMENT_MODE=https with TELLER_PAYMENT_URL and TELLER_PAYMENT_TOKEN of the bank\'s card processing host.')
  }
  const keyMode = config.keyMode?.mode ?? 'keychain'
  if (keyMode === 'dev-file' || keyMode === 'auto') {
    problems.push('the development key store keeps the key-encryption key in a file beside the data: use TELLER_KEY_MODE=keychain (default) or passphrase.')
  }
  if (config.auditWitnessPg) {
    // The branch server keeps the checkpoints (issue 14): not in the data folder by construction.
  } else if (!config.auditWitness) {
    problems.push('the audit checkpoints would have no witness outside the store: set TELLER_AUDIT_WITNESS to a file on another volume (not in the data folder).')
  } else if (isInside(resolve(config.dataDir), resolve(config.auditWitness))) {
    problems.push(`the audit witness ${config.auditWitness} is in the data folder, where a restored or rewritten store takes it along: set TELLER_AUDIT_WITNESS to a file on another volume.`)
  }
  if (problems.length > 0) throw new ProductionConfigError(problems)
}

/** Whether `path` is `dir` or below it ('..w.jsonl' in the folder is inside; '../w.jsonl' is not). */
function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
}

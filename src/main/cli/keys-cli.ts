import { runningApp } from '../app/app-lock'
import type { Engine } from '../app/composition-root'
import type { Actor } from '../engine/kernel/actor'
import { EngineError } from '../engine/kernel/engine-error'
import { ErrorCode } from '../../shared/errors'
import { keysCommand } from './keys-command'

/** Key rotation and re-encryption need the app stopped on this data folder. */
export function assertAppStopped(engine: Engine): void {
  const pid = runningApp(engine.config.dataDir)
  if (pid !== null) throw new EngineError(ErrorCode.CONFLICT, `The app is running on this data folder (pid ${pid}). Stop it before rotating or re-encrypting keys.`)
}

/**
 * `rotate` (run by an approved four-eyes request) or `reencrypt`: the whole key command of
 * keys-command.ts (KEK or passphrase re-wrap, data key, HMAC key versions, re-encryption of every
 * sealed record), audited with the approving supervisor as the actor.
 */
export async function rotateOrReencrypt(engine: Engine, what: 'rotate' | 'reencrypt', actor: Actor = { staffId: null, workstation: engine.config.workstation }): Promise<number> {
  // keysCommand refuses a running app itself (and the approvals CLI checked it before deciding).
  const code = await keysCommand(engine, what, process.env, actor)
  if (code !== 0) throw new EngineError(ErrorCode.CONFLICT, 'The key rotation did not complete; see the messages above. Nothing more was changed.')
  return code
}

import { runningApp } from '../app/app-lock'
import type { Engine } from '../app/composition-root'
import type { Actor } from '../engine/kernel/actor'
import { EngineError } from '../engine/kernel/engine-error'
import { ErrorCode } from '../../shared/errors'

/** Key rotation and re-encryption need the app stopped on this data folder. */
export function assertAppStopped(engine: Engine): void {
  const pid = runningApp(engine.config.dataDir)
  if (pid !== null) throw new EngineError(ErrorCode.CONFLICT, `The app is running on this data folder (pid ${pid}). Stop it before rotating or re-encrypting keys.`)
}

/**
 * `rotate` (run by an approved four-eyes request): a new KEK in keychain mode, a new data key, then
 * every sealed record re-encrypted. `reencrypt` resumes the re-encryption. Audited as `keys.<what>`.
 */
export async function rotateOrReencrypt(engine: Engine, what: 'rotate' | 'reencrypt', actor: Actor = { staffId: null, workstation: engine.config.workstation }): Promise<number> {
  assertAppStopped(engine)
  if (what === 'rotate') {
    if (engine.keys.mode === 'keychain') console.log(`re-wrapped ${await engine.keys.rotateKek()} keys under a new key-encryption key`)
    console.log(`data key version ${await engine.keys.rotateDataKey()} is active`)
  }
  let total = 0
  for (const [label, batch] of [
    ['card numbers', () => engine.vault.reencryptBatch()],
    ['customer records', () => engine.customerVault.reencryptBatch()],
  ] as const) {
    for (let n = await batch(); n > 0; n = await batch()) {
      total += n
      console.log(`re-encrypted ${total} records so far (${label})`)
    }
  }
  console.log(`re-encryption complete (${total} this run)`)
  await engine.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: `keys.${what}`, outcome: 'success', details: { reencrypted: total } })
  return 0
}

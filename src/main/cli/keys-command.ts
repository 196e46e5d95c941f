import type { Engine } from '../app/composition-root'
import type { Actor } from '../engine/kernel/actor'
import { runningApp } from '../app/app-lock'
import { askHidden, readPassphraseFile } from '../app/passphrase-source'
import { PassphraseKek } from '../engine/crypto/kek'

/**
 * Passphrase mode: the new passphrase from TELLER_KEY_NEW_PASSPHRASE_FILE (0600), or asked twice
 * on the terminal without echo. Never from argv or the environment.
 */
async function newPassphrase(env: NodeJS.ProcessEnv): Promise<string> {
  if (env.TELLER_KEY_NEW_PASSPHRASE_FILE) return readPassphraseFile(env.TELLER_KEY_NEW_PASSPHRASE_FILE)
  if (!process.stdin.isTTY) throw new Error('The new key passphrase: set TELLER_KEY_NEW_PASSPHRASE_FILE (a 0600 file), or run from a terminal to be asked for it.')
  const first = await askHidden('New key passphrase: ')
  if ((await askHidden('Repeat the new key passphrase: ')) !== first) throw new Error('The two new passphrases differ; nothing was changed.')
  return first
}

/**
 * `keys rotate`: a new key-encryption key (keychain) or the keys re-wrapped under a new passphrase
 * (passphrase mode), a new data key, new HMAC key versions; then (and for `keys reencrypt`) every
 * sealed record re-encrypted and re-indexed in resumable batches.
 */
export async function keysCommand(engine: Engine, sub: 'rotate' | 'reencrypt', env: NodeJS.ProcessEnv = process.env, actor: Actor = { staffId: null, workstation: engine.config.workstation }): Promise<number> {
  const pid = runningApp(engine.config.dataDir)
  if (pid !== null) {
    console.error(`The app is running on this data folder (pid ${pid}). Stop it before rotating or re-encrypting keys.`)
    return 1
  }
  if (sub === 'rotate') {
    if (engine.keys.mode === 'keychain') console.log(`re-wrapped ${await engine.keys.rotateKek()} keys under a new key-encryption key`)
    if (engine.keys.mode === 'passphrase') {
      let n: number
      try {
        n = await engine.keys.rotatePassphrase(new PassphraseKek(await newPassphrase(env)))
      } catch (e) {
        // These messages name files and rules, never a passphrase.
        console.error(e instanceof Error ? e.message : 'The passphrase rotation failed; nothing was changed.')
        return 1
      }
      console.log(`re-wrapped ${n} keys under the new passphrase: from now on only the new passphrase opens this store`)
      await engine.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: 'keys.passphraseRotate', outcome: 'success', details: { rewrapped: n } })
    }
    console.log(`data key version ${await engine.keys.rotateDataKey()} is active`)
    const macs = await engine.keys.rotateMacKeys()
    console.log(`HMAC keys rotated: ${Object.entries(macs).map(([p, v]) => `${p} version ${v}`).join(', ')}`)
  }
  let total = 0
  for (const [what, batch] of [
    ['card numbers', () => engine.vault.reencryptBatch()],
    ['customer records', () => engine.customerVault.reencryptBatch()],
    ['payment parameters, reasons and notes', () => engine.atRest.reencryptBatch()],
  ] as const) {
    for (let n = await batch(); n > 0; n = await batch()) {
      total += n
      console.log(`re-encrypted ${total} records so far (${what})`)
    }
  }
  console.log(`re-encryption complete (${total} this run)`)
  await engine.audit.record({ actorStaffId: actor.staffId, workstation: actor.workstation, action: sub === 'rotate' ? 'keys.rotate' : 'keys.reencrypt', outcome: 'success', details: { reencrypted: total } })
  return 0
}

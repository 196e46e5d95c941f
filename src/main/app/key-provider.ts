import { DEV_KEY_FILE, DevFileKek } from '../engine/crypto/dev-file-kek'
import { KeychainKek, PassphraseKek, type KekProvider } from '../engine/crypto/kek'
import type { Logger } from '../engine/kernel/logger'
import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import type { KeyModeConfig } from './config'

/**
 * Where this start takes the key-encryption key from. `auto` (development): the mode the store
 * was created in; a new store uses the OS keychain when one answers, else the development key
 * file, so `npm start` works on a headless machine (and the UI says it is not for customer data).
 */
export async function kekProviderFor(keyMode: KeyModeConfig, uow: UnitOfWork, dataDir: string, logger: Logger): Promise<KekProvider> {
  switch (keyMode.mode) {
    case 'passphrase':
      if (keyMode.passphrase === null) {
        throw new Error('TELLER_KEY_MODE=passphrase needs the key passphrase: TELLER_KEY_PASSPHRASE_FILE (a 0600 file), or start from a terminal to be asked for it.')
      }
      return new PassphraseKek(keyMode.passphrase)
    case 'keychain':
      return new KeychainKek()
    case 'dev-file':
      return new DevFileKek(dataDir)
    case 'auto': {
      const meta = await uow.repos.keyRing.findMeta()
      if (meta?.kekMode === 'passphrase') {
        if (!keyMode.passphrase) throw new Error("This store's keys are protected in passphrase mode: set TELLER_KEY_MODE=passphrase and TELLER_KEY_PASSPHRASE_FILE (a 0600 file), or start from a terminal to be asked.")
        return new PassphraseKek(keyMode.passphrase)
      }
      if (meta?.kekMode === 'dev-file') return new DevFileKek(dataDir)
      if (meta?.kekMode === 'keychain') return new KeychainKek()
      const keychain = new KeychainKek()
      if (await keychain.available()) return keychain
      logger.warn('no OS keychain answers: this development store keeps its key in the development key store', { file: DEV_KEY_FILE })
      return new DevFileKek(dataDir)
    }
  }
}

import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import type { AppMode } from './config'

export class StoreModeError extends Error {
  constructor(recorded: AppMode) {
    super(
      recorded === 'production'
        ? 'This is a production store: development mode (test staff, SMS outbox, payment simulator) cannot open it. Start with TELLER_MODE=production (the admin CLI too), or point TELLER_DATA_DIR at a development folder.'
        : 'This is a development store (test staff and stand-ins may have used it): production cannot open it. Give production its own data folder or database.',
    )
    this.name = 'StoreModeError'
  }
}

/**
 * A store belongs to the mode it was first opened in: a production store is never opened by a
 * development run (which would create public test staff, show SMS keys on the dev phone page and
 * "approve" payments in the simulator), and a development store never serves production.
 */
export async function claimStoreMode(uow: UnitOfWork, mode: AppMode, at: string): Promise<void> {
  const recorded = (await uow.repos.storeInfo.mode()) ?? (await uow.serial(async (r) => {
    await r.storeInfo.recordMode(mode, at)
    return r.storeInfo.mode()
  }))
  if (recorded !== mode) throw new StoreModeError(recorded ?? mode)
}

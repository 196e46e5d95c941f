import { Channel } from '../../../shared/ipc/channels'
import type { Handler } from '../dispatch'
import type { Engine } from '../../app/composition-root'

export function systemHandlers(engine: Engine): { [Channel.SystemStatus]: Handler<typeof Channel.SystemStatus> } {
  return {
    [Channel.SystemStatus]: async () => ({
      appVersion: engine.config.appVersion,
      schemaVersion: engine.schemaVersion,
      initialised: (await engine.staff.count()) > 0,
      shell: engine.config.shell,
    }),
  }
}

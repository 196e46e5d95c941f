import { Channel } from '../../../shared/ipc/channels'
import type { customerWindowChannels } from '../../../shared/ipc/contract/customer-window'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { CustomerWindows } from '../../engine/counter/customer-window.service'
import type { CustomerWindowSteps } from '../../engine/counter/customer-window-steps'
import type { Handler } from '../dispatch'
import { windowOf } from './context'

type CustomerWindowChannels = ChannelsOf<typeof customerWindowChannels>

/** The teller window's side of its customer window (issue 12). */
export function customerWindowHandlers(windows: CustomerWindows, steps: CustomerWindowSteps): { [C in CustomerWindowChannels]: Handler<C> } {
  return {
    [Channel.CustomerWindowPairingStart]: (_req, ctx) => windows.startPairing(windowOf(ctx)),
    [Channel.CustomerWindowStatus]: async (_req, ctx) => windows.status(windowOf(ctx)),
    [Channel.CustomerWindowAskVerify]: (req, ctx) => windows.askVerifyKey(windowOf(ctx), req.phone),
    [Channel.CustomerWindowAskRegister]: (req, ctx) => windows.askRegistration(windowOf(ctx), req),
    [Channel.CustomerWindowAskPasswordChange]: (_req, ctx) => windows.askPasswordChange(windowOf(ctx)),
    [Channel.CustomerWindowAskSignIn]: (req, ctx) => steps.askSignIn(windowOf(ctx), req.phone),
    [Channel.CustomerWindowAskPayment]: (req, ctx) => steps.askPayment(windowOf(ctx), req),
    [Channel.CustomerWindowAskCardRemoval]: (req, ctx) => steps.askCardRemoval(windowOf(ctx), req),
  }
}

import { Channel } from '../../../shared/ipc/channels'
import type { customerChannels } from '../../../shared/ipc/contract/customer'
import type { ChannelsOf } from '../../../shared/ipc/contract/define'
import type { supervisorChannels } from '../../../shared/ipc/contract/supervisor'
import type { SupervisorOverrides } from '../../engine/approvals/supervisor-overrides'
import type { CounterDesk } from '../../engine/counter/counter-desk.service'
import type { CustomerService } from '../../engine/customers/customer.service'
import type { Handler } from '../dispatch'
import { actorOf, windowOf } from './context'

type CustomerChannels = ChannelsOf<typeof customerChannels | typeof supervisorChannels>

type Customers = Pick<CustomerService, 'lookup' | 'sendKey' | 'confirmVerification' | 'lockouts'>

export function customerHandlers(desk: CounterDesk, customers: Customers, overrides: Pick<SupervisorOverrides, 'unblockCustomer'>): { [C in CustomerChannels]: Handler<C> } {
  return {
    [Channel.CustomerLookup]: (req, ctx) => customers.lookup(req.phone, actorOf(ctx)),
    [Channel.VerificationSend]: (req, ctx) => customers.sendKey(req.phone, req.purpose, actorOf(ctx)),
    [Channel.CustomerSignOut]: async (_req, ctx) => {
      await desk.signOut(windowOf(ctx))
      return null
    },
    [Channel.CustomerCurrent]: (_req, ctx) => desk.current(windowOf(ctx)),
    [Channel.PasswordChangeRequest]: (_req, ctx) => desk.requestPasswordChange(windowOf(ctx)),
    [Channel.LockoutsList]: (_req, ctx) => customers.lockouts(actorOf(ctx), ctx.session!.role),
    [Channel.CustomerBlock]: async (req, ctx) => {
      await desk.block(req.phone, req.reason, actorOf(ctx))
      return null
    },
    // A bank block waits for a second supervisor (issue 13); a lockout by policy.
    [Channel.CustomerUnblock]: (req, ctx) => overrides.unblockCustomer(req.phone, req.reason, actorOf(ctx)),
  }
}

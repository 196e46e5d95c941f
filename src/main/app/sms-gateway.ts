import type { Clock } from '../engine/kernel/clock'
import type { Logger } from '../engine/kernel/logger'
import type { SmsGateway } from '../engine/kernel/ports'
import { HttpsSmsGateway } from '../engine/sms/https-gateway'
import { OutboxSmsGateway } from '../engine/sms/outbox'
import { ResilientSmsGateway } from '../engine/sms/resilient'
import { SmppSmsGateway } from '../engine/sms/smpp-gateway'
import type { UnitOfWork } from '../engine/kernel/unit-of-work'
import type { SmsConfig } from './config'

/**
 * The SMS operator adapter from configuration (issue 6), wrapped with retries and delivery status.
 * The embedded outbox is the default; SMPP and HTTPS adapters verify TLS certificates (S1).
 */
export function smsGatewayFor(config: SmsConfig, uow: UnitOfWork, clock: Clock, logger: Logger): { sms: SmsGateway; outbox: OutboxSmsGateway | null; closeSms: () => Promise<void> } {
  const wrap = (inner: SmsGateway, name: 'outbox' | 'smpp' | 'https') => new ResilientSmsGateway(inner, name, uow, clock, logger)
  switch (config.mode) {
    case 'outbox': {
      const outbox = new OutboxSmsGateway(clock)
      return { sms: wrap(outbox, 'outbox'), outbox, closeSms: async () => {} }
    }
    case 'https':
      return { sms: wrap(new HttpsSmsGateway(config), 'https'), outbox: null, closeSms: async () => {} }
    case 'smpp': {
      let resilient: ResilientSmsGateway | null = null
      const smpp = new SmppSmsGateway(config, (ref, delivered) => void resilient?.delivered(ref, delivered))
      resilient = wrap(smpp, 'smpp')
      return { sms: resilient, outbox: null, closeSms: () => smpp.close() }
    }
  }
}

import type { EventEmitter } from 'node:events'
import { TransientSmsError, type SmsGateway, type SmsMessage, type SmsReceipt } from '../kernel/ports'
import { tlsSettings, type TlsOptions } from '../kernel/tls'
import { connectionFailure } from './tls'

export interface SmppGatewayOptions extends TlsOptions {
  /** ssmpp://host:port (TLS). smpp:// only to a loopback address (e.g. a local TLS proxy), S1. */
  url: string
  systemId: string
  password: string
  sourceAddr: string
  timeoutMs?: number
}

interface Pdu {
  command_status: number
  message_id?: string
  short_message?: { message?: string | Buffer } | string
  esm_class?: number
  receipted_message_id?: string
  response(options?: Record<string, unknown>): Pdu
}

interface SmppSession extends EventEmitter {
  bind_transceiver(options: Record<string, unknown>, cb: (pdu: Pdu) => void): void
  submit_sm(options: Record<string, unknown>, cb: (pdu: Pdu) => void): void
  send(pdu: Pdu): boolean
  close(): void
}

type SmppModule = { connect(options: Record<string, unknown>, listener?: () => void): SmppSession }

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]'])
/** SMSC answers worth retrying: throttled, message queue full, system error. */
const TRANSIENT_STATUS = new Set([0x58, 0x14, 0x08])

/**
 * The SMPP URL, only as scheme://host[:port]: a user name, password, path, query, fragment,
 * backslash, space or percent-encoded host is refused, since parsers disagree on such strings and
 * the check must look at the host the connection goes to (S1). Errors never echo the URL.
 */
function smppUrl(raw: string): URL {
  const refuse = (why: string): never => {
    throw new Error(`The SMPP URL ${why} (ssmpp://host:port).`)
  }
  if (raw.includes('\\')) refuse('must not contain a backslash')
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) refuse('must not contain spaces or control characters')
  if (raw.includes('@')) refuse('must not carry a user name or password (they go in TELLER_SMPP_SYSTEM_ID and TELLER_SMPP_PASSWORD)')
  if (/[?#]/.test(raw)) refuse('must not carry a query string or fragment')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('is not a valid URL')
  }
  if (url.username || url.password) refuse('must not carry a user name or password')
  if (url.pathname !== '' && url.pathname !== '/') refuse('must not carry a path')
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+)$/.test(url.hostname)) refuse('needs a plain host name or IP address')
  return url
}

/**
 * SMPP 3.4 operator adapter (npm `smpp`): one bound transceiver session, reconnected on demand.
 * Delivery receipts (deliver_sm) are reported through `onDelivery`. The message text is never
 * logged or put into an error.
 */
export class SmppSmsGateway implements SmsGateway {
  private session: Promise<SmppSession> | null = null
  private readonly url: URL

  constructor(
    private readonly options: SmppGatewayOptions,
    private readonly onDelivery: (providerRef: string, delivered: boolean) => void = () => {},
  ) {
    this.url = smppUrl(options.url)
    if (this.url.protocol !== 'ssmpp:' && !(this.url.protocol === 'smpp:' && LOOPBACK.has(this.url.hostname))) {
      throw new Error('The SMPP URL must be ssmpp:// (TLS); smpp:// is allowed only to a loopback proxy (S1).')
    }
  }

  private connect(): Promise<SmppSession> {
    if (this.session) return this.session
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const smpp = require('smpp') as SmppModule
    const tls = this.url.protocol === 'ssmpp:'
    const attempt = new Promise<SmppSession>((resolve, reject) => {
      const s = smpp.connect(
        {
          // Host, port and TLS exactly as checked above: the library's own URL parsing (legacy
          // url.parse) reads some strings differently, so it never sees the URL (S1).
          host: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
          port: this.url.port ? Number(this.url.port) : tls ? 3550 : 2775,
          tls,
          ...(tls ? { ...tlsSettings(this.options), servername: LOOPBACK.has(this.url.hostname) ? undefined : this.url.hostname } : {}),
        },
        () =>
          s.bind_transceiver({ system_id: this.options.systemId, password: this.options.password }, (pdu) => {
            if (pdu.command_status === 0) resolve(s)
            else {
              s.close()
              reject(new Error(`SMSC refused the bind (status ${pdu.command_status})`))
            }
          }),
      )
      s.on('error', (e: NodeJS.ErrnoException) => {
        this.session = null
        reject(connectionFailure(e, 'SMSC'))
      })
      s.on('close', () => {
        this.session = null
      })
      s.on('deliver_sm', (pdu: Pdu) => {
        s.send(pdu.response())
        const text = typeof pdu.short_message === 'string' ? pdu.short_message : String(pdu.short_message?.message ?? '')
        const id = pdu.receipted_message_id ?? /\bid:(\S+)/.exec(text)?.[1]
        if (id) this.onDelivery(id, /\bstat:DELIVRD\b/.test(text))
      })
    })
    this.session = attempt
    attempt.catch(() => {
      this.session = null
    })
    return attempt
  }

  async send(message: SmsMessage): Promise<SmsReceipt> {
    const session = await this.connect()
    return new Promise<SmsReceipt>((resolve, reject) => {
      const timer = setTimeout(() => reject(new TransientSmsError('SMSC did not answer in time')), this.options.timeoutMs ?? 10_000)
      session.submit_sm(
        {
          source_addr: this.options.sourceAddr,
          destination_addr: message.to.replace(/^\+/, ''),
          dest_addr_ton: 1,
          dest_addr_npi: 1,
          short_message: message.text,
          registered_delivery: 1,
        },
        (pdu) => {
          clearTimeout(timer)
          if (pdu.command_status === 0) resolve({ providerRef: pdu.message_id ?? null })
          else if (TRANSIENT_STATUS.has(pdu.command_status)) reject(new TransientSmsError(`SMSC busy (status ${pdu.command_status})`))
          else reject(new Error(`SMSC refused the message (status ${pdu.command_status})`))
        },
      )
    })
  }

  async close(): Promise<void> {
    const s = await this.session?.catch(() => null)
    s?.close()
    this.session = null
  }
}

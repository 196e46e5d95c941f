import { request } from 'node:https'
import { TransientSmsError, type SmsGateway, type SmsMessage, type SmsReceipt } from '../kernel/ports'
import { tlsSettings, type TlsOptions } from '../kernel/tls'
import { connectionFailure } from './tls'

export interface HttpsGatewayOptions extends TlsOptions {
  /** https:// endpoint accepting POST {"to","text"} and answering {"id"}. */
  url: string
  /** Sent as "Authorization: Bearer …". */
  token: string
  timeoutMs?: number
}

/**
 * A generic HTTPS JSON SMS operator. Only https:// is accepted (S1); certificates are verified.
 * 5xx, timeouts and connection errors are transient (the caller retries); 4xx is final.
 */
export class HttpsSmsGateway implements SmsGateway {
  private readonly url: URL

  constructor(private readonly options: HttpsGatewayOptions) {
    this.url = new URL(options.url)
    if (this.url.protocol !== 'https:') throw new Error('The SMS gateway URL must use https:// (S1).')
  }

  send(message: SmsMessage): Promise<SmsReceipt> {
    const body = JSON.stringify({ to: message.to, text: message.text })
    return new Promise((resolve, reject) => {
      const req = request(
        this.url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${this.options.token}` },
          timeout: this.options.timeoutMs ?? 10_000,
          ...tlsSettings(this.options),
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const status = res.statusCode ?? 0
            if (status >= 200 && status < 300) {
              let id: string | null
              try {
                const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id?: unknown }
                id = typeof parsed.id === 'string' ? parsed.id : null
              } catch {
                id = null
              }
              resolve({ providerRef: id })
            } else if (status >= 500 || status === 429) reject(new TransientSmsError(`operator answered ${status}`))
            else reject(new Error(`operator refused the message (${status})`))
          })
        },
      )
      req.on('timeout', () => req.destroy(new TransientSmsError('operator timeout')))
      // Network and TLS errors: the reason names the failure only (never the message).
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof TransientSmsError) return reject(e)
        reject(connectionFailure(e, 'operator'))
      })
      req.end(body)
    })
  }
}

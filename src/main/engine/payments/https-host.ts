import type { OutgoingHttpHeaders } from 'node:http'
import { request } from 'node:https'
import { tlsSettings, type TlsOptions } from '../kernel/tls'
import { HostTimeoutError, type AuthorizeRequest, type AuthorizeResult, type PaymentHost } from './payment-host'
import {
  authorizeBody,
  checkAmount,
  checkKey,
  DEFAULT_PAYMENT_TIMEOUT_MS,
  MAX_REPLY_BYTES,
  malformed,
  neverSeenReply,
  parseJson,
  parseResult,
  PaymentHostError,
  paymentHostUrl,
  refundReply,
  statusFailure,
  wireFailure,
  type Reply,
} from './acquirer-contract'

export { DEFAULT_PAYMENT_TIMEOUT_MS, PaymentHostError, paymentHostUrl, type PaymentHostFailure } from './acquirer-contract'

/** The bank's card processing host over HTTPS; the wire contract is in acquirer-contract.ts. */
export interface HttpsPaymentHostOptions extends TlsOptions {
  /** https://host[:port][/base/path], see `paymentHostUrl`. */
  url: string
  /** Sent as "Authorization: Bearer …". */
  token: string
  /** From connecting to the reply's last byte; default 15 000. */
  timeoutMs?: number
}

/** The production card processing host adapter (see acquirer-contract.ts). */
export class HttpsPaymentHost implements PaymentHost {
  private readonly origin: string
  private readonly basePath: string
  private readonly tls: ReturnType<typeof tlsSettings>
  private readonly timeoutMs: number

  constructor(private readonly options: HttpsPaymentHostOptions) {
    const url = paymentHostUrl(options.url)
    this.origin = url.origin
    this.basePath = url.pathname.replace(/\/$/, '')
    if (typeof options.token !== 'string' || !/^[\x21-\x7e]{1,4096}$/.test(options.token)) {
      throw new Error('The payment host token (TELLER_PAYMENT_TOKEN) must be 1..4096 visible ASCII characters.')
    }
    const timeoutMs = options.timeoutMs ?? DEFAULT_PAYMENT_TIMEOUT_MS
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) throw new Error('The payment host timeout must be 1..600000 ms.')
    this.timeoutMs = timeoutMs
    // Read once: a missing CA file stops the start, not the first payment.
    this.tls = tlsSettings(options)
  }

  async authorize(req: AuthorizeRequest): Promise<AuthorizeResult> {
    checkKey(req.idempotencyKey)
    checkAmount(req.amountTiyn)
    const reply = await this.call('POST', '/authorize', authorizeBody(req), req.idempotencyKey)
    if (reply.status !== 200) throw statusFailure(reply.status, 'authorize')
    return parseResult(reply.body, 'authorize')
  }

  async status(idempotencyKey: string): Promise<AuthorizeResult | null> {
    checkKey(idempotencyKey)
    const reply = await this.call('GET', `/payments/${idempotencyKey}`, null, null)
    if (reply.status === 404) {
      let named: boolean
      try {
        const seen = neverSeenReply.safeParse(parseJson(reply.body, 'status'))
        named = seen.success && seen.data.idempotencyKey === idempotencyKey
      } catch {
        named = false
      }
      if (!named) {
        throw new PaymentHostError('malformed-reply', 'The card processing host answered 404 without naming the payment (status): not taken as "never seen".', 404)
      }
      return null
    }
    if (reply.status !== 200) throw statusFailure(reply.status, 'status')
    return parseResult(reply.body, 'status')
  }

  async refund(req: { idempotencyKey: string; hostRef: string; amountTiyn: number }): Promise<{ refundRef: string }> {
    checkKey(req.idempotencyKey)
    checkAmount(req.amountTiyn)
    const body = Buffer.from(JSON.stringify({ idempotencyKey: req.idempotencyKey, hostRef: req.hostRef, amountTiyn: req.amountTiyn }), 'utf8')
    const reply = await this.call('POST', '/refunds', body, req.idempotencyKey)
    if (reply.status !== 200) throw statusFailure(reply.status, 'refund')
    const parsed = refundReply.safeParse(parseJson(reply.body, 'refund'))
    if (!parsed.success) throw malformed('refund', parsed.error.issues)
    return { refundRef: parsed.data.refundRef }
  }

  /**
   * One request on a fresh connection (no keep-alive: a stale pooled socket would turn a healthy
   * host into a "lost reply"). The body buffer is zeroed once the exchange is over.
   */
  private call(method: 'GET' | 'POST', path: string, body: Buffer | null, idempotencyKey: string | null): Promise<Reply> {
    const target = new URL(`${this.origin}${this.basePath}${path}`)
    const headers: OutgoingHttpHeaders = { accept: 'application/json', authorization: `Bearer ${this.options.token}` }
    if (body) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = body.length
    }
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey
    return new Promise<Reply>((resolve, reject) => {
      let done = false
      const finish = (error: Error | null, reply?: Reply): void => {
        if (done) return
        done = true
        clearTimeout(timer)
        body?.fill(0)
        if (error) reject(error)
        else resolve(reply!)
      }
      const req = request(target, { method, headers, agent: false, ...this.tls }, (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > MAX_REPLY_BYTES) {
            finish(new PaymentHostError('malformed-reply', `The card processing host's reply is too large (${method === 'GET' ? 'status' : path.slice(1)}).`, res.statusCode ?? null))
            req.destroy()
          } else chunks.push(chunk)
        })
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks) }))
        res.on('error', (e: NodeJS.ErrnoException) => finish(wireFailure(e)))
        res.on('close', () => {
          if (!res.complete) finish(new PaymentHostError('connection', 'The connection to the card processing host was lost during the reply.'))
        })
      })
      const timer = setTimeout(() => {
        finish(new HostTimeoutError())
        req.destroy()
      }, this.timeoutMs)
      req.on('error', (e: NodeJS.ErrnoException) => finish(wireFailure(e)))
      req.end(body ?? undefined)
    })
  }
}


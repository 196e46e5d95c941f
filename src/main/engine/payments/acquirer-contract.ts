import { z } from 'zod'
import { isTlsFailure } from '../kernel/tls'
import { HostTimeoutError, type AuthorizeRequest, type AuthorizeResult } from './payment-host'

/**
 * The card processing host (acquirer) over JSON and HTTPS: the production `PaymentHost`.
 *
 * The bank-side contract. `{base}` is TELLER_PAYMENT_URL (https:// only, S1: TLS 1.2+, the
 * certificate always verified, TELLER_PAYMENT_CA_FILE adds a bank CA). Every request carries
 * `Authorization: Bearer <TELLER_PAYMENT_TOKEN>` and `Accept: application/json`; bodies are
 * UTF-8 JSON (`Content-Type: application/json`). Redirects are not followed.
 *
 *   POST {base}/authorize            Idempotency-Key: <idempotencyKey>
 *     { "idempotencyKey": string, "pan": "16..19 digits", "expMonth": 1..12, "expYear": 2029,
 *       "cvv": "3..4 digits" | null (null: card-on-file), "amountTiyn": integer > 0,
 *       "currency": "KZT", "merchantRef": string }
 *     200 { "status": "approved" | "declined", "hostRef": string,
 *           "threeDsEnrolled": boolean, "threeDs": "authenticated" | "bypassed" | "not-enrolled",
 *           "declineReason": string | null }
 *     The host charges an idempotency key at most once: the same key again (whatever the body)
 *     is answered with the first result.
 *
 *   GET {base}/payments/{idempotencyKey}
 *     200 the same reply as authorize: the first result for that key
 *     404 { "idempotencyKey": "<the key asked for>" }: the host never saw this key. A 404 without
 *         that body (a proxy, a wrong base path) is an error, never "not charged".
 *
 *   POST {base}/refunds              Idempotency-Key: <idempotencyKey>
 *     { "idempotencyKey": string, "hostRef": string, "amountTiyn": integer > 0 }
 *     200 { "refundRef": string }    (the same key again: the same refund, made once)
 *
 * A reply is checked field by field: `hostRef` / `refundRef` 1..128 visible ASCII characters;
 * `declineReason` null when approved and 1..200 characters when declined; `threeDs` is
 * "not-enrolled" exactly when `threeDsEnrolled` is false. Extra fields are ignored. Anything else
 * (not JSON, a missing or wrong field, any status but the ones above) is an error, never an
 * approval. Idempotency keys are 1..128 characters of [A-Za-z0-9:._-], starting with a letter or
 * digit (the engine uses UUIDs and `refund:<uuid>`).
 *
 * Failures: no reply within `timeoutMs` (default 15 s, from connecting to the last byte) is a
 * `HostTimeoutError`; a connection reset, a TLS failure, an HTTP status other than the above or
 * a malformed reply is a `PaymentHostError`. The engine asks `status()` after any failed
 * authorisation and never sends it again. Error messages name the kind of failure only (a status
 * code, a timeout, TLS, which reply field was wrong): never the card number, CVV, token or the
 * reply's values; the socket's own error is not kept as a cause.
 */

export type PaymentHostFailure = 'http-status' | 'connection' | 'tls' | 'malformed-reply'

/** A failed exchange with the card processing host; the message names the kind of failure only. */
export class PaymentHostError extends Error {
  constructor(
    readonly kind: PaymentHostFailure,
    message: string,
    /** The HTTP status, when the host answered one. */
    readonly httpStatus: number | null = null,
  ) {
    super(message)
    this.name = 'PaymentHostError'
  }
}

export const DEFAULT_PAYMENT_TIMEOUT_MS = 15_000
export const MAX_REPLY_BYTES = 64 * 1024
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,127}$/

/**
 * The payment host URL, only as https://host[:port][/plain/path]: a user name or password,
 * query, fragment, backslash, percent sign, space, control or non-ASCII character, a dot segment
 * or a host written other than plainly is refused, since parsers disagree on such strings and the
 * connection must go where the URL plainly says (S1). Errors never echo the URL.
 */
export function paymentHostUrl(raw: string): URL {
  const refuse = (why: string): never => {
    throw new Error(`The payment host URL (TELLER_PAYMENT_URL) ${why}`)
  }
  if (typeof raw !== 'string' || raw.length === 0) refuse('is missing.')
  if (raw.length > 2048) refuse('is too long.')
  if (!/^https:\/\//i.test(raw)) refuse('must use https:// (S1).')
  if (raw.includes('\\')) refuse('must not contain a backslash.')
  if (/[^\x21-\x7e]/.test(raw)) refuse('must not contain spaces, control or non-ASCII characters.')
  if (raw.includes('@')) refuse('must not carry a user name or password (the token goes in TELLER_PAYMENT_TOKEN).')
  if (/[?#]/.test(raw)) refuse('must not carry a query string or fragment.')
  if (raw.includes('%')) refuse('must not contain percent-encoded characters.')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse('is not a valid URL.')
  }
  if (url.protocol !== 'https:') refuse('must use https:// (S1).')
  if (url.username || url.password) refuse('must not carry a user name or password.')
  const afterScheme = raw.slice('https://'.length)
  const slash = afterScheme.indexOf('/')
  const authority = (slash < 0 ? afterScheme : afterScheme.slice(0, slash)).toLowerCase().replace(/:443$/, '')
  const path = slash < 0 ? '' : afterScheme.slice(slash)
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)$/.test(url.hostname) || authority !== url.host) {
    refuse('needs a plain host name or IP address, written out in full (letters, digits, dots, dashes), and an optional port.')
  }
  if (!/^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*\/?$/.test(path) || url.pathname !== (path || '/')) {
    refuse('may carry only a plain base path (letters, digits, . _ ~ - in each segment; no . or .. segments).')
  }
  return url
}

export const reference = z.string().regex(/^[\x21-\x7e]{1,128}$/)
export const authorizeReply = z
  .object({
    status: z.enum(['approved', 'declined']),
    hostRef: reference,
    threeDsEnrolled: z.boolean(),
    threeDs: z.enum(['authenticated', 'bypassed', 'not-enrolled']),
    // eslint-disable-next-line no-control-regex
    declineReason: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/).nullable(),
  })
  .superRefine((r, ctx) => {
    if ((r.status === 'approved') !== (r.declineReason === null)) ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'inconsistent' })
    if (r.threeDsEnrolled !== (r.threeDs !== 'not-enrolled')) ctx.addIssue({ code: 'custom', path: ['threeDs'], message: 'inconsistent' })
  })
export const refundReply = z.object({ refundRef: reference })
export const neverSeenReply = z.object({ idempotencyKey: z.string() })

export interface Reply {
  status: number
  body: Buffer
}

/**
 * The authorisation body, with the CVV's digits copied byte by byte into a buffer of our own
 * (zeroed after sending) rather than into a string. The caller's CVV buffer is only read.
 */
export function authorizeBody(req: AuthorizeRequest): Buffer {
  const cvv = req.cvv
  if (cvv !== null && !(cvv.length >= 3 && cvv.length <= 4 && cvv.every((b) => b >= 0x30 && b <= 0x39))) {
    // The engine checked the CVV long before; this only keeps the body well-formed. Nothing is sent.
    throw new Error('The CVV is not 3 or 4 digits; nothing was sent to the card processing host.')
  }
  const head = JSON.stringify({ idempotencyKey: req.idempotencyKey, pan: req.pan, expMonth: req.expMonth, expYear: req.expYear }).slice(0, -1)
  const tail = JSON.stringify({ amountTiyn: req.amountTiyn, currency: req.currency, merchantRef: req.merchantRef }).slice(1)
  const parts: Buffer[] = [Buffer.from(`${head},"cvv":`, 'utf8')]
  if (cvv === null) parts.push(Buffer.from('null', 'utf8'))
  else {
    const quoted = Buffer.alloc(cvv.length + 2)
    quoted[0] = 0x22
    cvv.copy(quoted, 1)
    quoted[cvv.length + 1] = 0x22
    parts.push(quoted)
  }
  parts.push(Buffer.from(`,${tail}`, 'utf8'))
  const body = Buffer.concat(parts)
  for (const p of parts) p.fill(0)
  return body
}

export function checkKey(key: string): void {
  if (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key)) throw new Error('The idempotency key has an unexpected form; nothing was sent to the card processing host.')
}

export function checkAmount(amountTiyn: number): void {
  if (!Number.isSafeInteger(amountTiyn) || amountTiyn <= 0) throw new Error('The amount is not a positive whole number of tiyn; nothing was sent to the card processing host.')
}

export function parseResult(body: Buffer, what: 'authorize' | 'status'): AuthorizeResult {
  const parsed = authorizeReply.safeParse(parseJson(body, what))
  if (!parsed.success) throw malformed(what, parsed.error.issues)
  const r = parsed.data
  return { status: r.status, hostRef: r.hostRef, threeDsEnrolled: r.threeDsEnrolled, threeDs: r.threeDs, declineReason: r.declineReason }
}

/** JSON.parse's own message quotes the text; ours does not. */
export function parseJson(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown
  } catch {
    throw new PaymentHostError('malformed-reply', `The card processing host's reply is not JSON (${what}).`)
  }
}

/** Names the wrong fields by the schema's own keys only: zod's messages may quote the values received. */
export function malformed(what: string, issues: readonly { path: readonly PropertyKey[] }[]): PaymentHostError {
  const fields = [...new Set(issues.map((i) => (typeof i.path[0] === 'string' && /^[A-Za-z]{1,32}$/.test(i.path[0]) ? i.path[0] : 'reply')))]
  return new PaymentHostError('malformed-reply', `The card processing host's reply is malformed (${what}: ${fields.join(', ')}).`)
}

export function statusFailure(status: number, what: string): PaymentHostError {
  if (status >= 500) return new PaymentHostError('http-status', `The card processing host failed (${status}, ${what}).`, status)
  if (status >= 400) return new PaymentHostError('http-status', `The card processing host refused the request (${status}, ${what}).`, status)
  return new PaymentHostError('http-status', `The card processing host answered an unexpected status (${status}, ${what}).`, status)
}

/** A socket or TLS error, named by its code only; the original error (and anything it holds) is dropped. */
export function wireFailure(e: NodeJS.ErrnoException): Error {
  if (e instanceof HostTimeoutError || e instanceof PaymentHostError) return e
  const code = typeof e.code === 'string' && /^[A-Z0-9_]{1,64}$/.test(e.code) ? e.code : null
  return isTlsFailure(e)
    ? new PaymentHostError('tls', `TLS verification of the card processing host failed (${code ?? 'tls'}).`)
    : new PaymentHostError('connection', `The connection to the card processing host failed (${code ?? 'error'}).`)
}

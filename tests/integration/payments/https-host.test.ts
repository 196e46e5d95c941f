import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpsPaymentHost, PaymentHostError } from '../../../src/main/engine/payments/https-host'
import { HostTimeoutError, type AuthorizeRequest, type AuthorizeResult } from '../../../src/main/engine/payments/payment-host'
import { ErrorCode } from '../../../src/shared/errors'
import { CARDS, CVV as ENGINE_CVV, EXPIRY } from '../../support/cards'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'
import { startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import { makeCert } from '../../support/tls-cert'

const dir = tempDir('teller-acquirer-')
const tls = makeCert(dir.path)
const other = makeCert(dir.path, 'other') // a CA the adapter is told to trust, but not the one that signed the server
const TOKEN = 'acq-token-5f1e'
const PAN = CARDS.approve
const CVV = '4821'
const KEY = '6f1c3a52-2b7e-4d0e-9a51-0c7d2f4e8b11'

type Plan = 'reset' | 'hang' | 'charge-then-drop' | { status: number; body: string }

/**
 * A fake acquirer keeping its own ledger by idempotency key, as the contract in https-host.ts
 * says. `plan` overrides the next answers, one per request. `handled` lists every request that
 * reached the handler logic (after TLS).
 */
class FakeAcquirer {
  readonly handled: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = []
  readonly ledger = new Map<string, AuthorizeResult>()
  readonly authorizes = new Map<string, number>()
  plan: Plan[] = []
  private n = 0

  handle(req: IncomingMessage, res: ServerResponse, body: string): void {
    this.handled.push({ method: req.method!, url: req.url!, headers: req.headers, body })
    const json = (status: number, value: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: 'unauthorized' })
    const step = this.plan.shift()
    if (step === 'reset') return void req.socket.destroy()
    if (step === 'hang') return
    if (typeof step === 'object') return void res.writeHead(step.status, { 'content-type': 'application/json' }).end(step.body)
    if (req.method === 'POST' && req.url === '/acq/v1/authorize') {
      const r = JSON.parse(body) as AuthorizeRequest & { cvv: string | null }
      this.authorizes.set(r.idempotencyKey, (this.authorizes.get(r.idempotencyKey) ?? 0) + 1)
      let result = this.ledger.get(r.idempotencyKey)
      if (!result) {
        const declined = r.pan.startsWith('44004302')
        result = {
          status: declined ? 'declined' : 'approved',
          hostRef: `h-${++this.n}`,
          threeDsEnrolled: true,
          threeDs: 'authenticated',
          declineReason: declined ? 'insufficient-funds' : null,
        }
        this.ledger.set(r.idempotencyKey, result)
      }
      // Charged, then the reply is lost on the way back.
      if (step === 'charge-then-drop') return void req.socket.destroy()
      return json(200, result)
    }
    const status = /^\/acq\/v1\/payments\/([^/]+)$/.exec(req.url ?? '')
    if (req.method === 'GET' && status) {
      const seen = this.ledger.get(decodeURIComponent(status[1]!))
      return seen ? json(200, seen) : json(404, { idempotencyKey: decodeURIComponent(status[1]!) })
    }
    if (req.method === 'POST' && req.url === '/acq/v1/refunds') {
      const r = JSON.parse(body) as { idempotencyKey: string }
      return json(200, { refundRef: `rf-${r.idempotencyKey}` })
    }
    json(404, { error: 'no such route' })
  }

  authorizeCalls(): number {
    return this.handled.filter((h) => h.url === '/acq/v1/authorize').length
  }
}

const errors: unknown[] = [] // every error the adapter raised in this file, for the secret scan

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(Error)
  errors.push(e)
  return e as Error
}

describe('HttpsPaymentHost against a real HTTPS acquirer on loopback (S1, S14, S16)', () => {
  let server: HttpsServer
  let acquirer: FakeAcquirer
  let base = ''
  beforeAll(async () => {
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString('utf8')))
      req.on('end', () => acquirer.handle(req, res, body))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}/acq/v1`
  })
  beforeEach(() => {
    acquirer = new FakeAcquirer()
  })
  afterAll(() => {
    server.closeAllConnections()
    server.close()
    dir.cleanup()
  })

  const host = (extra: Partial<ConstructorParameters<typeof HttpsPaymentHost>[0]> = {}) => new HttpsPaymentHost({ url: base, token: TOKEN, caFile: tls.certFile, ...extra })
  const authorizeReq = (over: Partial<AuthorizeRequest> = {}): AuthorizeRequest => ({
    idempotencyKey: KEY,
    pan: PAN,
    expMonth: 12,
    expYear: 2029,
    cvv: Buffer.from(CVV),
    amountTiyn: 250_000,
    currency: 'KZT',
    merchantRef: 'pay-0001',
    ...over,
  })

  describe('the contract', () => {
    it('authorize (approved): the exact body, Bearer token, Idempotency-Key and JSON headers; the CVV buffer is only read', async () => {
      const cvv = Buffer.from(CVV)
      const result = await host().authorize(authorizeReq({ cvv }))
      expect(result).toEqual({ status: 'approved', hostRef: 'h-1', threeDsEnrolled: true, threeDs: 'authenticated', declineReason: null })
      expect(acquirer.handled).toHaveLength(1)
      const [seen] = acquirer.handled
      expect(seen).toMatchObject({ method: 'POST', url: '/acq/v1/authorize' })
      expect(seen!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'idempotency-key': KEY, 'content-type': 'application/json', accept: 'application/json' })
      expect(Number(seen!.headers['content-length'])).toBe(Buffer.byteLength(seen!.body))
      expect(JSON.parse(seen!.body)).toStrictEqual({ idempotencyKey: KEY, pan: PAN, expMonth: 12, expYear: 2029, cvv: CVV, amountTiyn: 250_000, currency: 'KZT', merchantRef: 'pay-0001' })
      expect(Object.keys(JSON.parse(seen!.body) as object)).toEqual(['idempotencyKey', 'pan', 'expMonth', 'expYear', 'cvv', 'amountTiyn', 'currency', 'merchantRef'])
      expect(cvv.toString()).toBe(CVV) // zeroing it is the caller's job
    })

    it('authorize (declined) with the reason; a card-on-file charge sends cvv: null; the same key again gets the first result', async () => {
      const declined = await host().authorize(authorizeReq({ pan: CARDS.decline, cvv: null }))
      expect(declined).toEqual({ status: 'declined', hostRef: 'h-1', threeDsEnrolled: true, threeDs: 'authenticated', declineReason: 'insufficient-funds' })
      expect(JSON.parse(acquirer.handled[0]!.body)).toMatchObject({ pan: CARDS.decline, cvv: null })
      await expect(host().authorize(authorizeReq({ pan: CARDS.decline, cvv: null }))).resolves.toEqual(declined)
      expect(acquirer.handled.map((h) => h.headers['idempotency-key'])).toEqual([KEY, KEY])
    })

    it('status: 200 is the first result, 404 naming the key is "never seen" (null); a bare 404 is an error, not "never seen"', async () => {
      const approved = await host().authorize(authorizeReq())
      await expect(host().status(KEY)).resolves.toEqual(approved)
      expect(acquirer.handled[1]).toMatchObject({ method: 'GET', url: `/acq/v1/payments/${KEY}`, body: '' })
      expect(acquirer.handled[1]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}` })
      await expect(host().status('00000000-0000-4000-8000-00000000beef')).resolves.toBeNull()
      acquirer.plan = [{ status: 404, body: '<html>Not Found</html>' }, { status: 404, body: JSON.stringify({ idempotencyKey: 'another' }) }]
      expect(await failure(host().status(KEY))).toMatchObject({ name: 'PaymentHostError', kind: 'malformed-reply', httpStatus: 404 })
      expect(await failure(host().status(KEY))).toMatchObject({ kind: 'malformed-reply' })
    })

    it('refund: body and Idempotency-Key; the refund reference comes back', async () => {
      await expect(host().refund({ idempotencyKey: `refund:${KEY}`, hostRef: 'h-9', amountTiyn: 250_000 })).resolves.toEqual({ refundRef: `rf-refund:${KEY}` })
      const [seen] = acquirer.handled
      expect(seen).toMatchObject({ method: 'POST', url: '/acq/v1/refunds' })
      expect(seen!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'idempotency-key': `refund:${KEY}`, 'content-type': 'application/json' })
      expect(JSON.parse(seen!.body)).toStrictEqual({ idempotencyKey: `refund:${KEY}`, hostRef: 'h-9', amountTiyn: 250_000 })
      acquirer.plan = [{ status: 200, body: JSON.stringify({ refundRef: '' }) }, { status: 409, body: '{}' }]
      expect(await failure(host().refund({ idempotencyKey: `refund:${KEY}`, hostRef: 'h-9', amountTiyn: 250_000 }))).toMatchObject({ kind: 'malformed-reply' })
      expect(await failure(host().refund({ idempotencyKey: `refund:${KEY}`, hostRef: 'h-9', amountTiyn: 250_000 }))).toMatchObject({ kind: 'http-status', httpStatus: 409 })
    })
  })

  describe('S1: TLS and the URL', () => {
    it('refuses a certificate it cannot verify (no CA file, or the wrong CA): a TLS error, the request never reaches the acquirer', async () => {
      const noCa = await failure(host({ caFile: undefined }).authorize(authorizeReq()))
      expect(noCa).toBeInstanceOf(PaymentHostError)
      expect(noCa).toMatchObject({ kind: 'tls', message: expect.stringMatching(/^TLS verification of the card processing host failed \([A-Z0-9_]+\)\.$/) })
      expect(await failure(host({ caFile: other.certFile }).status(KEY))).toMatchObject({ kind: 'tls' })
      expect(acquirer.handled).toEqual([])
    })

    it.each([
      [`http://127.0.0.1:1/acq/v1`, /https:\/\//],
      [`ftp://127.0.0.1:1/`, /https:\/\//],
      [`https://user:pw@127.0.0.1:1/acq`, /user name or password/],
      [`https://127.0.0.1:1@evil.example/acq`, /user name or password/],
      [`https://127.0.0.1:1/acq?x=1`, /query string or fragment/],
      [`https://127.0.0.1:1/acq#frag`, /query string or fragment/],
      [`https://127.0.0.1:1\\@evil.example/acq`, /backslash/],
      [`https://evil.example\\.127.0.0.1/`, /backslash/],
      [`https://127.0.0.1:1/acq/%2e%2e/admin`, /percent/],
      [`https://ev%69l.example/`, /percent/],
      [`https://127.0.0.1:1/acq/../admin`, /plain base path/],
      [`https://127.0.0.1:1/acq/./v1`, /plain base path/],
      [`https://127.0.0.1:1//acq`, /plain base path/],
      [`https://127.1:1/acq`, /host name or IP address/],
      [`https://0x7f.0.0.1:1/acq`, /host name or IP address/],
      [`https://127.0.0.1:/acq`, /host name or IP address/],
      [`https://ac\u0441uirer.example/`, /non-ASCII/],
      [`https://127.0.0.1:1/ acq`, /spaces/],
      [`https://127.0.0.1:1/acq\n`, /spaces/],
      [``, /missing/],
    ])('refuses %j at construction', (url, why) => {
      const e = (() => {
        try {
          new HttpsPaymentHost({ url, token: TOKEN, caFile: tls.certFile })
          return null
        } catch (x) {
          return x as Error
        }
      })()
      expect(e?.message).toMatch(why)
      expect(e?.message).toMatch(/TELLER_PAYMENT_URL/)
      expect(e?.message).not.toContain(TOKEN)
    })

    it('accepts a plain https:// base, with or without a port, path or trailing slash; refuses a token that is not a header value', () => {
      for (const url of ['https://acquirer.example', 'https://acquirer.example/', 'https://ACQUIRER.example:8443/acq/v1/', 'https://[::1]:8443/a_b~c-d.e', 'https://10.0.0.5:443/x']) {
        expect(() => new HttpsPaymentHost({ url, token: TOKEN })).not.toThrow()
      }
      for (const token of ['', 'a b', 'tok\r\nX-Evil: 1', 'тoken']) {
        expect(() => new HttpsPaymentHost({ url: base, token })).toThrow(/^The payment host token \(TELLER_PAYMENT_TOKEN\) must be/)
      }
    })
  })

  describe('failures are errors, never approvals', () => {
    it('a 5xx, a connection reset and a timeout: PaymentHostError(http-status), PaymentHostError(connection), HostTimeoutError', async () => {
      acquirer.plan = [{ status: 503, body: '{"error":"busy"}' }]
      const e5 = await failure(host().authorize(authorizeReq()))
      expect(e5).toMatchObject({ name: 'PaymentHostError', kind: 'http-status', httpStatus: 503, message: 'The card processing host failed (503, authorize).' })

      acquirer.plan = ['reset']
      const reset = await failure(host().authorize(authorizeReq()))
      expect(reset).toMatchObject({ name: 'PaymentHostError', kind: 'connection', message: expect.stringMatching(/^The connection to the card processing host failed \(ECONNRESET\)\.$/) })

      acquirer.plan = ['hang']
      const started = Date.now()
      const timeout = await failure(host({ timeoutMs: 300 }).authorize(authorizeReq()))
      expect(timeout).toBeInstanceOf(HostTimeoutError)
      expect(Date.now() - started).toBeLessThan(5_000)

      acquirer.plan = ['hang']
      expect(await failure(host({ timeoutMs: 300 }).status(KEY))).toBeInstanceOf(HostTimeoutError)
      expect(acquirer.authorizeCalls()).toBe(3) // each sent once: the adapter itself never re-sends
    })

    it('a 4xx on authorize is an error with the status code only', async () => {
      acquirer.plan = [{ status: 400, body: JSON.stringify({ error: `bad card ${PAN}` }) }]
      const e = await failure(host().authorize(authorizeReq()))
      expect(e).toMatchObject({ kind: 'http-status', httpStatus: 400, message: 'The card processing host refused the request (400, authorize).' })
      const unauthorized = await failure(host({ token: 'wrong-token' }).authorize(authorizeReq()))
      expect(unauthorized).toMatchObject({ httpStatus: 401, message: 'The card processing host refused the request (401, authorize).' })
      acquirer.plan = [{ status: 302, body: '' }]
      expect(await failure(host().authorize(authorizeReq()))).toMatchObject({ httpStatus: 302, message: expect.stringMatching(/unexpected status \(302/) })
    })

    const good: AuthorizeResult = { status: 'approved', hostRef: 'h-1', threeDsEnrolled: true, threeDs: 'authenticated', declineReason: null }
    it.each([
      ['approved without hostRef', { ...good, hostRef: undefined }, /hostRef/],
      ['status "maybe"', { ...good, status: 'maybe' }, /status/],
      ['status missing', { ...good, status: undefined }, /status/],
      ['hostRef empty', { ...good, hostRef: '' }, /hostRef/],
      ['hostRef not a string', { ...good, hostRef: 42 }, /hostRef/],
      ['hostRef too long', { ...good, hostRef: 'x'.repeat(129) }, /hostRef/],
      ['approved with a decline reason', { ...good, declineReason: 'insufficient-funds' }, /declineReason/],
      ['declined without a reason', { ...good, status: 'declined' }, /declineReason/],
      ['threeDsEnrolled a string', { ...good, threeDsEnrolled: 'true' }, /threeDsEnrolled/],
      ['enrolled yet "not-enrolled"', { ...good, threeDs: 'not-enrolled' }, /threeDs/],
      ['not enrolled yet "bypassed"', { ...good, threeDsEnrolled: false, threeDs: 'bypassed' }, /threeDs/],
      ['an array', [good], /reply/],
      ['null', null, /reply/],
    ])('a malformed reply (%s) is an error', async (_, reply, field) => {
      acquirer.plan = [{ status: 200, body: JSON.stringify(reply) }, { status: 200, body: JSON.stringify(reply) }]
      const e = await failure(host().authorize(authorizeReq()))
      expect(e).toMatchObject({ name: 'PaymentHostError', kind: 'malformed-reply', message: expect.stringMatching(/^The card processing host's reply is malformed \(authorize: /) })
      expect(e.message).toMatch(field)
      expect(await failure(host().status(KEY))).toMatchObject({ kind: 'malformed-reply' })
    })

    it('a reply that is not JSON, or too large, or cut off, is an error', async () => {
      acquirer.plan = [{ status: 200, body: '{"status":"approved",' }]
      expect(await failure(host().authorize(authorizeReq()))).toMatchObject({ kind: 'malformed-reply', message: "The card processing host's reply is not JSON (authorize)." })
      acquirer.plan = [{ status: 200, body: JSON.stringify({ ...good, padding: 'x'.repeat(70_000) }) }]
      expect(await failure(host().authorize(authorizeReq()))).toMatchObject({ kind: 'malformed-reply', message: expect.stringMatching(/too large/) })
      acquirer.plan = ['charge-then-drop']
      expect(await failure(host().authorize(authorizeReq()))).toMatchObject({ kind: 'connection' })
    })

    it('extra reply fields are ignored and never passed on', async () => {
      acquirer.plan = [{ status: 200, body: JSON.stringify({ ...good, rrn: '123456', pan: PAN }) }]
      await expect(host().authorize(authorizeReq())).resolves.toStrictEqual(good)
    })

    it('checks what it sends: an odd idempotency key, amount or CVV is refused before anything is sent', async () => {
      expect(await failure(host().authorize(authorizeReq({ idempotencyKey: '../admin' })))).toMatchObject({ message: expect.stringMatching(/idempotency key/) })
      expect(await failure(host().status('a/b'))).toMatchObject({ message: expect.stringMatching(/idempotency key/) })
      expect(await failure(host().authorize(authorizeReq({ amountTiyn: 0 })))).toMatchObject({ message: expect.stringMatching(/amount/) })
      expect(await failure(host().authorize(authorizeReq({ cvv: Buffer.from(`${CVV}",`) })))).toMatchObject({ message: expect.stringMatching(/CVV is not 3 or 4 digits/) })
      expect(acquirer.handled).toEqual([])
    })
  })

  it('S16: no error message, stack or property of any failure above holds the card number or the CVV', async () => {
    // A host that echoes the secrets back in bad replies, error bodies and status lines.
    const echo = JSON.stringify({ status: 'maybe', hostRef: PAN, threeDsEnrolled: CVV, threeDs: `${PAN}`, declineReason: `cvv ${CVV}` })
    for (const step of [
      { status: 200, body: echo },
      { status: 200, body: `not json ${PAN} ${CVV}` },
      { status: 422, body: echo },
      { status: 500, body: echo },
      { status: 404, body: echo },
      { status: 200, body: JSON.stringify({ status: 'approved', hostRef: `${PAN}-${CVV}`.repeat(10), threeDsEnrolled: true, threeDs: 'authenticated', declineReason: null }) },
    ]) {
      acquirer.plan = [step, step]
      await failure(host().authorize(authorizeReq()))
      await failure(host().status(KEY))
    }
    expect(errors.length).toBeGreaterThan(40)
    for (const e of errors) {
      const err = e as Error
      // Line and column numbers of the stack frames could hold any digits: they are not scanned.
      const stack = (err.stack ?? '').replace(/:\d+:\d+\)?$/gm, '')
      const everything = [err.message, stack, inspect(err, { depth: 5, showHidden: true }).replace(/:\d+:\d+\)?$/gm, ''), JSON.stringify({ ...Object.getOwnPropertyDescriptors(err), stack: undefined })]
      for (const text of everything) {
        expect(text).not.toContain(PAN)
        expect(text).not.toContain(PAN.slice(-8))
        expect(text).not.toContain(CVV)
        expect(text).not.toContain(TOKEN)
      }
      expect(err.cause).toBeUndefined()
    }
  })

  describe('end to end through the engine', () => {
    let t: TestEngine
    afterEach(async () => t?.close())
    const PHONE = '+77012345678'

    async function firstPayment() {
      const me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
      const intent = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: '+7 701 234 56 78' }, amountTiyn: 250_000, card: { kind: 'new', pan: CARDS.approve, expiry: EXPIRY, cvv: ENGINE_CVV } }, TELLER)
      const receipt = await t.engine.payments.confirm(me, intent.intentId, lastCode(t, PHONE), TELLER)
      return { intent, receipt }
    }

    it('a first payment is authorised by the acquirer exactly once, with the card, the CVV and the intent as idempotency key', async () => {
      t = await startTestEngine({}, { paymentHost: host() })
      expect(t.engine.simulator).toBeNull()
      const { intent, receipt } = await firstPayment()
      expect(receipt).toMatchObject({ state: 'approved', amountTiyn: 250_000, cardMasked: '440043******1237', threeDs: 'authenticated' })
      expect(acquirer.handled).toHaveLength(1)
      expect(acquirer.authorizes.get(intent.intentId)).toBe(1)
      const body = JSON.parse(acquirer.handled[0]!.body) as Record<string, unknown>
      expect(body).toMatchObject({ idempotencyKey: intent.intentId, pan: CARDS.approve, expMonth: 12, expYear: 2029, cvv: ENGINE_CVV, amountTiyn: 250_000, currency: 'KZT' })
      expect(acquirer.handled[0]!.headers['idempotency-key']).toBe(intent.intentId)
      const rows = (await t.engine.ds.query(`SELECT state, host_ref FROM payment`)) as { state: string; host_ref: string }[]
      expect(rows).toEqual([{ state: 'approved', host_ref: 'h-1' }])
      expect(t.logLines.join('\n')).not.toContain(CARDS.approve)
    })

    it('a lost reply (charged, then the connection dropped) is settled through status(), never authorised a second time', async () => {
      t = await startTestEngine({}, { paymentHost: host() })
      acquirer.plan = ['charge-then-drop']
      const { intent, receipt } = await firstPayment()
      expect(receipt).toMatchObject({ state: 'approved' })
      expect(acquirer.handled.map((h) => `${h.method} ${h.url}`)).toEqual(['POST /acq/v1/authorize', `GET /acq/v1/payments/${intent.intentId}`])
      expect(acquirer.authorizes.get(intent.intentId)).toBe(1)
      expect(acquirer.ledger.get(intent.intentId)?.status).toBe('approved')
    })

    it('a reply lost and the host unreachable: the payment stays pending (PAYMENT_PENDING), nothing is sent again', async () => {
      t = await startTestEngine({}, { paymentHost: host() })
      acquirer.plan = ['charge-then-drop', { status: 503, body: '{}' }]
      await expect(firstPayment()).rejects.toMatchObject({ code: ErrorCode.PAYMENT_PENDING })
      expect(acquirer.authorizeCalls()).toBe(1)
      const rows = (await t.engine.ds.query(`SELECT state FROM payment`)) as { state: string }[]
      expect(rows).toEqual([{ state: 'pending' }])
      // The minute's reconciliation asks the host again, by idempotency key only.
      await expect(t.engine.payments.reconcilePending()).resolves.toBe(1)
      expect((await t.engine.ds.query(`SELECT state FROM payment`)) as unknown).toEqual([{ state: 'approved' }])
      expect(acquirer.authorizeCalls()).toBe(1)
    })
  })
})

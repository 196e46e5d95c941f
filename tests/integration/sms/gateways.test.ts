import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { HttpsSmsGateway } from '../../../src/main/engine/sms/https-gateway'
import { ResilientSmsGateway } from '../../../src/main/engine/sms/resilient'
import { SmppSmsGateway } from '../../../src/main/engine/sms/smpp-gateway'
import { sessionKeySmsText } from '../../../src/main/engine/session-keys/session-keys.service'
import { startTestEngine, tempDir, type TestEngine } from '../../support/temp-engine'
import { makeCert } from '../../support/tls-cert'

// eslint-disable-next-line @typescript-eslint/no-require-imports
const smpp = require('smpp') as {
  createServer(options: { key: Buffer; cert: Buffer }, listener: (session: SmscSession) => void): { listen(port: number, cb: () => void): void; address(): AddressInfo; close(): void }
}
interface SmscPdu { system_id?: string; password?: string; destination_addr?: string; short_message?: { message?: string }; response(o?: Record<string, unknown>): unknown }
interface SmscSession { on(ev: string, cb: (pdu: SmscPdu) => void): void; send(pdu: unknown): void; deliver_sm(o: Record<string, unknown>): void }

const dir = tempDir('teller-sms-')
const tls = makeCert(dir.path)
const other = makeCert(dir.path, 'other') // a certificate the gateway does not trust
const TEXT = sessionKeySmsText('482913', 'verify', 'ru')

describe('SMS gateways against real servers on loopback, TLS verified (S1), retries and delivery status (issue 6)', () => {
  let t: TestEngine
  const received: { to: string; text: string }[] = []
  let smsc: ReturnType<typeof smpp.createServer>
  let smscPort = 0
  beforeAll(async () => {
    // An SMSC: checks the bind, accepts submit_sm, then sends a delivery receipt.
    smsc = smpp.createServer({ key: tls.key, cert: tls.cert }, (session) => {
      session.on('bind_transceiver', (pdu) => {
        const ok = pdu.system_id === 'bank' && pdu.password === 'smpp-pass'
        session.send(pdu.response(ok ? {} : { command_status: 0x0d }))
      })
      let n = 0
      session.on('submit_sm', (pdu) => {
        const id = `msg-${++n}`
        received.push({ to: pdu.destination_addr!, text: String(pdu.short_message?.message ?? '') })
        session.send(pdu.response({ message_id: id }))
        setTimeout(() => session.deliver_sm({ esm_class: 4, short_message: `id:${id} sub:001 dlvrd:001 stat:DELIVRD err:000` }), 20)
      })
      session.on('enquire_link', (pdu) => session.send(pdu.response()))
      session.on('unbind', (pdu) => session.send(pdu.response()))
    })
    await new Promise<void>((r) => smsc.listen(0, r))
    smscPort = smsc.address().port
  })
  afterAll(() => {
    smsc.close()
    dir.cleanup()
  })
  afterEach(async () => {
    await t?.close()
    received.length = 0
  })

  const status = async () => (await t.engine.ds.query(`SELECT gateway, status, attempts, provider_ref, last_error FROM sms_message`)) as Record<string, unknown>[]
  const resilient = (inner: ConstructorParameters<typeof ResilientSmsGateway>[0], name: 'smpp' | 'https') =>
    new ResilientSmsGateway(inner, name, t.engine.uow, t.clock, t.engine.logger, { attempts: 3, baseDelayMs: 1, sleep: async () => {} })

  it('SMPP over TLS: binds, submits the Kazakh/Russian text intact, records sent then delivered', async () => {
    t = await startTestEngine()
    let gw: ResilientSmsGateway | null = null
    const smppGw = new SmppSmsGateway(
      { url: `ssmpp://127.0.0.1:${smscPort}`, systemId: 'bank', password: 'smpp-pass', sourceAddr: 'BANK', caFile: tls.certFile },
      (ref, ok) => void gw!.delivered(ref, ok),
    )
    gw = resilient(smppGw, 'smpp')
    try {
      await expect(gw.send({ to: '+77012345678', text: TEXT, ref: 'k1' })).resolves.toEqual({ providerRef: 'msg-1' })
      expect(received).toEqual([{ to: '77012345678', text: TEXT }])
      await expect.poll(async () => (await status())[0]?.status).toBe('delivered')
      expect((await status())[0]).toMatchObject({ gateway: 'smpp', attempts: 1, provider_ref: 'msg-1' })
    } finally {
      await smppGw.close()
    }
    expect(t.logLines.join('\n')).not.toContain('482913')
  })

  it('SMPP refuses an SMSC whose certificate it cannot verify, and a wrong bind; plain smpp:// only to loopback', async () => {
    t = await startTestEngine()
    const untrusted = new SmppSmsGateway({ url: `ssmpp://127.0.0.1:${smscPort}`, systemId: 'bank', password: 'smpp-pass', sourceAddr: 'BANK', caFile: other.certFile })
    await expect(resilient(untrusted, 'smpp').send({ to: '+77012345678', text: TEXT })).rejects.toThrow(/TLS verification failed/)
    expect((await status())[0]).toMatchObject({ status: 'failed', attempts: 1 })
    const wrongPass = new SmppSmsGateway({ url: `ssmpp://127.0.0.1:${smscPort}`, systemId: 'bank', password: 'nope', sourceAddr: 'BANK', caFile: tls.certFile })
    await expect(wrongPass.send({ to: '+77012345678', text: TEXT })).rejects.toThrow(/refused the bind/)
    expect(received).toEqual([])
    expect(() => new SmppSmsGateway({ url: 'smpp://smsc.example.kz:2775', systemId: 'b', password: 'p', sourceAddr: 'B' })).toThrow(/ssmpp/)
  })

  describe('HTTPS JSON operator', () => {
    let server: HttpsServer
    let port = 0
    let answers: number[] = []
    const bodies: string[] = []
    beforeAll(async () => {
      server = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
        let body = ''
        req.on('data', (c: Buffer) => (body += c.toString()))
        req.on('end', () => {
          const code = answers.shift() ?? 200
          if (req.headers.authorization !== 'Bearer op-token') return res.writeHead(401).end()
          bodies.push(body)
          res.writeHead(code, { 'content-type': 'application/json' }).end(code === 200 ? JSON.stringify({ id: 'h-77' }) : '{}')
        })
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      port = (server.address() as AddressInfo).port
    })
    afterAll(() => server.close())

    it('retries 5xx with backoff and records the attempts; the body is the number and the text', async () => {
      t = await startTestEngine()
      answers = [503, 502, 200]
      bodies.length = 0
      const gw = resilient(new HttpsSmsGateway({ url: `https://127.0.0.1:${port}/sms`, token: 'op-token', caFile: tls.certFile }), 'https')
      await expect(gw.send({ to: '+77012345678', text: TEXT, ref: 'k2' })).resolves.toEqual({ providerRef: 'h-77' })
      expect((await status())[0]).toMatchObject({ gateway: 'https', status: 'sent', attempts: 3, provider_ref: 'h-77' })
      expect(JSON.parse(bodies.at(-1)!)).toEqual({ to: '+77012345678', text: TEXT })
      expect(t.logLines.join('\n')).not.toContain('482913')
      expect(t.logLines.filter((l) => l.includes('sms attempt failed'))).toHaveLength(2)
    })

    it('does not retry a refusal (4xx), refuses an unverifiable certificate, and refuses http://', async () => {
      t = await startTestEngine()
      answers = [400]
      const gw = resilient(new HttpsSmsGateway({ url: `https://127.0.0.1:${port}/sms`, token: 'op-token', caFile: tls.certFile }), 'https')
      await expect(gw.send({ to: '+77012345678', text: TEXT })).rejects.toThrow(/refused the message \(400\)/)
      expect((await status())[0]).toMatchObject({ status: 'failed', attempts: 1 })
      const noCa = new HttpsSmsGateway({ url: `https://127.0.0.1:${port}/sms`, token: 'op-token' })
      await expect(noCa.send({ to: '+77012345678', text: TEXT })).rejects.toThrow(/TLS verification failed/)
      expect(() => new HttpsSmsGateway({ url: `http://127.0.0.1:${port}/sms`, token: 'x' })).toThrow(/https/)
    })
  })
})

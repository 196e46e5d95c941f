import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SmppSmsGateway } from '../../../src/main/engine/sms/smpp-gateway'

const PASSWORD = 'smpp-pass'
const listen = (server: Server, host: string) => new Promise<number>((ok) => server.listen(0, host, () => ok((server.address() as AddressInfo).port)))

/**
 * S1: the SMPP URL is checked with WHATWG URL, but the `smpp` library parsed the URL string again
 * with the legacy url.parse, which reads a backslash as a slash. `smpp://A\@127.0.0.1` passed the
 * loopback check (host 127.0.0.1, user "A\") and the library then connected, in clear, to A.
 * Here A is a trap listener on 127.0.0.2 that records what it receives.
 */
describe('SMPP URL (S1): the connection goes where the check looked, odd URLs are refused', () => {
  const trap = createServer()
  const smsc = createServer()
  const seen: string[] = []
  const sockets: Socket[] = []
  let trapPort = 0
  let smscPort = 0
  beforeAll(async () => {
    trap.on('connection', (s) => {
      sockets.push(s)
      s.on('data', (d: Buffer) => seen.push(d.toString('latin1')))
    })
    smsc.on('connection', (s) => sockets.push(s))
    trapPort = await listen(trap, '127.0.0.2')
    smscPort = await listen(smsc, '127.0.0.1')
  })
  afterAll(() => {
    for (const s of sockets) s.destroy()
    trap.close()
    smsc.close()
  })

  it('smpp://<other host>\\@127.0.0.1 does not send the bind (with its password) to the other host in clear', async () => {
    const url = `smpp://127.0.0.2:${trapPort}\\@127.0.0.1:${smscPort}`
    const outcome = await (async () => {
      const gw = new SmppSmsGateway({ url, systemId: 'bank', password: PASSWORD, sourceAddr: 'BANK', timeoutMs: 500 })
      // An SMSC that never answers the bind leaves send() pending: give it a moment, then look.
      return Promise.race([gw.send({ to: '+77012345678', text: 'x' }), new Promise((r) => setTimeout(() => r('pending'), 1500))])
    })().catch((e: unknown) => e as Error)
    expect(seen.join('')).not.toContain(PASSWORD)
    expect(seen).toEqual([])
    expect((outcome as Error).message).toMatch(/user name|backslash/)
  })

  it.each([
    'smpp://evil\\@127.0.0.1:2775',
    'ssmpp://user@smsc.example.kz:3550',
    'ssmpp://user:pw@smsc.example.kz:3550',
    'ssmpp://smsc.example.kz:3550/path',
    'ssmpp://smsc.example.kz:3550?tls=0',
    'ssmpp://smsc.example.kz:3550#x',
    'ssmpp://smsc.example.kz:3550\\x',
    'ssmpp://smsc.example.kz :3550',
    'ssmpp://sm%73c.example.kz:3550',
  ])('refuses %s', (url) => {
    expect(() => new SmppSmsGateway({ url, systemId: 'bank', password: PASSWORD, sourceAddr: 'BANK' })).toThrow(/SMPP URL/)
  })

  it('accepts ssmpp://host:port and smpp:// to loopback', () => {
    expect(() => new SmppSmsGateway({ url: 'ssmpp://smsc.example.kz:3550', systemId: 'b', password: 'p', sourceAddr: 'B' })).not.toThrow()
    expect(() => new SmppSmsGateway({ url: 'ssmpp://smsc.example.kz', systemId: 'b', password: 'p', sourceAddr: 'B' })).not.toThrow()
    expect(() => new SmppSmsGateway({ url: `smpp://127.0.0.1:${smscPort}`, systemId: 'b', password: 'p', sourceAddr: 'B' })).not.toThrow()
  })
})

import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { z } from 'zod'
import type { CustomerLookupDto, StaffSessionDto } from '../../../src/shared/dto'
import { createTellerApi, type Invoke, type TellerApi } from '../../../src/shared/ipc/api'
import { allChannels, Channel, isChannel, type ChannelName } from '../../../src/shared/ipc/channels'
import {
  contract,
  customerChannels,
  domains,
  supervisorChannels,
  type ChannelsOf,
  type RequestOf,
  type ResponseOf,
} from '../../../src/shared/ipc/contract'
import { empty } from '../../../src/shared/ipc/contract/schemas'
import type { Result } from '../../../src/shared/result'

type Row = (typeof contract)[ChannelName]

const rows = Object.entries(domains).flatMap(([domain, methods]) =>
  Object.entries(methods as Record<string, Row>).map(([method, row]) => ({ domain, method, row })),
)

function recordingApi() {
  const invoke = vi.fn(async (_channel: string, _payload: unknown) => ({ ok: true as const, value: null }))
  return { invoke, api: createTellerApi(invoke as unknown as Invoke) }
}

describe('IPC contract rows', () => {
  it('name every channel domain:action, once, with a known access level and a zod request schema', () => {
    const names = rows.map((r) => r.row.name)
    expect(new Set(names).size).toBe(names.length)
    for (const { row } of rows) {
      expect(row.name).toMatch(/^[a-z]+:[a-zA-Z]+$/)
      expect(['none', 'staff', 'teller', 'supervisor']).toContain(row.access)
      expect(row.request).toBeInstanceOf(z.ZodType)
    }
  })

  it('are what the channel list, the lookup and the Channel constants are made of', () => {
    expect([...allChannels].sort()).toEqual(rows.map((r) => r.row.name).sort())
    expect(Object.keys(contract).sort()).toEqual([...allChannels].sort())
    for (const { row } of rows) {
      expect(contract[row.name]).toBe(row)
      expect(isChannel(row.name)).toBe(true)
    }
    expect(isChannel('staff:nope')).toBe(false)
    expect(isChannel('toString')).toBe(false)
    // One constant per row, none shared: a clash would hide a channel from the handlers' keys.
    expect(Object.keys(Channel)).toHaveLength(rows.length)
    expect(Object.values(Channel).sort()).toEqual([...allChannels].sort())
    expect(Channel.CustomerLookup).toBe(customerChannels.lookup.name)
    expect(Channel.PaymentsHistory).toBe('payment:history')
  })

  it('use the shared empty schema for every request without fields, so no-argument methods send {}', () => {
    for (const { domain, method, row } of rows) {
      if (row.request instanceof z.ZodObject && Object.keys(row.request.shape).length === 0) {
        expect(row.request, `${domain}.${method}`).toBe(empty)
      }
    }
  })
})

describe('window.teller', () => {
  it('has exactly one method per channel, and each method calls only its own channel', async () => {
    const { invoke, api } = recordingApi()
    const called: string[] = []
    for (const { domain, method, row } of rows) {
      invoke.mockClear()
      await (api as unknown as Record<string, Record<string, (a?: unknown) => Promise<unknown>>>)[domain]![method]!({})
      expect(invoke, `${domain}.${method}`).toHaveBeenCalledTimes(1)
      expect(invoke.mock.calls[0]![0], `${domain}.${method}`).toBe(row.name)
      called.push(invoke.mock.calls[0]![0])
    }
    expect(called.sort()).toEqual([...allChannels].sort())
    const apiMethods = Object.entries(api).flatMap(([d, m]) => Object.keys(m).map((k) => `${d}.${k}`))
    expect(apiMethods.sort()).toEqual(rows.map((r) => `${r.domain}.${r.method}`).sort())
  })

  it('passes the payload through unchanged, and sends {} for channels that take none', async () => {
    const { invoke, api } = recordingApi()
    const req = { phone: '+7 701 123 45 67', purpose: 'verify' as const }
    await api.customer.requestKey(req)
    expect(invoke).toHaveBeenLastCalledWith('verification:send', req)
    expect(invoke.mock.lastCall![1]).toBe(req)
    await api.supervisor.block({ phone: '+77011234567', reason: 'card stolen' })
    expect(invoke).toHaveBeenLastCalledWith('customer:block', { phone: '+77011234567', reason: 'card stolen' })
    await api.payments.history()
    expect(invoke).toHaveBeenLastCalledWith('payment:history', {})
    // Untyped page code cannot smuggle a payload into a channel that takes none, nor pick the channel.
    await (api.staff.list as (a: unknown) => Promise<unknown>)({ channel: 'staff:create', login: 'x' })
    expect(invoke).toHaveBeenLastCalledWith('staff:list', {})
    await (api.customer.lookup as (a: unknown) => Promise<unknown>)({ channel: 'staff:create' })
    expect(invoke.mock.lastCall![0]).toBe('customer:lookup')
  })

  it('is named functions only: no generic invoke, nothing but the contract domains', () => {
    const { api } = recordingApi()
    expect(Object.keys(api).sort()).toEqual(Object.keys(domains).sort())
    for (const [domain, methods] of Object.entries(api)) {
      expect(Object.getPrototypeOf(methods), domain).toBe(Object.prototype)
      for (const [name, fn] of Object.entries(methods)) {
        expect(typeof fn, `${domain}.${name}`).toBe('function')
        expect(name).not.toMatch(/invoke|send|call|channel/i)
      }
    }
  })
})

describe('derived types', () => {
  it('give window.teller the request and reply types of each row', () => {
    expectTypeOf<TellerApi['customer']['lookup']>().toEqualTypeOf<(req: { phone: string }) => Promise<Result<CustomerLookupDto>>>()
    expectTypeOf<TellerApi['staff']['session']>().toEqualTypeOf<() => Promise<Result<StaffSessionDto | null>>>()
    expectTypeOf<RequestOf<typeof Channel.CustomerLookup>>().toEqualTypeOf<{ phone: string }>()
    expectTypeOf<ResponseOf<'customerwin:askSignIn'>>().toEqualTypeOf<null>()
    expectTypeOf(Channel.PasswordChangeRequest).toEqualTypeOf<'customer:passwordChangeRequest'>()
    expectTypeOf<ChannelsOf<typeof supervisorChannels>>().toEqualTypeOf<'lockouts:list' | 'customer:block' | 'customer:unblock'>()
    expectTypeOf<ChannelsOf<typeof supervisorChannels | typeof customerChannels>>().toMatchTypeOf<ChannelName>()
    expectTypeOf<'customer:lookup'>().toMatchTypeOf<ChannelsOf<typeof supervisorChannels | typeof customerChannels>>()
  })
})

import { describe, expect, it, vi } from 'vitest'
import { createTellerApi } from '../../../src/shared/ipc/api'
import { allChannels } from '../../../src/shared/ipc/channels'
import { contract } from '../../../src/shared/ipc/contract'

describe('IPC contract', () => {
  it('has a request schema and an access level for every channel, and channels are domain:action', () => {
    expect(Object.keys(contract).sort()).toEqual([...allChannels].sort())
    for (const ch of allChannels) {
      expect(ch).toMatch(/^[a-z]+:[a-zA-Z]+$/)
      expect(['none', 'staff', 'teller', 'supervisor']).toContain(contract[ch].access)
    }
  })

  it('window.teller exposes one named method per channel and nothing generic', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: null }))
    const api = createTellerApi(invoke as never)
    const called: string[] = []
    for (const [domain, methods] of Object.entries(api)) {
      for (const [name, fn] of Object.entries(methods as Record<string, (a?: unknown) => Promise<unknown>>)) {
        expect(name).not.toMatch(/invoke|send|call/i)
        invoke.mockClear()
        await fn({})
        expect(invoke, `${domain}.${name}`).toHaveBeenCalledTimes(1)
        called.push((invoke.mock.calls[0] as unknown as [string])[0])
      }
    }
    expect(called.sort()).toEqual([...allChannels].sort())
  })
})

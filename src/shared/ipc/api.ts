import type { z } from 'zod'
import type { Result } from '../result'
import { domains, type AnyRow, type ChannelName, type Domains, type RequestOf, type ResponseOf } from './contract/domains'
import type { ChannelSpec } from './contract/define'
import { empty } from './contract/schemas'

export type Invoke = <C extends ChannelName>(channel: C, payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

/** A channel whose request is the empty object is called without an argument. */
type ApiMethod<R> =
  R extends ChannelSpec<string, infer S, infer T>
    ? z.input<S> extends Record<string, never>
      ? () => Promise<Result<T>>
      : (req: z.input<S>) => Promise<Result<T>>
    : never

/** The typed API the renderer sees as `window.teller`: one named method per channel, no generic invoke. */
export type TellerApi = { [D in keyof Domains]: { [M in keyof Domains[D]]: ApiMethod<Domains[D][M]> } }

/**
 * Each method closes over its own row's name, so the page can call only the channels listed in
 * the contract and never name one itself.
 */
export function createTellerApi(invoke: Invoke): TellerApi {
  const api: Record<string, Record<string, (req?: unknown) => Promise<unknown>>> = {}
  for (const [domain, rows] of Object.entries(domains)) {
    const methods: Record<string, (req?: unknown) => Promise<unknown>> = {}
    for (const [method, row] of Object.entries(rows) as [string, AnyRow][]) {
      // A method typed without an argument sends {} whatever it is called with, as it always has.
      methods[method] = row.request === empty ? () => invoke(row.name, {} as never) : (req) => invoke(row.name, (req ?? {}) as never)
    }
    api[domain] = methods
  }
  return api as TellerApi
}

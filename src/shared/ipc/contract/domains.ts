import type { z } from 'zod'
import { approvalChannels } from './approvals'
import { auditChannels } from './audit'
import { customerChannels } from './customer'
import { customerWindowChannels } from './customer-window'
import type { ChannelSpec, ResponseMarker } from './define'
import { disputeChannels } from './disputes'
import { paymentChannels } from './payments'
import { staffChannels } from './staff'
import { supervisorChannels } from './supervisor'
import { systemChannels } from './system'

// Every other view of the contract (names, lookups, window.teller) is derived from these rows,
// so a channel is declared once: a row in its domain's file.

/** The rows by `window.teller` namespace; the keys are the API's domain names. */
export const domains = {
  system: systemChannels,
  staff: staffChannels,
  customer: customerChannels,
  supervisor: supervisorChannels,
  payments: paymentChannels,
  disputes: disputeChannels,
  audit: auditChannels,
  customerWindow: customerWindowChannels,
  approvals: approvalChannels,
}

export type Domains = typeof domains
export type AnyRow = { [D in keyof Domains]: Domains[D][keyof Domains[D]] }[keyof Domains]

type RowsByName = { [R in AnyRow as R['name']]: R }

export type ChannelName = AnyRow['name']

const allRows: readonly AnyRow[] = Object.values(domains).flatMap((d): AnyRow[] => Object.values(d))

export const allChannels: readonly ChannelName[] = allRows.map((r) => r.name)

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (allChannels as readonly string[]).includes(value)
}

/** Access and request schema by channel name: what the dispatcher checks before a handler runs. */
export const contract = Object.fromEntries(allRows.map((r) => [r.name, r])) as unknown as RowsByName

export type RequestOf<C extends ChannelName> = z.input<RowsByName[C]['request']>
export type ParsedRequestOf<C extends ChannelName> = z.output<RowsByName[C]['request']>
export type ResponseOf<C extends ChannelName> = RowsByName[C]['response'] extends ResponseMarker<infer T> ? T : never

type PascalOf<N extends string> = N extends `${infer D}:${infer A}` ? `${Capitalize<D>}${Capitalize<A>}` : never
type ConstantOf<R extends ChannelSpec> = [NonNullable<R['constant']>] extends [never] ? PascalOf<R['name']> : NonNullable<R['constant']>

function constantOf(row: ChannelSpec): string {
  return row.constant ?? row.name.split(':').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')
}

/** `Channel.CustomerLookup === 'customer:lookup'`: the name constants main-process handlers key their maps by. */
export const Channel = Object.fromEntries(allRows.map((r) => [constantOf(r), r.name])) as unknown as {
  readonly [R in AnyRow as ConstantOf<R>]: R['name']
}

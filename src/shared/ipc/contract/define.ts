import type { z } from 'zod'
import type { StaffRole } from '../../dto'

/**
 * Who may call a channel. `none`: before staff sign-in; `staff`: any signed-in role;
 * otherwise the exact role (a supervisor may also do what a teller does).
 */
export type Access = 'none' | 'staff' | StaffRole

declare const responseType: unique symbol

/** Carries a channel's reply type for the compiler only; nothing at run time depends on it. */
export interface ResponseMarker<T> {
  readonly [responseType]?: T
}

const marker: ResponseMarker<never> = Object.freeze({})

export function response<T>(): ResponseMarker<T> {
  return marker
}

/** One IPC channel: the single place its wire name, access, request and reply are written down. */
export interface ChannelSpec<N extends string = string, S extends z.ZodType = z.ZodType, R = unknown, K extends string = string> {
  readonly name: N
  readonly access: Access
  readonly request: S
  readonly response: ResponseMarker<R>
  /**
   * The `Channel.X` key, for the few channels whose key is not the PascalCase of the name
   * (`payment:history` is `Channel.PaymentsHistory`); main-process handlers already use those keys.
   */
  readonly constant?: K
}

export function channel<const N extends `${string}:${string}`, S extends z.ZodType, R, const K extends string = never>(spec: {
  name: N
  access: Access
  request: S
  response: ResponseMarker<R>
  constant?: K
}): ChannelSpec<N, S, R, K> {
  return spec
}

/** A domain's rows keyed by their `window.teller.<domain>` method name. */
export type ChannelDomain = Readonly<Record<string, ChannelSpec>>

/** The channel names of one domain (or of a union of domains), for typing a handler module's map. */
export type ChannelsOf<D extends ChannelDomain> = D extends ChannelDomain ? D[keyof D]['name'] : never

import type { Actor } from '../../src/main/engine/staff/staff.service'
import type { Engine } from '../../src/main/app/composition-root'
import type { TestEngine } from './temp-engine'

export const TELLER: Actor = { staffId: '00000000-0000-4000-8000-000000000001', workstation: 'ws-test-1' }
export const OTHER_WORKSTATION: Actor = { staffId: '00000000-0000-4000-8000-000000000002', workstation: 'ws-test-2' }
export const SUPERVISOR: Actor = { staffId: '00000000-0000-4000-8000-000000000009', workstation: 'ws-sup' }

/** The six digits of the newest SMS to a phone, read from the embedded outbox (the "customer's phone"). */
export function lastCode(t: TestEngine, phone: string): string {
  const sms = t.engine.outbox!.last(phone)
  const m = sms && /\b(\d{6})\b/.exec(sms.text)
  if (!m) throw new Error(`no session key SMS to ${phone}`)
  return m[1]!
}

/** A code that is surely not the right one. */
export function wrongCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0')
}

/** Verification, then registration with a fresh key (S5.2, S8), all through the engine. */
export async function registerCustomer(t: TestEngine, phone: string, password: string, name = 'Aruzhan Test'): Promise<string> {
  const c = t.engine.customers
  await c.sendKey(phone, 'verify', TELLER)
  await c.confirmVerification(phone, lastCode(t, phone), TELLER)
  await c.sendKey(phone, 'register', TELLER)
  const created = await c.register({ phone, name, dateOfBirth: '1990-05-17', password, code: lastCode(t, phone) }, TELLER)
  return created.id
}

/**
 * Whether a customer is registered, and under which name, read through the engine's own vault
 * (the teller's lookup no longer names the customer, issue 12).
 */
export async function registeredName(engine: Engine, phone: string): Promise<string | null> {
  const row = await engine.customerVault.findByPhone(phone)
  return row ? engine.customerVault.open(row).name : null
}

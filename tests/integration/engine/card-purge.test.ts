import { rmSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { loadConfig } from '../../../src/main/app/config'
import { createEngine } from '../../../src/main/app/composition-root'
import { FakeClock } from '../../support/fake-clock'
import { FAST_ARGON2, startTestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'
import { CARDS, CVV, EXPIRY } from '../../support/cards'

const PHONE = '+77012345678'

/**
 * Issue 12: saved cards unused for TELLER_CARD_PURGE_MONTHS (default 13) are purged at start and
 * daily: the sealed PAN overwritten, the card gone from the list, each purge audited with the last
 * 4 digits at most.
 */
describe('saved cards unused for months are purged, each purge audited (issue 12, S16)', () => {
  it('at start: a card unused for 13 months is dropped (no sealed PAN), one used since is kept; the audit holds no card number', async () => {
    const clock = new FakeClock('2025-01-10T04:00:00.000Z')
    const t = await startTestEngine({}, { clock })
    const me = { customerId: await registerCustomer(t, PHONE, 'qwerty1!'), phone: PHONE }
    const pay = async (pan: string) => {
      clock.advance(61_000)
      const i = await t.engine.payments.start(me, { providerId: 'kcell', params: { phone: '+7 701 234 56 78' }, amountTiyn: 250_000, card: { kind: 'new', pan, expiry: EXPIRY, cvv: CVV } }, TELLER)
      return t.engine.payments.confirm(me, i.intentId, lastCode(t, PHONE), TELLER)
    }
    await pay(CARDS.approve)
    clock.set('2025-06-10T04:00:00.000Z')
    await pay(CARDS.mastercard)
    await t.engine.close()
    clock.set('2026-02-11T04:00:00.000Z') // 13 months and a day after the Visa's last use
    const engine = await createEngine({
      config: loadConfig({}, { appVersion: '0.0.0-test', shell: 'browser', dataDir: t.dataDir, workstation: 'ws-test-1', idleTimeoutSeconds: 300 }),
      clock,
      argon2: FAST_ARGON2,
    })
    try {
      await vi.waitFor(async () => expect(await engine.payments.cards(me.customerId)).toHaveLength(1))
      expect(await engine.payments.cards(me.customerId)).toEqual([expect.objectContaining({ masked: '516930******4564' })])
      const rows = (await engine.ds.query(`SELECT masked, pan_sealed, status FROM card ORDER BY masked`)) as { masked: string; pan_sealed: string; status: string }[]
      expect(rows.find((r) => r.masked === '440043******1237')).toMatchObject({ status: 'dropped', pan_sealed: 'k0:v1.none' })
      const events = (await engine.auditReview.search({ action: 'card.purged' }, null)).rows
      expect(events).toHaveLength(1)
      expect(events[0]!.details).toMatchObject({ cardLast4: '1237', customerId: me.customerId })
      const raw = JSON.stringify(await engine.ds.query(`SELECT details FROM audit_event WHERE action = 'card.purged'`))
      expect(raw).not.toContain('440043')
      expect(raw).not.toContain(CARDS.approve)
      // Daily: the Mastercard's turn comes 13 months after its last use; a second run finds nothing more.
      clock.set('2026-07-11T04:00:00.000Z')
      expect(await engine.cardPurge.run()).toBe(1)
      expect(await engine.cardPurge.run()).toBe(0)
      expect(await engine.payments.cards(me.customerId)).toEqual([])
      // The history still shows both payments by their masked numbers.
      expect((await engine.payments.history(me.customerId)).map((p) => p.cardMasked).sort()).toEqual(['440043******1237', '516930******4564'])
    } finally {
      await engine.close()
      rmSync(t.dataDir, { recursive: true, force: true })
    }
  })

  it('TELLER_CARD_PURGE_MONTHS sets the period (a positive whole number)', () => {
    const base = { appVersion: 't', shell: 'browser' as const }
    expect(loadConfig({}, base)).toMatchObject({ cardPurgeMonths: 13 })
    expect(loadConfig({ TELLER_CARD_PURGE_MONTHS: '6' }, base)).toMatchObject({ cardPurgeMonths: 6 })
    expect(() => loadConfig({ TELLER_CARD_PURGE_MONTHS: '0' }, base)).toThrow('TELLER_CARD_PURGE_MONTHS must be a positive whole number.')
  })
})

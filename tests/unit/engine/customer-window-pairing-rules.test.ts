import { describe, expect, it } from 'vitest'
import { PairingAttempts, PAIRING_COOLING_MS, PAIRING_TRIES_GLOBAL, PAIRING_TRIES_PER_PAGE } from '../../../src/main/engine/counter/customer-window-pairing-rules'

describe('pairing-code guess limits (issue 12)', () => {
  it('a page is refused for the cooling period after its 5th wrong code, which voids the codes', () => {
    const g = new PairingAttempts()
    for (let i = 1; i < PAIRING_TRIES_PER_PAGE; i++) expect(g.failed('p', 0)).toBe(false)
    expect(g.lockedMs('p', 0)).toBe(0)
    expect(g.failed('p', 0)).toBe(true)
    expect(g.lockedMs('p', 1000)).toBe(PAIRING_COOLING_MS - 1000)
    expect(g.lockedMs('other', 1000)).toBe(0)
    expect(g.lockedMs('p', PAIRING_COOLING_MS)).toBe(0)
  })

  it('the workstation-wide cap counts every page: 20 wrong codes in 5 minutes refuse everyone', () => {
    const g = new PairingAttempts()
    let voided = 0
    for (let i = 0; i < PAIRING_TRIES_GLOBAL; i++) if (g.failed(`page-${i}`, i)) voided++
    expect(voided).toBe(1)
    expect(g.lockedMs('a-new-page', PAIRING_TRIES_GLOBAL)).toBeGreaterThan(0)
  })

  it('wrong codes spread over more than the cooling period do not add up', () => {
    const g = new PairingAttempts()
    for (let i = 0; i < 40; i++) expect(g.failed(`page-${i}`, i * (PAIRING_COOLING_MS / 10))).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { assertNotExpired, expiryLabel, maskPan } from '../../../src/main/engine/payments/card-rules'

describe('card expiry: good through the last day of its month, in Almaty', () => {
  it('is still good on the last evening of the expiry month in Almaty', () => {
    expect(() => assertNotExpired(3, 2026, new Date('2026-03-31T18:59:59.000Z'))).not.toThrow()
  })

  it('has expired at Almaty midnight, while UTC is still in the expiry month', () => {
    expect(() => assertNotExpired(3, 2026, new Date('2026-03-31T19:00:00.000Z'))).toThrow(expect.objectContaining({ code: ErrorCode.CARD_EXPIRED }))
  })

  it('compares across years: December to January', () => {
    expect(() => assertNotExpired(12, 2026, new Date('2026-12-31T18:00:00.000Z'))).not.toThrow()
    expect(() => assertNotExpired(12, 2026, new Date('2026-12-31T19:00:00.000Z'))).toThrow(expect.objectContaining({ code: ErrorCode.CARD_EXPIRED }))
    expect(() => assertNotExpired(1, 2027, new Date('2026-12-31T19:00:00.000Z'))).not.toThrow()
  })
})

describe('PAN masking (PCI DSS 3.4.1)', () => {
  it('shows the first 6 and last 4 digits only, whatever the length', () => {
    expect(maskPan('4400430000001237')).toBe('440043******1237')
    expect(maskPan('4400430000000001237')).toBe('440043*********1237')
  })

  it('prints the expiry as on the card', () => {
    expect(expiryLabel(3, 2029)).toBe('03/29')
    expect(expiryLabel(12, 2030)).toBe('12/30')
  })
})

import { describe, expect, it } from 'vitest'
import type { ProviderDto } from '../../../src/shared/dto'
import { ErrorCode } from '../../../src/shared/errors'
import { checkPayment } from '../../../src/main/engine/payments/catalog-rules'

const text = (en: string) => ({ en, ru: en, kk: en })
const provider: ProviderDto = {
  id: 'water',
  category: 'utilities',
  name: text('Water'),
  params: [
    { id: 'account', label: text('Account number'), pattern: '\\d{6}', hint: text('6 digits') },
    { id: 'flat', label: text('Flat'), pattern: '\\d{1,4}', hint: text('1-4 digits') },
  ],
  minTiyn: 10_000,
  maxTiyn: 500_000,
}
const patterns: Record<string, RegExp> = { account: /^(?:\d{6})$/, flat: /^(?:\d{1,4})$/ }
const check = (params: Record<string, string>, amountTiyn = 10_000) => checkPayment(provider, (id) => patterns[id]!, params, amountTiyn)

describe('provider catalog check (S14 steps a and b)', () => {
  it('needs a provider from the list', () => {
    expect(() => checkPayment(undefined, (id) => patterns[id]!, { account: '123456', flat: '1' }, 10_000)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: { field: 'providerId' } }))
  })

  it('removes whitespace, then matches every parameter against its whole pattern', () => {
    expect(check({ account: ' 123 456 ', flat: '12' })).toEqual({ provider, params: { account: '123456', flat: '12' } })
    expect(() => check({ account: '1234567', flat: '1' })).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, message: 'The account number is not valid (6 digits).', details: { field: 'params.account' } }))
    expect(() => check({ account: '123456' })).toThrow(expect.objectContaining({ details: { field: 'params.flat' } }))
  })

  it('refuses parameters the provider does not ask for, naming the first', () => {
    expect(() => check({ account: '123456', flat: '1', pin: '1234', memo: 'x' })).toThrow(
      expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, message: 'Unknown payment parameters.', details: { field: 'params.pin' } }),
    )
  })

  it('refuses a parameter named like an Object.prototype member (own properties only)', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(() => check({ account: '123456', flat: '1', [name]: 'x' })).toThrow(
        expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: { field: `params.${name}` } }),
      )
    }
  })

  it('keeps the amount within the provider\'s bounds, inclusive, in whole tiyn', () => {
    expect(() => check({ account: '123456', flat: '1' }, 10_000)).not.toThrow()
    expect(() => check({ account: '123456', flat: '1' }, 500_000)).not.toThrow()
    for (const amount of [9_999, 500_001, 10_000.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1]) {
      expect(() => check({ account: '123456', flat: '1' }, amount)).toThrow(expect.objectContaining({ code: ErrorCode.AMOUNT_OUT_OF_RANGE, details: { field: 'amountTiyn', minTiyn: 10_000, maxTiyn: 500_000 } }))
    }
  })

  it('checks parameters before the amount', () => {
    expect(() => check({ account: 'x' }, 1)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED }))
  })
})

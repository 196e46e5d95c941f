import { describe, expect, it } from 'vitest'
import { aadOf, isSealedValue, payeeOf } from '../../../src/main/engine/crypto/at-rest-rules'

describe('at-rest rules (issue 15)', () => {
  it('the payee is the first parameter, spaces removed, whatever the provider', () => {
    expect(payeeOf(JSON.stringify({ phone: '+7 701 555 01 01' }))).toBe('+77015550101')
    expect(payeeOf(JSON.stringify({ iin: '870123456789', ruling: 'QX77PLM41Z' }))).toBe('870123456789')
    expect(payeeOf(JSON.stringify({ account: '4417720936' }))).toBe('4417720936')
  })

  it('odd legacy parameters are indexed whole rather than stopping the start', () => {
    expect(payeeOf('not json')).toBe('not json')
    expect(payeeOf('null')).toBe('null')
    expect(payeeOf('{}')).toBe('{}')
    expect(payeeOf(JSON.stringify({ n: 5 }))).toBe('{"n":5}')
  })

  it('the AAD names the table, the row and the column', () => {
    expect(aadOf('payment.params', 'p1')).toBe('payment:p1:params')
    expect(aadOf('fraud_note.text', '12')).toBe('fraud_note:12:text')
    expect(aadOf('customer.block_reason', 'c1')).toBe('customer:c1:block_reason')
  })

  it('tells a sealed value from a clear one', () => {
    expect(isSealedValue('k1:v1.aXY.dGFn.Y3Q')).toBe(true)
    expect(isSealedValue('k12:v1.x')).toBe(true)
    expect(isSealedValue('{"phone":"+77015550101"}')).toBe(false)
    expect(isSealedValue('Stolen phone')).toBe(false)
    expect(isSealedValue('k:v1.x')).toBe(false)
  })
})

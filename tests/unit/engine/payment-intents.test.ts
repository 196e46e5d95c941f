import { describe, expect, it } from 'vitest'
import type { PaymentReceiptDto } from '../../../src/shared/dto'
import { PaymentIntents, type Intent } from '../../../src/main/engine/payments/payment-intents'
import { INTENT_TTL_MS } from '../../../src/main/engine/payments/payment-rules'

function intent(id: string, customerId: string, createdAt: number, inflight = false): Intent {
  return {
    id,
    customer: { customerId, phone: '+77012345678' },
    providerId: 'kcell',
    params: {},
    amountTiyn: 100_000,
    fingerprint: 'fp',
    brand: 'visa',
    masked: '440043******1237',
    newCard: null,
    savedCardId: null,
    cvv: Buffer.from('739'),
    op: { kind: 'payment', amountTiyn: 100_000, currency: 'KZT', payee: 'kcell:{}', cardFingerprint: 'fp' },
    createdAt,
    inflight: inflight ? new Promise<PaymentReceiptDto>(() => {}) : null,
  }
}

describe('payment intents in memory (S16: the CVV is zeroed whenever an intent leaves)', () => {
  it('a newer intent supersedes the same customer\'s idle ones, not other customers\' nor one being confirmed', () => {
    const intents = new PaymentIntents()
    const old = intent('a', 'c1', 0)
    const busy = intent('b', 'c1', 0, true)
    const other = intent('c', 'c2', 0)
    for (const i of [busy, old, other]) intents.add(i)
    expect(intents.get('a')).toBe(old)
    const cvv = old.cvv!
    intents.add(intent('d', 'c1', 1))
    expect(intents.get('a')).toBeUndefined()
    expect(cvv.equals(Buffer.alloc(3))).toBe(true)
    expect(old.cvv).toBeNull()
    expect(intents.get('b')).toBe(busy)
    expect(intents.get('c')).toBe(other)
  })

  it('the sweep drops idle intents older than 15 minutes only', () => {
    const intents = new PaymentIntents()
    intents.add(intent('young', 'c1', 1))
    intents.add(intent('old', 'c2', 0))
    intents.add(intent('busy', 'c3', 0, true))
    const cvv = intents.get('old')!.cvv!
    intents.sweep(INTENT_TTL_MS + 1)
    expect(intents.get('old')).toBeUndefined()
    expect(cvv.equals(Buffer.alloc(3))).toBe(true)
    expect(intents.get('young')).toBeDefined()
    expect(intents.get('busy')).toBeDefined()
  })
})

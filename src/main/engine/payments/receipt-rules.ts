import type { LocalText, ProviderDto } from '../../../shared/dto'

/** A payment's reference as a person reads it out: "P-1A2B-3C4D-5E6F", not a UUID. */
export function receiptReference(paymentId: string): string {
  const hex = paymentId.replace(/-/g, '').slice(0, 12).toUpperCase()
  return `P-${hex.slice(0, 4)}-${hex.slice(4, 8)}-${hex.slice(8, 12)}`
}

/** The card as a receipt may show it: at most the first 6 and last 4 digits, the rest masked. */
export function receiptCard(masked: string): string {
  const digits = masked.replace(/\D/g, '')
  if (digits.length > 10) throw new Error('A receipt never shows more than 10 digits of a card.')
  return masked
}

const BRANDS: Record<string, string> = { visa: 'VISA', mastercard: 'Mastercard', mir: 'МИР', 'american-express': 'American Express', unionpay: 'UnionPay', jcb: 'JCB', maestro: 'Maestro' }

/** The card scheme as printed on cards ("visa" → "VISA"). */
export function brandName(brand: string): string {
  return BRANDS[brand.toLowerCase()] ?? brand.toUpperCase()
}

/** The payee lines: each parameter the provider asks for, with its label in the three languages. */
export function payeeLines(provider: ProviderDto | undefined, params: Record<string, string>): { label: LocalText; value: string }[] {
  return Object.entries(params).map(([id, value]) => {
    const label = provider?.params.find((p) => p.id === id)?.label ?? { en: id, ru: id, kk: id }
    return { label, value }
  })
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cardRemovalSmsText, sessionKeySmsText, smsSegments, transactionSmsText, type SmsLocale } from '../../../src/main/engine/session-keys/sms-text-rules'

const LOCALES: SmsLocale[] = ['kk', 'ru', 'en']
interface Provider { id: string; name: Record<SmsLocale, string>; minTiyn: number; maxTiyn: number }
const providers = (JSON.parse(readFileSync(join(__dirname, '../../../resources/providers.json'), 'utf8')) as { providers: Provider[] }).providers

describe('SMS segments (GSM-7 160 / UCS-2 70 in one segment)', () => {
  it('counts GSM-7 and UCS-2 texts as an operator does', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1)
    expect(smsSegments('a'.repeat(161))).toBe(2)
    expect(smsSegments('{'.repeat(80))).toBe(1) // extension characters take two septets
    expect(smsSegments('{'.repeat(81))).toBe(2)
    expect(smsSegments('я'.repeat(70))).toBe(1)
    expect(smsSegments('я'.repeat(71))).toBe(2)
    expect(smsSegments('a'.repeat(69) + '₸')).toBe(1)
    expect(smsSegments('a'.repeat(70) + '₸')).toBe(2)
  })
})

describe('session-key SMS: one language, one segment, the key first', () => {
  it('verification, registration and password change fit one segment in kk, ru and en', () => {
    for (const locale of LOCALES) {
      for (const purpose of ['verify', 'register', 'password-change'] as const) {
        const text = sessionKeySmsText('012345', purpose, locale)
        expect(text.startsWith('012345'), text).toBe(true)
        expect(smsSegments(text), text).toBe(1)
      }
    }
  })

  it('S12 dynamic linking: a payment SMS names the operation, amount, payee (provider + last 4) and card last 4, in one segment, for every provider and amount', () => {
    const words: Record<SmsLocale, RegExp> = { kk: /төлем/i, ru: /оплата/i, en: /pay/i }
    for (const p of providers) {
      for (const amountTiyn of [p.minTiyn, p.maxTiyn, p.maxTiyn - 1, 1_234_567]) {
        for (const locale of LOCALES) {
          const text = transactionSmsText('012345', locale, { amountTiyn, provider: p.name, payeeLast4: '5678', cardLast4: '1237' })
          expect(smsSegments(text), `${text} (${text.length})`).toBe(1)
          expect(text.startsWith('012345')).toBe(true)
          expect(text).toMatch(words[locale])
          expect(text).toContain('*5678')
          expect(text).toContain('*1237')
          const tenge = Math.floor(amountTiyn / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')
          expect(text).toContain(tenge)
          // The provider by name, cut only when the longest amounts leave no room for all of it.
          const shown = p.name[locale].replace(/\s*\(.*\)$/, '')
          expect(text.includes(shown) || text.includes(shown.slice(0, 6)), `${shown} in ${text}`).toBe(true)
        }
      }
    }
    // English stays in GSM-7 (the tenge sign is not in it): 160 characters to work with.
    expect(transactionSmsText('012345', 'en', { amountTiyn: 100_000, provider: providers[0]!.name, payeeLast4: '5678', cardLast4: '1237' })).not.toContain('₸')
  })
})

describe('card removal SMS (issue 12, S15.2)', () => {
  it('names the operation and the card last 4, the key first, in one segment in kk/ru/en', () => {
    const words: Record<SmsLocale, RegExp> = { kk: /картаны жою/i, ru: /удаление карты/i, en: /remove card/i }
    for (const locale of LOCALES) {
      const text = cardRemovalSmsText('012345', locale, '1237')
      expect(smsSegments(text), `${text} (${text.length})`).toBe(1)
      expect(text.startsWith('012345')).toBe(true)
      expect(text).toMatch(words[locale])
      expect(text).toContain('*1237')
    }
  })
})

/**
 * Session-key SMS texts (S9, S12): one language per message, the six digits first, and always one
 * SMS segment (GSM-7: 160 characters; anything else, e.g. Cyrillic, UCS-2: 70), so the message
 * never arrives in pieces. A payment's SMS names what the key confirms (dynamic linking, S12/S15.2).
 */
export type SmsLocale = 'kk' | 'ru' | 'en'
export const SMS_LOCALES: readonly SmsLocale[] = ['kk', 'ru', 'en']

/** A language the SMS can be written in, or null (anything else: the workstation's TELLER_SMS_LOCALE, ru by default). */
export function smsLocaleOf(value: unknown): SmsLocale | null {
  return SMS_LOCALES.find((l) => l === value) ?? null
}

/** What a transaction key confirms, as the customer reads it. */
export interface OperationSummary {
  amountTiyn: number
  /** The provider's name in each language. */
  provider: Record<SmsLocale, string>
  /** Last 4 digits of the account or phone paid. */
  payeeLast4: string
  /** Last 4 digits of the card. */
  cardLast4: string
}

// GSM 03.38 basic set, and the extension set (each costs two septets).
const GSM7 = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà'
const GSM7_EXT = '^{}\\[~]|€\f'

/** How many SMS segments the text takes (GSM-7: 160, or 153 per part; UCS-2: 70, or 67 per part). */
export function smsSegments(text: string): number {
  const chars = [...text]
  if (chars.every((c) => GSM7.includes(c) || GSM7_EXT.includes(c))) {
    const septets = chars.reduce((n, c) => n + (GSM7_EXT.includes(c) ? 2 : 1), 0)
    return septets <= 160 ? 1 : Math.ceil(septets / 153)
  }
  const units = text.length // UTF-16 code units, as UCS-2 counts them
  return units <= 70 ? 1 : Math.ceil(units / 67)
}

const PURPOSE_TEXT: Record<'verify' | 'register' | 'password-change', Record<SmsLocale, string>> = {
  verify: {
    kk: 'сессиялық кілт. 15 минут жарамды. Ешкімге айтпаңыз.',
    ru: 'сессионный ключ. Действует 15 минут. Никому не сообщайте.',
    en: 'is your session key. Valid for 15 minutes. Tell no one, not even bank staff.',
  },
  register: {
    kk: 'тіркеу кілті. 15 минут жарамды. Ешкімге айтпаңыз.',
    ru: 'ключ для регистрации. 15 минут. Никому не сообщайте.',
    en: 'is your key to confirm your registration. Valid for 15 minutes. Tell no one, not even bank staff.',
  },
  'password-change': {
    kk: 'құпиясөзді өзгерту кілті. 15 минут. Ешкімге айтпаңыз.',
    ru: 'ключ для смены пароля. 15 минут. Никому не сообщайте.',
    en: 'is your key to change your password. Valid for 15 minutes. Tell no one, not even bank staff.',
  },
}

/** The key SMS for verification, registration or a password change. */
export function sessionKeySmsText(code: string, purpose: 'verify' | 'register' | 'password-change', locale: SmsLocale): string {
  return `${code} ${PURPOSE_TEXT[purpose][locale]}`
}

/** "12 345,67": grouped so the amount can never be mistaken for the six-digit key. */
function groupedAmount(amountTiyn: number): string {
  const tenge = Math.floor(amountTiyn / 100)
  const tiyn = amountTiyn % 100
  return `${String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${tiyn ? ',' + String(tiyn).padStart(2, '0') : ''}`
}

// {code}, {amount}, {provider}, {payee}, {card}: the provider gets what the segment leaves.
const TRANSACTION_TEXT: Record<SmsLocale, { template: string; currency: string; limit: number }> = {
  kk: { template: '{code} төлем {amount} {provider} *{payee}, карта *{card}. Айтпаңыз!', currency: ' ₸', limit: 70 },
  ru: { template: '{code} оплата {amount} {provider} *{payee}, карта *{card}. Никому!', currency: ' ₸', limit: 70 },
  en: { template: '{code} is your key to pay {amount} to {provider} *{payee} with card *{card}. Valid 15 min. Tell no one.', currency: ' KZT', limit: 160 },
}

/**
 * The key SMS for a payment: the operation, the amount, the payee (provider and last 4 of the
 * account or phone) and the card's last 4, in one segment. The provider's name loses its
 * parenthesised description first, then is cut to fit.
 */
export function transactionSmsText(code: string, locale: SmsLocale, op: OperationSummary): string {
  const t = TRANSACTION_TEXT[locale]
  const fill = (provider: string) =>
    t.template
      .replace('{code}', code)
      .replace('{amount}', groupedAmount(op.amountTiyn) + t.currency)
      .replace('{provider}', provider)
      .replace('{payee}', op.payeeLast4)
      .replace('{card}', op.cardLast4)
  const full = op.provider[locale].trim()
  const short = full.replace(/\s*\(.*\)$/, '')
  for (const name of [full, short]) if (fill(name).length <= t.limit && smsSegments(fill(name)) === 1) return fill(name)
  const room = t.limit - fill('').length
  // The ellipsis is not in GSM-7: English cuts with a full stop instead.
  return fill([...short].slice(0, Math.max(0, room - 1)).join('') + (locale === 'en' ? '.' : '…'))
}

const CARD_REMOVAL_TEXT: Record<SmsLocale, string> = {
  kk: '{code} картаны жою *{card}. 15 минут. Ешкімге айтпаңыз!',
  ru: '{code} удаление карты *{card}. 15 минут. Никому не сообщайте!',
  en: '{code} is your key to remove card *{card}. Valid 15 min. Tell no one, not even bank staff.',
}

/** The key SMS for removing a saved card (S15.2): the operation and the card's last 4, in one segment. */
export function cardRemovalSmsText(code: string, locale: SmsLocale, cardLast4: string): string {
  return CARD_REMOVAL_TEXT[locale].replace('{code}', code).replace('{card}', cardLast4)
}

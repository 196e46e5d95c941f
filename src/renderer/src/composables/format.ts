const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан']

/**
 * The Intl locale for numeric dates and times. Chromium's ICU has no Kazakh date patterns (kk-KZ
 * gives "2026-11-29" and "2026 M11 29"); Kazakh writes dates like Russian, 29.11.2026, 14:32.
 */
export function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'ru-KZ'
}

/** An Almaty calendar day ("2026-11-29") in words: "29 November 2026", "29 ноября 2026 г.", "2026 жылғы 29 қараша". */
export function formatDayLong(day: string, locale: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  if (locale === 'kk') return `${y} жылғы ${d} ${KK_MONTHS[m - 1]}`
  return new Date(Date.UTC(y, m - 1, d, 12)).toLocaleDateString(locale === 'en' ? 'en-GB' : 'ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/** Times are shown in Kazakhstan time (Asia/Almaty), whatever the workstation's own zone. */
export function formatAlmaty(iso: string, locale: string, withDate = false): string {
  return new Date(iso).toLocaleString(intlLocale(locale), {
    timeZone: 'Asia/Almaty',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
  })
}

/** A lock's end as the desk says it, "14:32", in Kazakhstan time. */
export function formatAlmatyHm(iso: string, locale: string): string {
  return new Date(iso).toLocaleTimeString(intlLocale(locale), { timeZone: 'Asia/Almaty', hour: '2-digit', minute: '2-digit' })
}

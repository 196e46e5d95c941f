/**
 * Kazakhstan time (Asia/Almaty, UTC+5 since 2024): calendar days and months for every rule that
 * speaks of "today", "adult" or "calendar month". The engine never uses the machine's zone.
 */
export const ALMATY_TZ = 'Asia/Almaty'

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: ALMATY_TZ, year: 'numeric', month: '2-digit', day: '2-digit' })

/** YYYY-MM-DD of an instant in Almaty. */
export function almatyDay(instant: Date): string {
  return dayFormat.format(instant)
}

/** The UTC instant at which an Almaty calendar day (YYYY-MM-DD) begins. */
export function almatyDayStart(day: string): Date {
  // Kazakhstan has a single fixed offset (+05:00, no daylight saving) since March 2024.
  return new Date(`${day}T00:00:00.000+05:00`)
}

/** Times are shown in Kazakhstan time (Asia/Almaty), whatever the workstation's own zone. */
export function formatAlmaty(iso: string, locale: string, withDate = false): string {
  return new Date(iso).toLocaleString(locale === 'en' ? 'en-GB' : `${locale}-KZ`, {
    timeZone: 'Asia/Almaty',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
  })
}

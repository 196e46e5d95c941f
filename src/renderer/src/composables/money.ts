/** "2 500,50" or "2500.5" → 250050 tiyn; null when not an amount. Integer arithmetic only. */
export function parseTenge(input: string): number | null {
  const s = input.replace(/[\s\u00a0]/g, '').replace(',', '.')
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s)
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** 250050 → "2 500,50 ₸". */
export function formatTenge(tiyn: number): string {
  const tenge = Math.floor(tiyn / 100)
  const rest = tiyn % 100
  return `${String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}${rest ? ',' + String(rest).padStart(2, '0') : ''} ₸`
}

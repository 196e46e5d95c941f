/**
 * The issuer range table (S15.1): 6-8 digit BIN/IIN ranges with the issuing country. Shipped as
 * resources/bin-ranges.csv; the narrowest matching range wins, and a PAN in no range is unknown.
 */
export interface BinRange {
  start: string
  end: string
  country: string
  scheme: string
  issuer: string
}

export interface BinInfo {
  country: string
  scheme: string
  issuer: string
}

export class BinTableError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`bin-ranges line ${line}: ${reason}`)
    this.name = 'BinTableError'
  }
}

const pad = (digits: string, fill: '0' | '9') => digits.padEnd(8, fill)

export class BinTable {
  private constructor(private readonly ranges: (BinRange & { lo: string; hi: string; width: number })[]) {}

  /** Parses the CSV (header `start,end,country,scheme,issuer`; `#` comments); refuses bad rows by line number. */
  static parse(csv: string): BinTable {
    const ranges: (BinRange & { lo: string; hi: string; width: number })[] = []
    let header = false
    csv.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim()
      if (!line || line.startsWith('#')) return
      const cols = line.split(',').map((c) => c.trim())
      if (!header) {
        if (cols.join(',') !== 'start,end,country,scheme,issuer') throw new BinTableError(i + 1, 'expected the header start,end,country,scheme,issuer')
        header = true
        return
      }
      const [start = '', end = '', country = '', scheme = '', ...issuer] = cols
      if (!/^\d{6,8}$/.test(start) || !/^\d{6,8}$/.test(end) || start.length !== end.length) {
        throw new BinTableError(i + 1, 'start and end must be 6 to 8 digits of the same length')
      }
      if (start > end) throw new BinTableError(i + 1, 'start is after end')
      if (!/^[A-Z]{2}$/.test(country)) throw new BinTableError(i + 1, 'country must be an ISO 3166 alpha-2 code')
      const lo = pad(start, '0')
      const hi = pad(end, '9')
      ranges.push({ start, end, country, scheme, issuer: issuer.join(','), lo, hi, width: Number(hi) - Number(lo) })
    })
    if (!header) throw new BinTableError(1, 'empty table')
    return new BinTable(ranges)
  }

  get size(): number {
    return this.ranges.length
  }

  lookup(pan: string): BinInfo | null {
    if (!/^\d{12,19}$/.test(pan)) return null
    const head = pan.slice(0, 8)
    let best: (typeof this.ranges)[number] | null = null
    for (const r of this.ranges) {
      if (head >= r.lo && head <= r.hi && (!best || r.width < best.width)) best = r
    }
    return best ? { country: best.country, scheme: best.scheme, issuer: best.issuer } : null
  }
}

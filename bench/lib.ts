/** Shared timing helpers for the bench scripts: milliseconds, sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

export async function time(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint()
    await fn(i)
    out.push(Number(process.hrtime.bigint() - t0) / 1e6)
  }
  return out.sort((a, b) => a - b)
}

export function printRow(name: string, xs: number[]): void {
  console.log(`${name.padEnd(34)} p50 ${percentile(xs, 50).toFixed(3)} ms   p95 ${percentile(xs, 95).toFixed(3)} ms   (n=${xs.length})`)
}

// What bench/audit-scale.bench.ts and its workers (bench/audit-scale-worker.ts) share: the modes a
// worker runs in, the bare reference's table, and the report a worker prints after its window.

export type WorkerMode = 'chains' | 'global' | 'global-server-time' | 'bare'

/** The bare reference's table (the bench creates it in the baseline's database, the workers insert into it). */
export const BARE_TABLE = 'bench_bare_insert'

/** A worker's window as it lived it, printed as one JSON line. */
export interface WindowReport {
  /** Events appended in the window. */
  count: number
  /** Events appended in the warm-up before it. */
  warm: number
  /** Every append the worker made so far. */
  total: number
  /** Its own CPU in the window (ms). */
  cpuMs: number
  /** The window's length (ms). */
  ms: number
}

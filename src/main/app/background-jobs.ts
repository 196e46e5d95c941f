import type { Logger } from './logger'

/** What runs by itself while the engine is open (payments settled, staff sweep, audit retention). */
export interface BackgroundWork {
  /** Payments whose host reply was lost, settled from the host's record. */
  reconcile(): Promise<unknown>
  /** Every minute: expired payment intents dropped with their CVVs zeroed. */
  sweepMinute(): void
  /** At start and daily (before the first reply): e.g. staff accounts unused for 90 days disabled (PCI DSS 8.2.6). */
  dailyAtStart: readonly { name: string; run(): Promise<unknown> }[]
  /** At start (in the background) and daily: e.g. S21 retention, one run at a time. */
  dailyInBackground: readonly { name: string; run(): Promise<unknown> }[]
}

export interface BackgroundJobs {
  /** Stops the timers and waits for what is running (a hung host gets one second). */
  stop(): Promise<void>
}

const errorName = (e: unknown): string => (e instanceof Error ? e.name : typeof e)

/**
 * Starts the engine's background work: reconciliation at start (in the background: an unreachable
 * host must not hold the window back) and every minute, one round at a time; the daily jobs at
 * start and then every 24 hours. A failure is logged by name and retried at the next round.
 */
export async function startBackgroundJobs(work: BackgroundWork, logger: Logger): Promise<BackgroundJobs> {
  let reconciling: Promise<void> | null = null
  const reconcile = (): void => {
    reconciling ??= work
      .reconcile()
      .then(() => undefined, (e: unknown) => logger.warn('payment reconciliation failed', { errorName: errorName(e) }))
      .finally(() => (reconciling = null))
  }
  reconcile()
  const minute = setInterval(() => {
    work.sweepMinute()
    reconcile()
  }, 60_000)
  minute.unref()

  let sweeping: Promise<unknown> = Promise.resolve()
  const runAtStart = () => {
    sweeping = sweeping.then(() => Promise.all(work.dailyAtStart.map((j) => j.run().catch((e: unknown) => logger.warn(`${j.name} failed`, { errorName: errorName(e) })))))
    return sweeping
  }
  let background: Promise<unknown> = Promise.resolve()
  const runInBackground = () => {
    for (const j of work.dailyInBackground) {
      background = background.then(() => j.run()).catch((e: unknown) => logger.warn(`${j.name} failed`, { errorName: errorName(e) }))
    }
  }
  await runAtStart()
  runInBackground()
  const daily = setInterval(() => {
    void runAtStart()
    runInBackground()
  }, 24 * 60 * 60_000)
  daily.unref()

  return {
    stop: async () => {
      clearInterval(minute)
      clearInterval(daily)
      if (reconciling) await Promise.race([reconciling, new Promise((r) => setTimeout(r, 1000).unref())])
      // The daily jobs write to the store: the store must not close under them.
      await sweeping
      await background
    },
  }
}

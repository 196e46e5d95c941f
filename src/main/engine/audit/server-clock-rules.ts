/**
 * Branch mode (issue 14): event times come from the database server's clock. A workstation clock
 * more than 5 s off the server's is an alert, once per episode: the episode ends when the two agree
 * within 4 s again (a skew hovering at the limit must not alert on every event).
 */
export const SERVER_SKEW_LIMIT_MS = 5_000
export const SERVER_SKEW_CLEAR_MS = 4_000

/** What one reading of the skew (workstation minus server, ms) changes: an episode starts, ends, or nothing. */
export function serverSkewChange(inEpisode: boolean, skewMs: number): 'started' | 'ended' | null {
  const off = Math.abs(skewMs)
  if (!inEpisode) return off > SERVER_SKEW_LIMIT_MS ? 'started' : null
  return off <= SERVER_SKEW_CLEAR_MS ? 'ended' : null
}

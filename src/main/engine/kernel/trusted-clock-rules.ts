/**
 * How far the wall clock may drift from the monotonic clock before it counts as a jump: NTP slews
 * at most 500 ppm (43 s a day), so two minutes is a correction or a manual change, never drift.
 */
export const CLOCK_JUMP_TOLERANCE_MS = 120_000

/** The wall clock's offset from trusted time moved by more than the tolerance since it was last seen. */
export function isClockJump(previousOffsetMs: number, offsetMs: number, toleranceMs = CLOCK_JUMP_TOLERANCE_MS): boolean {
  return Math.abs(offsetMs - previousOffsetMs) > toleranceMs
}

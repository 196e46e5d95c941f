/** A display as Electron's screen module describes it (only what the choice needs). */
export interface DisplayInfo {
  id: number
  bounds: { x: number; y: number; width: number; height: number }
}

/**
 * Where the customer window goes (issue 12): full screen on a second display when one is
 * connected (the first that is not the teller's primary display), else a separate window on the
 * primary display (null).
 */
export function chooseCustomerDisplay(displays: readonly DisplayInfo[], primaryId: number): DisplayInfo | null {
  return displays.find((d) => d.id !== primaryId) ?? null
}

/**
 * Structured logger. Call sites pass fixed messages and non-secret fields only (codes, ids,
 * channel names); request payloads and error objects from the engine are never logged whole.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

/**
 * Structured logger. Call sites pass fixed messages and non-secret fields only (codes, ids,
 * channel names); request payloads and error objects from the engine are never logged whole.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ at: new Date().toISOString(), level, message, ...fields }))
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }

import type { Logger } from '../engine/kernel/logger'

export type { Logger } from '../engine/kernel/logger'
export { silentLogger } from '../engine/kernel/logger'

export function createLogger(write: (line: string) => void = (l) => process.stderr.write(l + '\n')): Logger {
  const emit = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ at: new Date().toISOString(), level, message, ...fields }))
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}

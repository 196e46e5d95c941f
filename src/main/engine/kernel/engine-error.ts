import type { ErrorCode } from '../../../shared/errors'
import type { AppError } from '../../../shared/result'

/**
 * An expected refusal (wrong password, forbidden role...). The IPC layer turns it into a Result;
 * anything else thrown becomes INTERNAL with no detail, so raw messages never reach the renderer.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: AppError['details'],
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

import type { ErrorCode } from './errors'

/** What crosses every IPC boundary: never a thrown error, never a raw exception message. */
export interface AppError {
  code: ErrorCode
  message: string
  /** Field-level problems for VALIDATION_FAILED; values are never echoed back, only paths and reasons. */
  issues?: { path: string; message: string }[]
  /** Machine-readable extras that are safe to show (e.g. lockedUntil); never secrets. */
  details?: Record<string, string | number | boolean | null>
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function err<T = never>(
  code: ErrorCode,
  message: string,
  extra?: Pick<AppError, 'issues' | 'details'>,
): Result<T> {
  return { ok: false, error: { code, message, ...extra } }
}

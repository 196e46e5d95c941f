/**
 * Error codes shared by engine, IPC and UI. The renderer turns a code into plain words (i18n);
 * the engine's message is a fallback in English and never contains a secret or a raw exception.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNKNOWN_CHANNEL: 'UNKNOWN_CHANNEL',
  FORBIDDEN_SENDER: 'FORBIDDEN_SENDER',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SESSION_LOCKED: 'SESSION_LOCKED',
  FORBIDDEN: 'FORBIDDEN',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  STAFF_DISABLED: 'STAFF_DISABLED',
  ALREADY_INITIALISED: 'ALREADY_INITIALISED',
  CONFLICT: 'CONFLICT',
  NOT_FOUND: 'NOT_FOUND',
  WEAK_PASSWORD: 'WEAK_PASSWORD',
  STORE_TOO_NEW: 'STORE_TOO_NEW',
  INTERNAL: 'INTERNAL',
} as const

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

export const defaultMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields are missing or invalid.',
  UNKNOWN_CHANNEL: 'This operation is not available.',
  FORBIDDEN_SENDER: 'Request refused: it did not come from the application window.',
  UNAUTHENTICATED: 'Please sign in first.',
  SESSION_LOCKED: 'The workstation was locked after inactivity. Please sign in again.',
  FORBIDDEN: 'Your role does not allow this operation.',
  INVALID_CREDENTIALS: 'Wrong login or password.',
  STAFF_DISABLED: 'This staff account is disabled.',
  ALREADY_INITIALISED: 'The first supervisor already exists.',
  CONFLICT: 'This record already exists.',
  NOT_FOUND: 'Not found.',
  WEAK_PASSWORD: 'The password does not meet the rules.',
  STORE_TOO_NEW: 'The database was written by a newer version of the application.',
  INTERNAL: 'Something went wrong. The operation was not completed; please try again.',
}

/** Typed store failures so callers (window start-up, CLI, shell) can say what is wrong in plain words. */
export class StoreTooNewError extends Error {
  readonly code = 'STORE_TOO_NEW'
  constructor(
    readonly databaseVersion: number,
    readonly appVersion: number,
  ) {
    super(
      `The database schema is version ${databaseVersion} but this application knows only up to ` +
        `version ${appVersion}. Install the newer application; the database was left untouched.`,
    )
    this.name = 'StoreTooNewError'
  }
}

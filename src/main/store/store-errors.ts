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

/** The store file failed SQLite's integrity check: the app does not run on it (issue 17). */
export class StoreCorruptError extends Error {
  readonly code = 'STORE_CORRUPT'
  constructor(readonly path: string) {
    super(
      `The database file ${path} is damaged, so the application will not run on it. ` +
        'Stop the application, keep the damaged file for support, and restore teller.sqlite from your latest backup ' +
        '(npm run admin -- restore FILE; README, "When things go wrong"). Until then no teller can work on this workstation.',
    )
    this.name = 'StoreCorruptError'
  }
}

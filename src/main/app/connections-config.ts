// The outbound connections' settings: the SMS operator (issue 6) and the branch database.

/** Which SMS operator adapter the engine uses (issue 6); the embedded outbox unless configured. */
export type SmsConfig =
  | { mode: 'outbox' }
  | { mode: 'smpp'; url: string; systemId: string; password: string; sourceAddr: string; caFile?: string }
  | { mode: 'https'; url: string; token: string; caFile?: string }

/**
 * TELLER_SMS_MODE = outbox (default) | smpp | https.
 * smpp: TELLER_SMPP_URL (ssmpp://host:port for TLS), TELLER_SMPP_SYSTEM_ID, TELLER_SMPP_PASSWORD,
 * TELLER_SMPP_SOURCE, TELLER_SMPP_CA_FILE. https: TELLER_SMS_URL, TELLER_SMS_TOKEN, TELLER_SMS_CA_FILE.
 */
export function readSmsConfig(env: NodeJS.ProcessEnv = process.env): SmsConfig {
  const need = (name: string): string => {
    const v = env[name]
    if (!v) throw new Error(`TELLER_SMS_MODE=${env.TELLER_SMS_MODE} needs ${name}.`)
    return v
  }
  switch (env.TELLER_SMS_MODE ?? 'outbox') {
    case 'outbox':
      return { mode: 'outbox' }
    case 'smpp':
      return {
        mode: 'smpp',
        url: need('TELLER_SMPP_URL'),
        systemId: need('TELLER_SMPP_SYSTEM_ID'),
        password: need('TELLER_SMPP_PASSWORD'),
        sourceAddr: env.TELLER_SMPP_SOURCE ?? 'BANK',
        caFile: env.TELLER_SMPP_CA_FILE,
      }
    case 'https':
      return { mode: 'https', url: need('TELLER_SMS_URL'), token: need('TELLER_SMS_TOKEN'), caFile: env.TELLER_SMS_CA_FILE }
    default:
      throw new Error('TELLER_SMS_MODE must be outbox, smpp or https.')
  }
}

export interface DatabaseConfig {
  kind: 'postgres'
  url: string
  caFile?: string
  /** TELLER_DB_OWNER_URL: the owner role that runs the migrations; TELLER_DB_URL is then the app role (issue 14). */
  ownerUrl?: string
}

/** TELLER_DB_URL=postgres://… selects branch mode; TELLER_DB_CA_FILE adds the server's CA; TELLER_DB_OWNER_URL the owner role. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig | undefined {
  if (!env.TELLER_DB_URL) return undefined
  if (!/^postgres(ql)?:\/\//.test(env.TELLER_DB_URL)) throw new Error('TELLER_DB_URL must be a postgres:// URL.')
  if (env.TELLER_DB_OWNER_URL && !/^postgres(ql)?:\/\//.test(env.TELLER_DB_OWNER_URL)) throw new Error('TELLER_DB_OWNER_URL must be a postgres:// URL.')
  return { kind: 'postgres', url: env.TELLER_DB_URL, caFile: env.TELLER_DB_CA_FILE, ownerUrl: env.TELLER_DB_OWNER_URL || undefined }
}

/** The branch PostgreSQL server as the audit witness of a local store (issue 14). */
export interface WitnessPgConfig {
  url: string
  caFile?: string
}

/** TELLER_AUDIT_WITNESS_PG_URL=postgres://… (a role with INSERT and SELECT on audit_witness only); TELLER_AUDIT_WITNESS_PG_CA_FILE the server's CA. */
export function readWitnessPgConfig(env: NodeJS.ProcessEnv = process.env): WitnessPgConfig | undefined {
  if (!env.TELLER_AUDIT_WITNESS_PG_URL) return undefined
  if (!/^postgres(ql)?:\/\//.test(env.TELLER_AUDIT_WITNESS_PG_URL)) throw new Error('TELLER_AUDIT_WITNESS_PG_URL must be a postgres:// URL.')
  return { url: env.TELLER_AUDIT_WITNESS_PG_URL, caFile: env.TELLER_AUDIT_WITNESS_PG_CA_FILE || undefined }
}

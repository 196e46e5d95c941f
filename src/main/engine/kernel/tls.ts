import { readFileSync } from 'node:fs'

/**
 * S1: every outbound connection uses TLS 1.2+ with certificate verification. A CA bundle file can
 * be given for a bank-internal CA; it is added to, not instead of, verification.
 */
export interface TlsOptions {
  /** PEM file with the CA certificates to trust (TELLER_*_CA_FILE). */
  caFile?: string
}

export function tlsSettings(options: TlsOptions): { ca?: Buffer; rejectUnauthorized: true; minVersion: 'TLSv1.2' } {
  return {
    ...(options.caFile ? { ca: readFileSync(options.caFile) } : {}),
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  }
}

/** Whether a socket error is a TLS failure (certificate not verifiable, handshake refused): retrying cannot help. */
export function isTlsFailure(e: NodeJS.ErrnoException): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(`${e.code ?? ''} ${e.message}`)
}

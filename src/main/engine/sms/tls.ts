import { readFileSync } from 'node:fs'
import { TransientSmsError } from '../kernel/ports'

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

/**
 * A connection failure as the SMS adapters report it: a certificate that cannot be verified is
 * final (retrying cannot help, S1); anything else on the wire is transient. Names the failure
 * only, never the message being sent.
 */
export function connectionFailure(e: NodeJS.ErrnoException, peer: string): Error {
  const tlsFailure = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(`${e.code ?? ''} ${e.message}`)
  return tlsFailure ? new Error(`TLS verification failed (${e.code ?? 'tls'})`) : new TransientSmsError(`${peer} connection failed (${e.code ?? 'error'})`)
}

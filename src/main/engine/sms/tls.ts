import { TransientSmsError } from '../kernel/ports'
import { isTlsFailure } from '../kernel/tls'

/**
 * A connection failure as the SMS adapters report it: a certificate that cannot be verified is
 * final (retrying cannot help, S1); anything else on the wire is transient. Names the failure
 * only, never the message being sent. (TLS settings: `kernel/tls.ts`.)
 */
export function connectionFailure(e: NodeJS.ErrnoException, peer: string): Error {
  return isTlsFailure(e) ? new Error(`TLS verification failed (${e.code ?? 'tls'})`) : new TransientSmsError(`${peer} connection failed (${e.code ?? 'error'})`)
}

import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from './engine-error'

/**
 * S6: the login is the customer's Kazakhstan mobile number, kept in E.164 (+77xxxxxxxxx).
 * Accepts what tellers type (8 701..., +7 (701)..., 7012345678) and refuses landlines and
 * other countries, including Russian numbers that share the +7 code.
 */
export function normaliseKzMobile(input: string): string {
  const parsed = parsePhoneNumberFromString(input.trim(), 'KZ')
  if (!parsed || !parsed.isValid() || parsed.country !== 'KZ' || parsed.getType() !== 'MOBILE') {
    throw new EngineError(ErrorCode.INVALID_PHONE, 'This is not a Kazakhstan mobile number. Enter it as +7 7xx xxx xx xx.')
  }
  return parsed.number
}

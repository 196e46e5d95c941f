import type { ProviderDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'

export interface CheckedPayment {
  provider: ProviderDto
  params: Record<string, string>
}

/**
 * S14 steps a and b: a provider from the list, each of its parameters matching its pattern once
 * whitespace is removed, nothing extra, and the amount within the provider's bounds.
 */
export function checkPayment(
  provider: ProviderDto | undefined,
  patternOf: (paramId: string) => RegExp,
  params: Record<string, string>,
  amountTiyn: number,
): CheckedPayment {
  if (!provider) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Choose a service provider from the list.', { field: 'providerId' })
  const clean: Record<string, string> = {}
  for (const param of provider.params) {
    // Own properties only: a name like `constructor` must not reach Object.prototype.
    const value = (Object.hasOwn(params, param.id) ? params[param.id]! : '').replace(/\s+/g, '')
    if (!patternOf(param.id).test(value)) {
      throw new EngineError(ErrorCode.VALIDATION_FAILED, `The ${param.label.en.toLowerCase()} is not valid (${param.hint.en}).`, { field: `params.${param.id}` })
    }
    clean[param.id] = value
  }
  const extra = Object.keys(params).filter((k) => !Object.hasOwn(clean, k))
  if (extra.length) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Unknown payment parameters.', { field: `params.${extra[0]}` })
  if (!Number.isSafeInteger(amountTiyn) || amountTiyn < provider.minTiyn || amountTiyn > provider.maxTiyn) {
    throw new EngineError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'The amount is outside what this provider accepts.', {
      field: 'amountTiyn',
      minTiyn: provider.minTiyn,
      maxTiyn: provider.maxTiyn,
    })
  }
  return { provider, params: clean }
}

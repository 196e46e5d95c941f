import { z } from 'zod'
import type { ProviderDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import { EngineError } from '../kernel/engine-error'

const text = z.object({ en: z.string(), ru: z.string(), kk: z.string() })
const catalogSchema = z.object({
  providers: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{2,32}$/),
        category: z.enum(['mobile', 'utilities', 'internet', 'tv', 'fines', 'other']),
        name: text,
        params: z.array(z.object({ id: z.string().regex(/^[a-z]{2,16}$/), label: text, pattern: z.string(), hint: z.string() })).min(1),
        minTiyn: z.number().int().positive(),
        maxTiyn: z.number().int().positive(),
      }),
    )
    .min(1),
})

/** Service providers and their payment parameters (S14 steps a and b), from resources/providers.json. */
export class ProviderCatalog {
  private readonly byId: Map<string, ProviderDto>
  private readonly patterns = new Map<string, RegExp>()

  constructor(json: unknown) {
    const parsed = catalogSchema.parse(json)
    this.byId = new Map(parsed.providers.map((p) => [p.id, p]))
    for (const p of parsed.providers) for (const param of p.params) this.patterns.set(`${p.id}:${param.id}`, new RegExp(`^(?:${param.pattern})$`))
  }

  list(): ProviderDto[] {
    return [...this.byId.values()]
  }

  /** The provider, its parameters checked against their patterns (trimmed, nothing extra), and the amount against its bounds. */
  check(providerId: string, params: Record<string, string>, amountTiyn: number): { provider: ProviderDto; params: Record<string, string> } {
    const provider = this.byId.get(providerId)
    if (!provider) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Choose a service provider from the list.', { field: 'providerId' })
    const clean: Record<string, string> = {}
    for (const param of provider.params) {
      const value = (params[param.id] ?? '').replace(/\s+/g, '')
      if (!this.patterns.get(`${provider.id}:${param.id}`)!.test(value)) {
        throw new EngineError(ErrorCode.VALIDATION_FAILED, `The ${param.label.en.toLowerCase()} is not valid (${param.hint}).`, { field: `params.${param.id}` })
      }
      clean[param.id] = value
    }
    const extra = Object.keys(params).filter((k) => !Object.hasOwn(clean, k))
    if (extra.length) throw new EngineError(ErrorCode.VALIDATION_FAILED, 'Unknown payment parameters.', { field: `params.${extra[0]}` })
    if (!Number.isSafeInteger(amountTiyn) || amountTiyn < provider.minTiyn || amountTiyn > provider.maxTiyn) {
      throw new EngineError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'The amount is outside what this provider accepts.', {
        minTiyn: provider.minTiyn,
        maxTiyn: provider.maxTiyn,
      })
    }
    return { provider, params: clean }
  }
}

import { z } from 'zod'
import type { ProviderDto } from '../../../shared/dto'
import { checkPayment, type CheckedPayment } from './catalog-rules'

// Every name, label and hint in all three UI languages, none left empty (issue 16).
const text = z.object({ en: z.string().min(1), ru: z.string().min(1), kk: z.string().min(1) })
const catalogSchema = z.object({
  providers: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]{2,32}$/),
        category: z.enum(['mobile', 'utilities', 'internet', 'tv', 'fines', 'other']),
        name: text,
        params: z.array(z.object({ id: z.string().regex(/^[a-z]{2,16}$/), label: text, pattern: z.string(), hint: text })).min(1),
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
  check(providerId: string, params: Record<string, string>, amountTiyn: number): CheckedPayment {
    return checkPayment(this.byId.get(providerId), (paramId) => this.patterns.get(`${providerId}:${paramId}`)!, params, amountTiyn)
  }
}

import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ProviderCatalog } from '../../../src/main/engine/payments/catalog'
import { ErrorCode } from '../../../src/shared/errors'

const catalog = new ProviderCatalog(JSON.parse(readFileSync('resources/providers.json', 'utf8')))
const PHONE = '+77012345678'

describe('payment parameters: only the provider\'s own, checked as own properties', () => {
  it('accepts exactly the provider\'s parameters', () => {
    expect(catalog.check('kcell', { phone: PHONE }, 100_000).params).toEqual({ phone: PHONE })
  })

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'])('refuses an extra parameter named %s (Object.prototype must not count)', (name) => {
    const params = JSON.parse(`{"phone": "${PHONE}", "${name}": "x"}`) as Record<string, string>
    expect(Object.keys(params)).toContain(name)
    expect(() => catalog.check('kcell', params, 100_000)).toThrow(expect.objectContaining({ code: ErrorCode.VALIDATION_FAILED, details: { field: `params.${name}` } }))
  })
})

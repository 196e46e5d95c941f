import { describe, expect, it } from 'vitest'
import { readPaymentConfig } from '../../../src/main/app/payment-config'

const TOKEN = 'acq-secret-token-93b1'
const https = { TELLER_PAYMENT_MODE: 'https', TELLER_PAYMENT_URL: 'https://acquirer.bank.kz/acq/v1', TELLER_PAYMENT_TOKEN: TOKEN }

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    readPaymentConfig(env)
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected a refusal')
}

describe('readPaymentConfig: the card processing host from the environment', () => {
  it('is the simulator when nothing is set', () => {
    expect(readPaymentConfig({})).toEqual({ mode: 'simulator' })
    expect(readPaymentConfig({ TELLER_PAYMENT_MODE: 'simulator', TELLER_PAYMENT_URL: 'ignored' })).toEqual({ mode: 'simulator' })
  })

  it('https: URL and token, with the optional CA file and timeout', () => {
    expect(readPaymentConfig(https)).toStrictEqual({ mode: 'https', url: 'https://acquirer.bank.kz/acq/v1', token: TOKEN })
    expect(readPaymentConfig({ ...https, TELLER_PAYMENT_CA_FILE: '/etc/teller/acquirer-ca.pem', TELLER_PAYMENT_TIMEOUT_MS: '20000' })).toStrictEqual({
      mode: 'https',
      url: 'https://acquirer.bank.kz/acq/v1',
      token: TOKEN,
      caFile: '/etc/teller/acquirer-ca.pem',
      timeoutMs: 20_000,
    })
  })

  it('names a missing variable', () => {
    expect(refusal({ ...https, TELLER_PAYMENT_URL: undefined })).toBe('TELLER_PAYMENT_MODE=https needs TELLER_PAYMENT_URL.')
    expect(refusal({ ...https, TELLER_PAYMENT_TOKEN: undefined })).toBe('TELLER_PAYMENT_MODE=https needs TELLER_PAYMENT_TOKEN.')
    expect(refusal({ ...https, TELLER_PAYMENT_TOKEN: '' })).toBe('TELLER_PAYMENT_MODE=https needs TELLER_PAYMENT_TOKEN.')
  })

  it('refuses an unknown or empty mode rather than falling back to the simulator', () => {
    expect(refusal({ TELLER_PAYMENT_MODE: 'http' })).toBe('TELLER_PAYMENT_MODE must be simulator or https.')
    expect(refusal({ TELLER_PAYMENT_MODE: '' })).toBe('TELLER_PAYMENT_MODE must be simulator or https.')
    expect(refusal({ TELLER_PAYMENT_MODE: 'HTTPS' })).toBe('TELLER_PAYMENT_MODE must be simulator or https.')
  })

  it('checks the URL at start (S1), never echoing it or the token', () => {
    for (const [url, why] of [
      ['http://acquirer.bank.kz/acq', /https:\/\//],
      [`https://teller:${TOKEN}@acquirer.bank.kz/acq`, /user name or password/],
      ['https://acquirer.bank.kz/acq?debug=1', /query string/],
      ['https://acquirer.bank.kz\\@evil.example/', /backslash/],
    ] as const) {
      const message = refusal({ ...https, TELLER_PAYMENT_URL: url })
      expect(message).toMatch(why)
      expect(message).toMatch(/TELLER_PAYMENT_URL/)
      expect(message).not.toContain(TOKEN)
      expect(message).not.toContain('acquirer.bank.kz')
    }
  })

  it('refuses a token that cannot be a header value, without echoing it', () => {
    for (const token of [`${TOKEN} x`, `${TOKEN}\r\nX-Evil: 1`, `${TOKEN}ä`]) {
      const message = refusal({ ...https, TELLER_PAYMENT_TOKEN: token })
      expect(message).toMatch(/^TELLER_PAYMENT_TOKEN must be/)
      expect(message).not.toContain(TOKEN)
    }
  })

  it('refuses a timeout that is not whole milliseconds from 1000 to 120000', () => {
    for (const v of ['0', '999', '120001', '15s', '1.5e4', '-1', '15000.5']) {
      expect(refusal({ ...https, TELLER_PAYMENT_TIMEOUT_MS: v })).toMatch(/^TELLER_PAYMENT_TIMEOUT_MS must be/)
    }
    expect(readPaymentConfig({ ...https, TELLER_PAYMENT_TIMEOUT_MS: '1000' })).toMatchObject({ timeoutMs: 1000 })
  })
})

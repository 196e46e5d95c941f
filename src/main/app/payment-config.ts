import { DEFAULT_PAYMENT_TIMEOUT_MS, paymentHostUrl } from '../engine/payments/https-host'

/** Which card processing host the engine uses: the embedded simulator (tests, demos) or the acquirer over HTTPS. */
export type PaymentConfig = { mode: 'simulator' } | { mode: 'https'; url: string; token: string; caFile?: string; timeoutMs?: number }

/**
 * TELLER_PAYMENT_MODE = simulator (default) | https.
 * https: TELLER_PAYMENT_URL (https://host[:port][/base], checked here so a bad URL stops the
 * start), TELLER_PAYMENT_TOKEN (Bearer token), TELLER_PAYMENT_CA_FILE (optional bank CA),
 * TELLER_PAYMENT_TIMEOUT_MS (optional, 1000..120000, default 15000).
 * Errors name the variable, never the token's value.
 */
export function readPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  const mode = env.TELLER_PAYMENT_MODE ?? 'simulator'
  switch (mode) {
    case 'simulator':
      return { mode: 'simulator' }
    case 'https': {
      const need = (name: string): string => {
        const v = env[name]
        if (!v) throw new Error(`TELLER_PAYMENT_MODE=https needs ${name}.`)
        return v
      }
      const url = need('TELLER_PAYMENT_URL')
      paymentHostUrl(url)
      const token = need('TELLER_PAYMENT_TOKEN')
      if (!/^[\x21-\x7e]{1,4096}$/.test(token)) throw new Error('TELLER_PAYMENT_TOKEN must be 1..4096 visible ASCII characters (no spaces or line breaks).')
      const config: PaymentConfig = { mode: 'https', url, token }
      if (env.TELLER_PAYMENT_CA_FILE) config.caFile = env.TELLER_PAYMENT_CA_FILE
      if (env.TELLER_PAYMENT_TIMEOUT_MS) {
        const ms = Number(env.TELLER_PAYMENT_TIMEOUT_MS)
        if (!/^\d+$/.test(env.TELLER_PAYMENT_TIMEOUT_MS) || ms < 1000 || ms > 120_000) {
          throw new Error(`TELLER_PAYMENT_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 120000 (default ${DEFAULT_PAYMENT_TIMEOUT_MS}).`)
        }
        config.timeoutMs = ms
      }
      return config
    }
    default:
      throw new Error('TELLER_PAYMENT_MODE must be simulator or https.')
  }
}

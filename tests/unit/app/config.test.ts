import { describe, expect, it } from 'vitest'
import { loadConfig, packagedMode, readKeyMode, readMode } from '../../../src/main/app/config'

describe('mode and key mode from the environment', () => {
  it('from source the app is in development unless TELLER_MODE=production; anything else is refused', () => {
    expect(readMode({})).toBe('development')
    expect(readMode({ TELLER_MODE: 'production' })).toBe('production')
    expect(() => readMode({ TELLER_MODE: 'prod' })).toThrow('TELLER_MODE must be production or development.')
  })

  it('a packaged app is production whatever TELLER_MODE says; only a packaged QA build honours development', () => {
    expect(packagedMode(false, false, { TELLER_MODE: 'production' })).toBeUndefined()
    expect(packagedMode(true, false, {})).toBe('production')
    expect(packagedMode(true, false, { TELLER_MODE: 'development' })).toBe('production')
    expect(packagedMode(true, true, {})).toBe('production')
    expect(packagedMode(true, true, { TELLER_MODE: 'development' })).toBe('development')
  })

  it('key mode: keychain by default in production, auto in development; explicit modes as given', () => {
    expect(readKeyMode({}, 'production')).toEqual({ mode: 'keychain' })
    expect(readKeyMode({}, 'development')).toEqual({ mode: 'auto' })
    expect(readKeyMode({ TELLER_KEY_PASSPHRASE: 'correct horse battery staple' }, 'development')).toEqual({ mode: 'auto', passphrase: 'correct horse battery staple' })
    expect(readKeyMode({ TELLER_KEY_MODE: 'dev-file' }, 'production')).toEqual({ mode: 'dev-file' })
    expect(readKeyMode({ TELLER_KEY_MODE: 'keychain' }, 'development')).toEqual({ mode: 'keychain' })
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'passphrase', TELLER_KEY_PASSPHRASE: 'short' }, 'development')).toThrow('at least 16 characters')
    expect(() => readKeyMode({ TELLER_KEY_MODE: 'plain' })).toThrow('TELLER_KEY_MODE must be keychain, passphrase or dev-file.')
  })

  it('loadConfig: the environment decides, overrides win where they hold a value', () => {
    const c = loadConfig({ TELLER_MODE: 'production', TELLER_WORKSTATION: 'ws-9', TELLER_IDLE_TIMEOUT_SECONDS: '120' }, { appVersion: '1', shell: 'electron', resourcesDir: undefined })
    expect(c).toMatchObject({ mode: 'production', workstation: 'ws-9', idleTimeoutSeconds: 120, keyMode: { mode: 'keychain' }, sms: { mode: 'outbox' } })
    expect('resourcesDir' in c).toBe(false)
    expect(loadConfig({}, { appVersion: '1', shell: 'browser', mode: 'production' }).keyMode).toEqual({ mode: 'keychain' })
  })

  it('counter-session limits: 10 and 30 minutes by default, from TELLER_COUNTER_IDLE_MINUTES / TELLER_COUNTER_MAX_MINUTES, nonsense refused by name', () => {
    const base = { appVersion: '1', shell: 'browser' as const }
    expect(loadConfig({}, base)).toMatchObject({ counterIdleMinutes: 10, counterMaxMinutes: 30 })
    expect(loadConfig({ TELLER_COUNTER_IDLE_MINUTES: '5', TELLER_COUNTER_MAX_MINUTES: '20' }, base)).toMatchObject({ counterIdleMinutes: 5, counterMaxMinutes: 20 })
    expect(() => loadConfig({ TELLER_COUNTER_IDLE_MINUTES: '0' }, base)).toThrow('TELLER_COUNTER_IDLE_MINUTES must be a positive whole number.')
    expect(() => loadConfig({ TELLER_COUNTER_MAX_MINUTES: 'lots' }, base)).toThrow('TELLER_COUNTER_MAX_MINUTES must be a positive whole number.')
  })

  it('quotas and the SMS language: defaults, from the environment, nonsense refused by name', () => {
    const base = { appVersion: '1', shell: 'browser' as const }
    expect(loadConfig({}, base)).toMatchObject({ lookupLimit: 30, lookupWindowMinutes: 10, smsPerStaffPerDay: 200, smsPerPhonePerDay: 10, smsLocale: 'ru' })
    expect(loadConfig({ TELLER_LOOKUP_LIMIT: '5', TELLER_SMS_PER_PHONE_PER_DAY: '3', TELLER_SMS_LOCALE: 'kk' }, base)).toMatchObject({ lookupLimit: 5, smsPerPhonePerDay: 3, smsLocale: 'kk' })
    expect(() => loadConfig({ TELLER_SMS_LOCALE: 'de' }, base)).toThrow('TELLER_SMS_LOCALE must be kk, ru or en.')
    expect(() => loadConfig({ TELLER_SMS_PER_STAFF_PER_DAY: '-1' }, base)).toThrow('TELLER_SMS_PER_STAFF_PER_DAY must be a positive whole number.')
  })
})

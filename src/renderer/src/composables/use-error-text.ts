import { onBeforeUnmount, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { AppError } from '../../../shared/result'
import { formatAlmatyHm } from './format'
import { formatDuration } from './use-countdown'
import { formatTenge } from './money'

/** The fields a screen shows, by the request path the gate or the engine names (`params.phone`): its label and, if any, the expected form. */
export type FieldNames = Record<string, { label: string; hint?: string }>

export interface ErrorTextOptions {
  /** The labels of this screen's fields, read when an error is shown (so they follow the language). */
  fields?: () => FieldNames
  /** Whose password rules a WEAK_PASSWORD names: the customer's (S7) or the staff's (PCI DSS 8.3.6). */
  passwords?: 'customer' | 'staff'
}

/** The request paths an error names: the gate's schema issues and the engine's `details.field`. */
export function errorFields(error: AppError | null): string[] {
  if (!error) return []
  const paths = (error.issues ?? []).map((i) => i.path)
  if (typeof error.details?.field === 'string') paths.push(error.details.field)
  return [...new Set(paths)]
}

const CUSTOMER_RULES = ['minLength', 'notDigitsOnly']
const STAFF_RULES = ['minLength', 'maxLength', 'letter', 'digit']

/**
 * Plain words for an engine error code, in the current language, saying what to do next: the field
 * to correct, the tries left, the rule a password fails, and how long a lock lasts (ticking).
 */
export function useErrorText(options: ErrorTextOptions = {}) {
  const { t, te, locale } = useI18n()
  // A lock's time left counts down from when the reply was first shown, by the engine's own count.
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), 1000)
  onBeforeUnmount(() => clearInterval(timer))
  const shownAt = new WeakMap<AppError, number>()

  function lockText(error: AppError, until: string): string {
    if (!shownAt.has(error)) shownAt.set(error, Date.now())
    const given = error.details?.secondsLeft
    const secondsLeft =
      typeof given === 'number'
        ? given - Math.floor((now.value - shownAt.get(error)!) / 1000)
        : Math.round((Date.parse(until) - now.value) / 1000)
    const time = formatAlmatyHm(until, locale.value)
    return `${t('errorHelp.lockedUntil', { time, left: formatDuration(Math.max(0, secondsLeft)) })} ${t('errorHelp.liftEarly')}`
  }

  function fieldList(error: AppError): string {
    const known = options.fields?.() ?? {}
    return errorFields(error)
      .map((p) => known[p])
      .filter((f): f is { label: string; hint?: string } => !!f)
      .map((f) => (f.hint ? `${f.label} (${f.hint})` : f.label))
      .join(', ')
  }

  function ruleList(failed: string): string {
    const kind = options.passwords ?? 'customer'
    const known = kind === 'staff' ? STAFF_RULES : CUSTOMER_RULES
    return failed
      .split(',')
      .filter((id) => known.includes(id))
      .map((id) => t(`errorHelp.${kind}Rule.${id}`))
      .join('; ')
  }

  return (error: AppError | null): string => {
    if (!error) return ''
    const key = `errors.${error.code}`
    const base = te(key) ? t(key) : t('errors.INTERNAL')
    const d = error.details ?? {}
    if (error.code === 'CUSTOMER_LOCKED' && typeof d.lockedUntil === 'string') return lockText(error, d.lockedUntil)
    if (error.code === 'INVALID_CREDENTIALS' && typeof d.attemptsLeft === 'number') return `${base} ${t('errorHelp.triesLeft', { n: d.attemptsLeft })}`
    if (error.code === 'WEAK_PASSWORD' && typeof d.failedRules === 'string') {
      const rules = ruleList(d.failedRules)
      if (rules) return t('errorHelp.weak', { rules })
    }
    if (error.code === 'AMOUNT_OUT_OF_RANGE' && typeof d.minTiyn === 'number' && typeof d.maxTiyn === 'number') {
      return `${base} ${t('errorHelp.amountRange', { min: formatTenge(d.minTiyn), max: formatTenge(d.maxTiyn) })}`
    }
    if (error.code === 'VALIDATION_FAILED') {
      const fields = fieldList(error)
      if (fields) return t('errorHelp.checkFields', { fields })
    }
    return base
  }
}

/**
 * The message under one field when the last reply named it (for Vuetify's `error-messages`): the
 * field is highlighted and says what it expects, while every other field keeps what was typed.
 */
export function useFieldErrors(error: () => AppError | null) {
  const { t } = useI18n()
  return (path: string, hint?: string): string[] => {
    const e = error()
    if (!errorFields(e).includes(path)) return []
    if (e?.code === 'AMOUNT_OUT_OF_RANGE' && typeof e.details?.minTiyn === 'number' && typeof e.details.maxTiyn === 'number') {
      return [t('errorHelp.amountRange', { min: formatTenge(e.details.minTiyn), max: formatTenge(e.details.maxTiyn) })]
    }
    return [hint ? t('errorHelp.fieldExpected', { hint }) : t('errorHelp.fieldInvalid')]
  }
}

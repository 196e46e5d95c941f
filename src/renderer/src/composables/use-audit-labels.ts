import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { isAuditAction } from '../../../shared/audit-actions'
import type { AuditEventDto } from '../../../shared/dto'
import type { Locale } from '../i18n'
import { auditText } from '../i18n/audit'
import { formatAlmaty, intlLocale } from './format'
import { formatTenge } from './money'

export interface AuditField {
  key: string
  label: string
  value: string
  /** The field has no label in this language: shown under its code. */
  raw: boolean
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/
const ERROR_CODE = /^[A-Z][A-Z0-9_]+$/

/**
 * The supervisor reads events in words (issue 16): actions and outcomes named in the UI language,
 * details as labelled fields with times in Almaty, amounts in tenge and enumerations translated.
 * Codes stay available (small, for search and export); raw JSON is never shown.
 */
export function useAuditLabels() {
  const { t, te, locale } = useI18n()
  const text = computed(() => auditText[locale.value as Locale] ?? auditText.en)

  const action = (code: string): string => (isAuditAction(code) ? text.value.actions[code] : code)
  const outcome = (code: AuditEventDto['outcome']): string => text.value.outcomes[code]
  const label = (key: string): string | null => (text.value.details as Record<string, string>)[key] ?? null

  function value(key: string, v: string | number | boolean | null): string {
    if (v === null) return '—'
    if (typeof v === 'boolean') return v ? text.value.words.yes : text.value.words.no
    if (typeof v === 'number') return key === 'amountTiyn' ? formatTenge(v) : v.toLocaleString(intlLocale(locale.value))
    if (ISO_INSTANT.test(v)) return formatAlmaty(v, locale.value, true)
    if (ERROR_CODE.test(v) && te(`errors.${v}`)) return t(`errors.${v}`)
    const enumerated = text.value.values[v]
    if (enumerated) return enumerated
    if (key === 'lifted') return v.split(',').map((part) => text.value.values[part] ?? part).join(', ')
    return v
  }

  /** A search's filters were recorded as JSON: shown as the filter bar's own labels. */
  function filterFields(json: string): AuditField[] {
    let parsed: Record<string, unknown>
    try {
      parsed = JSON.parse(json) as Record<string, unknown>
    } catch {
      return [{ key: 'filters', label: label('filters') ?? 'filters', value: json, raw: false }]
    }
    const names: Record<string, string> = { phone: t('audit.phone'), action: t('audit.action'), outcome: t('audit.outcome'), from: t('audit.from'), to: t('audit.to') }
    return Object.entries(parsed).map(([k, v]) => {
      const shown = k === 'action' && typeof v === 'string' ? action(v) : k === 'outcome' && (v === 'success' || v === 'failure' || v === 'denied') ? outcome(v) : String(v)
      return { key: `filters.${k}`, label: `${label('filters')}: ${names[k] ?? k}`, value: shown, raw: !names[k] }
    })
  }

  function fields(details: AuditEventDto['details']): AuditField[] {
    return Object.entries(details).flatMap(([key, v]) => {
      if (key === 'filters' && typeof v === 'string') return filterFields(v)
      const named = label(key)
      return [{ key, label: named ?? key, value: value(key, v), raw: named === null }]
    })
  }

  return { action, outcome, fields, words: computed(() => text.value.words) }
}

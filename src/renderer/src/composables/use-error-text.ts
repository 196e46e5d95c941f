import { useI18n } from 'vue-i18n'
import type { AppError } from '../../../shared/result'

/** Plain words for an engine error code, in the current language. */
export function useErrorText() {
  const { t, te } = useI18n()
  return (error: AppError | null): string => {
    if (!error) return ''
    const key = `errors.${error.code}`
    return te(key) ? t(key) : t('errors.INTERNAL')
  }
}

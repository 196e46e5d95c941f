import { useI18n } from 'vue-i18n'
import { staffLoginSchema, staffPasswordSchema } from '../../../shared/ipc/contract'

/**
 * Field rules for a new staff account (first run and staff admin). They run the schemas the main
 * process enforces, so the rules shown are the rules applied.
 */
export function useStaffRules() {
  const { t } = useI18n()
  return {
    required: (v: string | null) => !!v?.trim() || t('validation.required'),
    login: (v: string) => staffLoginSchema.safeParse(v).success || t('validation.login'),
    password: (v: string) => staffPasswordSchema.safeParse(v).success || t('validation.staffPassword'),
  }
}

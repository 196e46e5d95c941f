import { useI18n } from 'vue-i18n'
import { staffLoginSchema, staffPasswordSchema } from '../../../shared/ipc/contract'
import { staffPasswordChecks } from '../../../shared/password-rules'

/**
 * Field rules for a new staff account (first run and staff admin). They run the schemas the main
 * process enforces, so the rules shown are the rules applied.
 */
export function useStaffRules() {
  const { t } = useI18n()
  return {
    required: (v: string | null) => !!v?.trim() || t('validation.required'),
    login: (v: string) => staffLoginSchema.safeParse(v).success || t('validation.login'),
    // Says which rule fails, in a sentence, not only that one does (issue 16).
    password: (v: string) => {
      if (staffPasswordSchema.safeParse(v).success) return true
      const failed = staffPasswordChecks(v).filter((c) => !c.ok)
      return failed.length ? t('errorHelp.weak', { rules: failed.map((c) => t(`errorHelp.staffRule.${c.id}`)).join('; ') }) : t('validation.staffPassword')
    },
  }
}

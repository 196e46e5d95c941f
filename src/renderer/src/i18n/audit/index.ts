import type { Locale } from '..'
import { auditEn } from './en'
import { auditKk } from './kk'
import { auditRu } from './ru'
import type { AuditText } from './types'

export type { AuditText } from './types'
export const auditText: Record<Locale, AuditText> = { en: auditEn, ru: auditRu, kk: auditKk }

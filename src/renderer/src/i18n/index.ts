import { createI18n } from 'vue-i18n'
import { messages, type Locale } from './messages'

const saved = localStorage.getItem('teller-locale') as Locale | null

export const i18n = createI18n({
  legacy: false,
  locale: saved && saved in messages ? saved : 'ru',
  fallbackLocale: 'en',
  messages,
})

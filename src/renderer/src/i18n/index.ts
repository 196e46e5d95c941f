import { createI18n } from 'vue-i18n'
import { en } from './locales/en'
import { kk } from './locales/kk'
import { ru } from './locales/ru'

/** UI text in Kazakh, Russian and English. Error codes map to plain words here, never to raw messages. */
export const messages = { en, ru, kk }

export type Locale = keyof typeof messages
export const locales: { code: Locale; label: string }[] = [
  { code: 'kk', label: 'Қазақша' },
  { code: 'ru', label: 'Русский' },
  { code: 'en', label: 'English' },
]

const saved = localStorage.getItem('teller-locale') as Locale | null

export const i18n = createI18n({
  legacy: false,
  locale: saved && saved in messages ? saved : 'ru',
  fallbackLocale: 'en',
  messages,
})

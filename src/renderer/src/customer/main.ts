import { createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { en } from '../i18n/locales/en'
import { kk } from '../i18n/locales/kk'
import { ru } from '../i18n/locales/ru'
import { vuetify } from '../plugins/vuetify'
import CustomerWindowApp from './CustomerWindowApp.vue'
import '../styles.css'

// The customer window (issue 12): its own entry, its own language choice (kept apart from the teller's),
// and only window.customerWindow (pair, getPrompt, answer, cancel) to talk to the main process.
const saved = sessionStorage.getItem('customer-locale')
const i18n = createI18n({ legacy: false, locale: saved === 'en' || saved === 'kk' ? saved : 'ru', fallbackLocale: 'en', messages: { en, ru, kk } })

createApp(CustomerWindowApp).use(i18n).use(vuetify).mount('#app')

import 'vuetify/styles'
import { createVuetify } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'

// SVG icons from the bundle: no icon font from a CDN (S3).
export const vuetify = createVuetify({
  // A field's message area only when it has something to say: Vuetify otherwise renders an empty
  // role=alert region under every field, which screen readers announce (issue 16).
  defaults: {
    VTextField: { hideDetails: 'auto' },
    VTextarea: { hideDetails: 'auto' },
    VSelect: { hideDetails: 'auto' },
    VAutocomplete: { hideDetails: 'auto' },
  },
  icons: { defaultSet: 'mdi', aliases, sets: { mdi } },
  theme: {
    defaultTheme: 'light',
    themes: {
      light: {
        colors: { primary: '#0b5d4b', secondary: '#c9a227' },
        // Labels and hints at 4.5:1 or better on filled fields (WCAG 1.4.3; checked by axe in the E2E tests).
        variables: { 'medium-emphasis-opacity': 0.78, 'disabled-opacity': 0.6 },
      },
    },
  },
})

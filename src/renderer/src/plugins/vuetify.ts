import 'vuetify/styles'
import { createVuetify } from 'vuetify'
import { aliases, mdi } from 'vuetify/iconsets/mdi-svg'

// SVG icons from the bundle: no icon font from a CDN (S3).
export const vuetify = createVuetify({
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

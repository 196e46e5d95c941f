import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import vuetify from 'vite-plugin-vuetify'

// typeorm, sqlite3, keytar, argon2 and reflect-metadata stay external (they are `dependencies`):
// a bundled typeorm breaks, and the native addons must load from node_modules.
export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be a single CommonJS file with only 'electron' external.
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts'), customer: resolve(__dirname, 'src/preload/customer.ts') }, output: { format: 'cjs' } },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html'), customer: resolve(__dirname, 'src/renderer/customer.html') } },
    },
    plugins: [vue(), vuetify({ autoImport: true })],
  },
})

// Lint, including the import boundaries that keep code where it runs (STYLE.md):
// renderer → no node/electron/main; engine and store → no electron; shared → nothing but zod.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const nodeBuiltins = [
  'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'tls', 'dns', 'url', 'util',
  'stream', 'worker_threads', 'cluster', 'module', 'vm', 'zlib', 'events', 'buffer', 'process',
]
const nodePatterns = [{ group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)], message: 'Node modules are not available here.' }]
const backendPackages = ['typeorm', 'sqlite3', 'keytar', '@node-rs/argon2', 'reflect-metadata', 'esbuild']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // Command-line tools and tests print their results.
    files: ['scripts/**', 'bench/**', 'tests/**', 'src/main/cli/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Test doubles of third-party APIs (electron) are loosely typed; Playwright fixtures use `{}`.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-empty-pattern': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,vue}', 'src/browser-shell/*.client.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer reaches the main process only through window.teller.' },
          ...backendPackages.map((name) => ({ name, message: 'Backend packages stay in the main process (S4).' }))],
        patterns: [...nodePatterns, { group: ['**/main/**', '**/preload/**'], message: 'The renderer may import only src/shared.' }],
      }],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/browser-shell/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    ignores: ['src/main/index.ts', 'src/main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/electron/ may import electron: the engine must load in tests and the browser shell.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'The main process does not import renderer code.' }],
      }],
    },
  },
  {
    // The engine owns every rule and reaches the store only through the UnitOfWork port
    // (engine/kernel/unit-of-work.ts); it knows nothing of TypeORM, SQL, IPC, the app or the CLI.
    files: ['src/main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The engine must load in tests and the browser shell.' },
          ...['typeorm', 'sqlite3', 'pg', 'reflect-metadata'].map((name) => ({ name, message: 'The engine reaches the store through the UnitOfWork port only.' }))],
        patterns: [
          { group: ['**/store/**', '**/store'], message: 'The engine reaches the store through the UnitOfWork port only.' },
          { group: ['**/app/**', '**/ipc/**', '**/cli/**', '**/browser-shell/**', '**/renderer/**'], message: 'The engine depends on nothing above it.' },
        ],
      }],
    },
  },
  {
    // Handlers are thin adapters: validated request in, engine service call, reply out. Rules, SQL
    // and audit writes are the engine's.
    files: ['src/main/ipc/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The gate runs in the browser shell and tests too.' }, { name: 'typeorm', message: 'Handlers do not reach the store.' }],
        patterns: [
          { group: ['**/store/**', '**/store'], message: 'Handlers do not reach the store.' },
          { group: ['**/audit/audit.service'], message: 'Audit events are written by the engine, never by a handler.' },
          { group: ['**/renderer/**'], message: 'The main process does not import renderer code.' },
        ],
      }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'src/shared is pure TypeScript.' }, ...backendPackages.map((name) => ({ name, message: 'src/shared is pure TypeScript.' }))],
        patterns: [...nodePatterns, { group: ['**/main/**', '**/renderer/**', '**/preload/**', 'vue', 'pinia', 'vuetify'], message: 'src/shared imports nothing but zod.' }],
      }],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: backendPackages.map((name) => ({ name, message: 'The preload exposes the contract only.' })),
        patterns: [...nodePatterns, { group: ['**/main/**', '**/renderer/**'], message: 'The preload may import only electron and src/shared.' }],
      }],
    },
  },
)

#!/usr/bin/env node
// `npm run package`: electron-vite build, then electron-builder for Linux into dist/ (default
// target `dir`: dist/linux-unpacked). electronDist is ELECTRON_OVERRIDE_DIST_PATH when it holds an
// Electron binary, else a stand-in (scripts/electron-standin.mjs): the package then has the real
// app.asar and resources but no runnable executable, and its fuses are not flipped.
//   --targets dir,AppImage,deb   Linux targets (AppImage and deb need electron-builder's tools)
//   --output DIR                 output folder (default dist)
//   --skip-build                 reuse out/ from a previous electron-vite build
// TELLER_QA_BUILD=1 makes a QA build (Node inspector fuse on, for Playwright's _electron).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createElectronStandin } from './electron-standin.mjs'
import { isQaBuild } from './fuses.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: 'dir' },
    output: { type: 'string', default: 'dist' },
    'skip-build': { type: 'boolean', default: false },
  },
})

function run(cmd, args, env = process.env, hint = '') {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env })
  if (r.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})${hint}`)
    process.exit(r.status || 1)
  }
}

const started = Date.now()
if (!values['skip-build']) run('npx', ['electron-vite', 'build'])
if (!existsSync(join(root, 'out/main/index.js'))) {
  console.error('package: out/main/index.js is missing: run without --skip-build')
  process.exit(1)
}

const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
let electronDist
if (override && existsSync(join(override, 'electron'))) {
  electronDist = resolve(override)
  console.log(`package: Electron from ELECTRON_OVERRIDE_DIST_PATH=${electronDist}`)
} else {
  if (override) console.warn(`package: ELECTRON_OVERRIDE_DIST_PATH=${override} has no 'electron' executable`)
  electronDist = createElectronStandin()
  console.warn(
    `package: no Electron binary: packaging with the stand-in ${electronDist}. The output has the real app.asar ` +
      'and resources but is NOT runnable and its fuses are NOT flipped.',
  )
}

const targets = values.targets.split(',').map((t) => t.trim()).filter(Boolean)
run(
  'npx',
  [
    'electron-builder',
    '--config', 'electron-builder.config.mjs',
    '--linux', ...targets,
    '--x64',
    '--publish', 'never',
    `-c.directories.output=${values.output}`,
  ],
  { ...process.env, TELLER_ELECTRON_DIST: electronDist },
  targets.some((t) => t !== 'dir')
    ? '\npackage: AppImage and deb need tools that electron-builder downloads from GitHub (appimage-12.0.1.7z, ' +
        'fpm 1.17.0), unreachable from the bank build machines. Point APPIMAGE_TOOLS_PATH / CUSTOM_FPM_PATH (or ' +
        `USE_SYSTEM_FPM=true) at local copies, or build them where they can be fetched. The dir target is ${values.output}/linux-unpacked.`
    : '',
)
const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`package: ${isQaBuild() ? 'QA' : 'production'} build (${targets.join(', ')}) in ${values.output}/ after ${seconds} s`)

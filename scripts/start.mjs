#!/usr/bin/env node
// `npm start`: build, then run the app in Electron when an Electron binary is installed;
// otherwise (no binary can be downloaded on these machines) start the loopback browser shell.
// Flags after `--` go to the browser shell (e.g. `npm start -- --no-open --port 8080`).
import { spawn, spawnSync } from 'node:child_process'
import { findElectronBinary } from './electron-binary.mjs'

const args = process.argv.slice(2)

const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] })
if (build.status !== 0) process.exit(build.status ?? 1)

const binary = args.includes('--browser') ? null : findElectronBinary()
const child = binary
  ? spawn(binary, ['.'], { stdio: 'inherit' })
  : spawn('node_modules/.bin/tsx', ['src/browser-shell/main.ts', ...args.filter((a) => a !== '--browser')], { stdio: 'inherit' })
if (!binary) console.error('No Electron binary installed: starting the browser shell (loopback only).')
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))

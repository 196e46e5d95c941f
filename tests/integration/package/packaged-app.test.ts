import { extractAll, listPackage, statFile } from '@electron/asar'
import { getCurrentFuseWire } from '@electron/fuses'
import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Packages the app once (`npm run package`'s script, target `dir` only: AppImage and deb need tools
// electron-builder downloads, unreachable here) into a temp folder, then checks what ships.
// Electron comes from ELECTRON_OVERRIDE_DIST_PATH when it holds a binary, else from the stand-in
// (scripts/electron-standin.mjs): the asar, the unpacked addons and the resources are real either
// way; only the executable and its fuses need the real binary.
const root = join(__dirname, '../../..')
const outDir = mkdtempSync(join(tmpdir(), 'teller-package-'))
const appDir = join(outDir, 'linux-unpacked')
const resources = join(appDir, 'resources')
const asarPath = join(resources, 'app.asar')
const unpacked = join(resources, 'app.asar.unpacked')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

const { fuseConfig } = (await import('../../../scripts/fuses.mjs' as string)) as { fuseConfig(qa?: boolean): Record<string, unknown> }
const { STANDIN_MARKER } = (await import('../../../scripts/electron-standin.mjs' as string)) as { STANDIN_MARKER: string }

let entries: string[] = []
let files: string[] = []
let packagingSeconds = 0

beforeAll(async () => {
  // `npm test` builds out/ just before vitest; a bare vitest run builds it when missing.
  if (!existsSync(join(root, 'out/main/index.js'))) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' })
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.TELLER_QA_BUILD // the production fuse set
  const started = Date.now()
  await promisify(execFile)(process.execPath, ['scripts/package.mjs', '--skip-build', '--output', outDir], {
    cwd: root,
    env,
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  packagingSeconds = (Date.now() - started) / 1000
  console.log(`packaging (dir) took ${packagingSeconds.toFixed(1)} s`)
  entries = listPackage(asarPath, { isPack: false }).map((e) => e.replace(/\\/g, '/').replace(/^\//, ''))
  files = entries.filter((e) => !('files' in statFile(asarPath, e, false)))
}, 300_000)

afterAll(() => rmSync(outDir, { recursive: true, force: true }))

/** Top-level package names present in the asar's node_modules. */
const packagesInAsar = () => new Set(entries.filter((e) => /^node_modules\/(@[^/]+\/)?[^/@][^/]*$/.test(e)).map((e) => e.slice('node_modules/'.length)))

describe('packaged app (electron-builder --dir)', () => {
  it('has the Linux layout: executable, resources/app.asar, app.asar.unpacked, resources/resources', () => {
    expect(existsSync(join(appDir, 'kz-branch-teller'))).toBe(true)
    expect(existsSync(asarPath)).toBe(true)
    expect(existsSync(unpacked)).toBe(true)
    expect(existsSync(join(resources, 'app'))).toBe(false) // no loose app folder next to the asar
    expect(existsSync(join(resources, 'default_app.asar'))).toBe(false)
    expect(packagingSeconds).toBeLessThan(240)
  })

  it('app.asar holds the built app: main, preload, renderer, package.json and the production dependencies', () => {
    for (const required of [
      'package.json',
      'out/main/index.js',
      'out/preload/index.js',
      'out/renderer/index.html',
      'node_modules/typeorm/package.json',
      'node_modules/typeorm/index.js',
      'node_modules/reflect-metadata/package.json',
      'node_modules/zod/package.json',
      'node_modules/pg/package.json',
    ]) {
      expect(entries, required).toContain(required)
    }
    // Every package the main bundle requires at run time, and every declared dependency, ships.
    const main = readFileSync(join(root, 'out/main/index.js'), 'utf8')
    const required = [...main.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!).filter((m) => m !== 'electron' && !m.startsWith('node:'))
    expect(required.length).toBeGreaterThan(5)
    const present = packagesInAsar()
    for (const name of [...required.map((m) => (m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]!)), ...Object.keys(pkg.dependencies)]) {
      expect(present.has(name), name).toBe(true)
    }
    // The renderer's own files are all there and reached by relative URLs (resolved under app://bundle/).
    const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8')
    expect(html).toMatch(/http-equiv="Content-Security-Policy"\s+content="default-src 'self'/)
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(assets.length).toBeGreaterThan(1)
    for (const asset of assets) {
      expect(asset, asset).toMatch(/^\.\//)
      expect(entries).toContain(`out/renderer/${asset.slice(2)}`)
    }
    const packagedJson = JSON.parse(execFileSync(process.execPath, ['-e', `process.stdout.write(require('@electron/asar').extractFile(${JSON.stringify(asarPath)}, 'package.json'))`], { cwd: root }).toString())
    expect(packagedJson.main).toBe('./out/main/index.js')
    expect(packagedJson.devDependencies).toBeUndefined()
    expect(packagedJson.scripts).toBeUndefined()
  })

  it('app.asar holds nothing else: no browser shell, sources, tests, scripts, source maps or dev tools', () => {
    const outsideNodeModules = files.filter((f) => !f.startsWith('node_modules/'))
    for (const f of outsideNodeModules) {
      expect(f === 'package.json' || /^out\/(main|preload|renderer)\//.test(f), f).toBe(true)
    }
    expect(entries.filter((e) => /browser-shell|bridge\.client/.test(e))).toEqual([])
    expect(entries.filter((e) => /^(src|tests|scripts|resources|bench|docs|dist|test-results)(\/|$)/.test(e))).toEqual([])
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([])
    const present = packagesInAsar()
    const devTools = [
      ...Object.keys(pkg.devDependencies),
      'vite', 'vitest', 'playwright', 'playwright-core', '@playwright/test', 'electron-vite', 'typescript', 'eslint',
      'electron', 'electron-builder', 'app-builder-lib', '@electron/asar', '@electron/fuses', 'esbuild', 'tsx', 'vue-tsc', 'rolldown',
    ]
    expect(devTools.filter((name) => present.has(name))).toEqual([])
    // Build leftovers of the native addons do not ship either.
    expect(files.filter((f) => /\.(o|a|mk|cc|gyp|gypi)$/.test(f))).toEqual([])
    expect(files.filter((f) => /^node_modules\/(sqlite3|keytar)\/(src|deps|build\/(?!Release\/[^/]+\.node$))/.test(f))).toEqual([])
    expect([...present].filter((name) => ['node-gyp', 'prebuild-install', 'node-addon-api'].includes(name))).toEqual([])
    console.log(`app.asar: ${entries.length} entries, ${files.length} files, ${present.size} packages`)
  })

  it('the native addons are unpacked next to the asar', () => {
    const natives = [
      'node_modules/sqlite3/build/Release/node_sqlite3.node',
      'node_modules/keytar/build/Release/keytar.node',
      `node_modules/@node-rs/argon2-${process.platform}-${process.arch}-gnu/argon2.${process.platform}-${process.arch}-gnu.node`,
    ]
    for (const native of natives) {
      expect(existsSync(join(unpacked, native)), native).toBe(true)
      // The asar header marks it unpacked, so Electron's fs redirects there.
      expect((statFile(asarPath, native, false) as { unpacked?: boolean }).unpacked, native).toBe(true)
    }
    for (const js of ['node_modules/sqlite3/lib/sqlite3.js', 'node_modules/keytar/lib/keytar.js', 'node_modules/@node-rs/argon2/index.js']) {
      expect(existsSync(join(unpacked, js)), js).toBe(true)
    }
    const unpackedFiles = readdirSync(unpacked, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => relative(unpacked, join(d.parentPath, d.name)))
    expect(unpackedFiles.every((f) => /^node_modules\/(sqlite3|keytar|@node-rs\/argon2[^/]*)\//.test(f)), unpackedFiles.join('\n')).toBe(true)
    console.log(`app.asar.unpacked: ${unpackedFiles.length} files`)
  })

  it('the unpacked addons load by path, and the packaged dependency tree works on its own (under Node)', () => {
    // Under Node, not Electron (no Electron binary here). sqlite3, keytar and @node-rs/argon2 are
    // Node-API addons, whose ABI is the same under Electron: the same files are what Electron loads.
    const script = `
      const path = require('node:path')
      const dir = process.argv[1]
      const load = (rel) => { const m = { exports: {} }; process.dlopen(m, path.join(dir, 'app.asar.unpacked', rel)); return Object.keys(m.exports).sort() }
      const out = {
        sqlite3: load('node_modules/sqlite3/build/Release/node_sqlite3.node'),
        keytar: load('node_modules/keytar/build/Release/keytar.node'),
        argon2: load(${JSON.stringify(`node_modules/@node-rs/argon2-${process.platform}-${process.arch}-gnu/argon2.${process.platform}-${process.arch}-gnu.node`)}),
      }
      process.stdout.write(JSON.stringify(out))`
    const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script, resources], { cwd: tmpdir() }).toString()) as Record<string, string[]>
    expect(loaded.sqlite3).toContain('Database')
    expect(loaded.keytar).toEqual(expect.arrayContaining(['getPassword', 'setPassword', 'deletePassword']))
    expect(loaded.argon2).toContain('hash')

    // The whole app tree (asar + unpacked) extracted: every runtime dependency resolves inside it
    // (nothing borrowed from the repository's node_modules) and the addons work through their packages.
    const extracted = mkdtempSync(join(tmpdir(), 'teller-asar-'))
    try {
      extractAll(asarPath, extracted)
      const check = `
        const dir = process.cwd()
        const mods = JSON.parse(process.argv[1])
        const where = {}
        for (const m of mods) { const p = require.resolve(m); if (!p.startsWith(dir + '/')) throw new Error(m + ' resolved outside the package: ' + p); require(m); where[m] = true }
        const sqlite3 = require('sqlite3')
        const db = new sqlite3.Database(':memory:')
        db.get('select 6 * 7 as v', async (err, row) => {
          if (err) throw err
          const argon2 = require('@node-rs/argon2')
          const h = await argon2.hash('teller', { memoryCost: 1024, timeCost: 1 })
          const ok = await argon2.verify(h, 'teller')
          db.close()
          process.stdout.write(JSON.stringify({ where, sqlite: row.v, argon2: ok, keytar: typeof require('keytar').getPassword }))
        })`
      const mods = ['typeorm', 'sqlite3', 'keytar', '@node-rs/argon2', 'reflect-metadata', 'pg', 'zod', 'card-validator', 'libphonenumber-js/max', 'smpp']
      const result = JSON.parse(
        execFileSync(process.execPath, ['-e', check, JSON.stringify(mods)], { cwd: extracted, env: { PATH: process.env.PATH ?? '' } }).toString(),
      )
      expect(Object.keys(result.where).sort()).toEqual([...mods].sort())
      expect(result).toMatchObject({ sqlite: 42, argon2: true, keytar: 'function' })
    } finally {
      rmSync(extracted, { recursive: true, force: true })
    }
  })

  it('ships resources/ as extraResources in <app>/resources/resources, where the main process reads it', () => {
    for (const name of ['providers.json', 'bin-ranges.csv']) {
      expect(readFileSync(join(resources, 'resources', name))).toEqual(readFileSync(join(root, 'resources', name)))
    }
    expect(entries.filter((e) => /providers\.json|bin-ranges\.csv/.test(e))).toEqual([])
    // src/main/index.ts: resourcesDir = join(process.resourcesPath, 'resources') when packaged.
    expect(readFileSync(join(root, 'out/main/index.js'), 'utf8')).toMatch(/process\.resourcesPath,\s*["']resources["']/)
  })

  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const realBinary = !!dist && existsSync(join(dist, 'electron'))
  it.skipIf(!realBinary)(
    realBinary
      ? 'the packaged Electron binary carries the production fuses'
      : 'SKIPPED (not passed): reading the fuses back needs a real Electron binary; set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron',
    async () => {
      expect(existsSync(join(appDir, STANDIN_MARKER))).toBe(false)
      const wire = await getCurrentFuseWire(join(appDir, 'kz-branch-teller'))
      for (const [key, on] of Object.entries(fuseConfig(false))) {
        if (key === 'version') continue
        expect(wire[key as unknown as keyof typeof wire], key).toBe(on ? 0x31 : 0x30)
      }
    },
  )

  it('without a real Electron binary the output is marked as a stand-in', () => {
    if (realBinary) return
    expect(readFileSync(join(appDir, STANDIN_MARKER), 'utf8')).toMatch(/stand-in/i)
  })
})

import { FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

// The fuse configuration of the packaged app (scripts/fuses.mjs) and the afterPack hook that flips
// it (scripts/after-pack.mjs). Whether a real packaged Electron carries these fuses is checked in
// tests/integration/package, where an Electron binary exists.
type FuseConfig = Record<string, unknown> & { version: string }
const { fuseConfig, isQaBuild, describeFuses, FUSE_ON, FUSE_OFF, FUSE_INHERIT, FUSE_SENTINEL } = (await import('../../../scripts/fuses.mjs' as string)) as {
  FUSE_ON: number
  FUSE_OFF: number
  FUSE_INHERIT: number
  FUSE_SENTINEL: string
  fuseConfig(qa?: boolean): FuseConfig
  isQaBuild(env?: Record<string, string | undefined>): boolean
  describeFuses(config: FuseConfig): Record<string, boolean>
}
const afterPack = ((await import('../../../scripts/after-pack.mjs' as string)) as { default: (context: unknown) => Promise<void> }).default
const { STANDIN_MARKER } = (await import('../../../scripts/electron-standin.mjs' as string)) as { STANDIN_MARKER: string }

const PRODUCTION = {
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  EnableEmbeddedAsarIntegrityValidation: true,
  GrantFileProtocolExtraPrivileges: false,
  EnableCookieEncryption: true,
}

describe('fuse configuration', () => {
  it('production: exactly RunAsNode, NODE_OPTIONS, inspector and file:// privileges off; asar-only, asar integrity and cookie encryption on', () => {
    const config = fuseConfig(false)
    expect(config.version).toBe(FuseVersion.V1)
    expect(describeFuses(config)).toStrictEqual(PRODUCTION)
    // The same, by the wire positions @electron/fuses writes.
    expect(config).toStrictEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
    expect(fuseConfig()).toStrictEqual(config)
  })

  it('QA: the same except the Node inspector arguments (Playwright _electron needs them)', () => {
    expect(describeFuses(fuseConfig(true))).toStrictEqual({ ...PRODUCTION, EnableNodeCliInspectArguments: true })
  })

  it("reads the wire the way @electron/fuses writes it", async () => {
    const constants = await import('@electron/fuses/dist/constants')
    expect(FUSE_SENTINEL).toBe(constants.SENTINEL)
    expect([FUSE_ON, FUSE_OFF, FUSE_INHERIT]).toEqual([constants.FuseState.ENABLE, constants.FuseState.DISABLE, constants.FuseState.INHERIT])
  })

  it('a QA build is chosen by TELLER_QA_BUILD=1 only', () => {
    expect(isQaBuild({})).toBe(false)
    expect(isQaBuild({ TELLER_QA_BUILD: '0' })).toBe(false)
    expect(isQaBuild({ TELLER_QA_BUILD: 'true' })).toBe(false)
    expect(isQaBuild({ TELLER_QA_BUILD: '1' })).toBe(true)
  })
})

// A synthetic executable carrying a fuse wire laid out as Electron's (sentinel, version, length,
// one byte per fuse, all "inherit"): the hook's flipping and read-back run for real on it.
const FuseState = { ENABLE: FUSE_ON, DISABLE: FUSE_OFF, INHERIT: FUSE_INHERIT }
function packedApp(opts: { wireLength?: number; standin?: boolean; noWire?: boolean } = {}) {
  const appOutDir = mkdtempSync(join(tmpdir(), 'teller-afterpack-'))
  mkdirSync(join(appOutDir, 'resources'))
  writeFileSync(join(appOutDir, 'resources', 'default_app.asar'), 'default app')
  const length = opts.wireLength ?? 9
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, length]), Buffer.alloc(length, FuseState.INHERIT)])
  const body = opts.noWire ? Buffer.from('ELF...no wire') : Buffer.concat([Buffer.from('\x7fELF padding '), wire, Buffer.from(' trailer')])
  writeFileSync(join(appOutDir, 'kz-branch-teller'), body)
  if (opts.standin) writeFileSync(join(appOutDir, STANDIN_MARKER), 'stand-in')
  const context = { appOutDir, electronPlatformName: 'linux', packager: { executableName: 'kz-branch-teller', appInfo: { productFilename: 'Branch Teller' } } }
  return { appOutDir, exe: join(appOutDir, 'kz-branch-teller'), context }
}

describe('afterPack hook', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    vi.restoreAllMocks()
  })

  it('flips the production fuses on the packaged executable and removes the default app', async () => {
    vi.stubEnv('TELLER_QA_BUILD', '')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const { appOutDir, exe, context } = packedApp()
    await afterPack(context)
    const wire = await getCurrentFuseWire(exe)
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE)
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE)
    // Fuses the config does not name keep Electron's own setting.
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.INHERIT)
    expect((wire as Record<number, number>)[8]).toBe(FuseState.INHERIT)
    expect(existsSync(join(appOutDir, 'resources', 'default_app.asar'))).toBe(false)
  })

  it('a QA build leaves the Node inspector arguments on', async () => {
    vi.stubEnv('TELLER_QA_BUILD', '1')
    vi.spyOn(console, 'log').mockImplementation(() => {})
    const { exe, context } = packedApp()
    await afterPack(context)
    const wire = await getCurrentFuseWire(exe)
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.ENABLE)
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE)
  })

  it('skips a stand-in with a message, and refuses a real-looking binary that has no fuse wire', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const standin = packedApp({ standin: true, noWire: true })
    const before = readFileSync(standin.exe)
    await afterPack(standin.context)
    expect(readFileSync(standin.exe)).toEqual(before)
    expect(warn.mock.calls.flat().join(' ')).toMatch(/fuses NOT flipped.*stand-in/)

    const broken = packedApp({ noWire: true })
    await expect(afterPack(broken.context)).rejects.toThrow(/no Electron fuse wire/)
  })
})

// electron-builder afterPack hook: flips the Electron fuses (scripts/fuses.mjs) on the packaged
// executable, then reads them back and fails the build if any differs. Runs before signing, as
// fuses must. A stand-in Electron (scripts/electron-standin.mjs) has no fuse wire: the hook says so
// and skips; a real binary without a fuse wire is an error.
import fuses from '@electron/fuses'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { STANDIN_MARKER } from './electron-standin.mjs'
import { describeFuses, FUSE_OFF, FUSE_ON, FUSE_SENTINEL, fuseConfig, isQaBuild } from './fuses.mjs'

const { flipFuses, getCurrentFuseWire } = fuses

/** Beside app.asar in a QA build only; src/main/index.ts reads it (packagedMode). */
export const QA_MARKER = 'qa-build'

/** Path of the packaged Electron executable for an electron-builder pack context. */
export function packagedExecutable(context) {
  const { appOutDir, electronPlatformName, packager } = context
  if (electronPlatformName === 'linux') return join(appOutDir, packager.executableName)
  if (electronPlatformName === 'win32') return join(appOutDir, `${packager.appInfo.productFilename}.exe`)
  return join(appOutDir, `${packager.appInfo.productFilename}.app`)
}

export default async function afterPack(context) {
  const { appOutDir } = context
  // A real Electron folder given as electronDist still has the default app: it is never shipped.
  rmSync(join(appOutDir, 'resources', 'default_app.asar'), { force: true })

  const qa = isQaBuild()
  const wanted = fuseConfig(qa)
  const executable = packagedExecutable(context)
  const label = qa ? 'QA build (EnableNodeCliInspectArguments on)' : 'production build'
  // The packaged app is production; only a QA build may be started in development mode
  // (TELLER_MODE=development), so Playwright can drive it with the SMS outbox and card simulator.
  const marker = join(appOutDir, 'resources', QA_MARKER)
  if (qa) writeFileSync(marker, 'QA build: TELLER_MODE=development is honoured.\n')
  else rmSync(marker, { force: true })
  if (existsSync(join(appOutDir, STANDIN_MARKER))) {
    console.warn(
      `  • fuses NOT flipped: ${executable} is the packaging stand-in, not an Electron binary (no fuse wire). ` +
        'Set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron to get a runnable app with its fuses set.',
    )
    return
  }
  if (context.electronPlatformName !== 'darwin' && !readFileSync(executable).includes(FUSE_SENTINEL)) {
    throw new Error(`${executable} has no Electron fuse wire: refusing to package an app whose fuses cannot be set`)
  }
  await flipFuses(executable, wanted)
  const wire = await getCurrentFuseWire(executable)
  const wrong = Object.entries(wanted)
    .filter(([key]) => key !== 'version')
    .filter(([key, on]) => wire[key] !== (on ? FUSE_ON : FUSE_OFF))
  if (wrong.length > 0) throw new Error(`fuses not set on ${executable}: ${wrong.map(([k]) => k).join(', ')}`)
  console.log(`  • fuses flipped (${label}) on ${executable}: ${JSON.stringify(describeFuses(wanted))}`)
}

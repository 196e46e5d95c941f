// Electron fuses of the packaged app, in one place: the afterPack hook flips them
// (scripts/after-pack.mjs) and tests/unit/packaging/fuses.test.ts checks them.
// https://www.electronjs.org/docs/latest/tutorial/fuses
import fuses from '@electron/fuses'

const { FuseV1Options, FuseVersion } = fuses

// How a fuse reads in the binary (@electron/fuses' FuseState, which its 1.x index does not export):
// ASCII '1' on, '0' off, 0x90 "inherit" (left as Electron ships it), 'r' removed. The wire follows
// the sentinel string in the Electron executable.
export const FUSE_ON = 0x31
export const FUSE_OFF = 0x30
export const FUSE_INHERIT = 0x90
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'

/** A QA build (TELLER_QA_BUILD=1) keeps --inspect: Playwright's _electron drives the app through it. */
export function isQaBuild(env = process.env) {
  return env.TELLER_QA_BUILD === '1'
}

/**
 * The fuse wire for a production build (qa = false) or a QA build (qa = true). The two differ in
 * EnableNodeCliInspectArguments only. LoadBrowserProcessSpecificV8Snapshot is left as Electron ships it.
 * @param {boolean} qa
 * @returns {import('@electron/fuses').FuseV1Config<boolean>}
 */
export function fuseConfig(qa = false) {
  return {
    version: FuseVersion.V1,
    // The binary cannot be started as a plain Node.js (ELECTRON_RUN_AS_NODE is ignored).
    [FuseV1Options.RunAsNode]: false,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS cannot inject code or flags.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect, --inspect-brk and SIGUSR1 do not open a debugger on the main process (QA only).
    [FuseV1Options.EnableNodeCliInspectArguments]: qa === true,
    // The app is loaded from resources/app.asar only, never from a loose resources/app folder...
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // ...whose header hash is checked against the one embedded at build time (Windows and macOS;
    // Electron has no ASAR integrity check on Linux yet, where the fuse has no effect).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // file:// pages get no extra privileges (the UI is served from app://).
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    // Cookies are encrypted at rest with an OS-keychain key.
    [FuseV1Options.EnableCookieEncryption]: true,
  }
}

/** Readable names of a fuse config, for logs and test messages: { RunAsNode: false, ... }. */
export function describeFuses(config) {
  const named = {}
  for (const [key, value] of Object.entries(config)) {
    if (key === 'version' || key === 'resetAdHocDarwinSignature' || key === 'strictlyRequireAllFuses') continue
    named[FuseV1Options[Number(key)]] = value
  }
  return named
}

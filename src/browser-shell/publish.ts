import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The file in the data folder holding the shell's URL with its token (0600). */
export const SHELL_URL_FILE = 'shell-url'
/** The page a browser is pointed at: it forwards to the URL; removed once the token is used. */
export const SHELL_OPEN_FILE = 'open.html'

export type Spawner = (command: string, args: string[], options: SpawnOptions) => Pick<ChildProcess, 'on' | 'unref'>

export interface PublishOptions {
  dataDir: string
  /** The URL with the per-run token. */
  url: string
  stdout: { isTTY?: boolean; write(text: string): unknown }
  /** Open a browser (xdg-open) at the URL. */
  open: boolean
  /** The environment the browser's is made from (scrubbed: see browserEnv). */
  env: NodeJS.ProcessEnv
  /** Injected by tests; child_process.spawn otherwise. */
  spawn?: Spawner
}

export interface Published {
  urlFile: string
  /** The token has been used by a page: the forwarding page is no longer needed. */
  tokenUsed(): void
  /** Stopping: remove the files holding the token. */
  remove(): void
}

/**
 * How the browser shell hands its URL (with the token that opens the whole IPC contract) to a person
 * or a script, never through argv (readable by every local user in /proc):
 * - the URL goes to `<dataDir>/shell-url`, mode 0600; a line naming that file is printed;
 * - the URL itself is printed only when stdout is a terminal (a person is reading it);
 * - a browser, if opened, gets `file://<dataDir>/open.html` (a 0600 page that forwards to the URL,
 *   deleted once the token has been used) and an environment without the app's secrets.
 */
export function publishShellUrl(options: PublishOptions): Published {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const urlFile = join(options.dataDir, SHELL_URL_FILE)
  const openFile = join(options.dataDir, SHELL_OPEN_FILE)
  writePrivateFile(urlFile, `${options.url}\n`)
  const out = options.stdout
  out.write(`Branch Teller (browser shell) is running.\n`)
  if (out.isTTY) out.write(`Open: ${options.url}\n`)
  out.write(`The address, with its access token, is in ${urlFile} (readable by you only).\n`)
  // One machine-readable line for tests and scripts: the file, not the token.
  out.write(`TELLER_SHELL_URL_FILE=${urlFile}\n`)
  let opened = false
  const removeOpenFile = () => {
    if (!opened) return
    opened = false
    rmSync(openFile, { force: true })
  }
  if (options.open) {
    const href = escapeHtml(options.url)
    writePrivateFile(
      openFile,
      `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
        `<meta http-equiv="refresh" content="0; url=${href}"><title>Branch Teller</title></head>` +
        `<body><a href="${href}">Open Branch Teller</a></body></html>\n`,
    )
    opened = true
    const spawn: Spawner = options.spawn ?? nodeSpawn
    spawn('xdg-open', [pathToFileURL(openFile).href], { stdio: 'ignore', detached: true, env: browserEnv(options.env) })
      .on('error', () => {})
      .unref()
    // Not used within a minute (no browser came): the page goes anyway; shell-url remains.
    setTimeout(removeOpenFile, 60_000).unref()
  }
  return {
    urlFile,
    tokenUsed: removeOpenFile,
    remove: () => {
      removeOpenFile()
      rmSync(urlFile, { force: true })
    },
  }
}

/** Writes a file only this user can read, replacing any old one atomically (never through a link). */
export function writePrivateFile(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`
  rmSync(tmp, { force: true })
  writeFileSync(tmp, content, { mode: 0o600, flag: 'wx' })
  renameSync(tmp, path)
}

/** Variables a desktop browser (and xdg-open) needs; everything else, the app's secrets first, stays behind. */
const BROWSER_ENV = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'DISPLAY', 'WAYLAND_DISPLAY',
  'XAUTHORITY', 'DBUS_SESSION_BUS_ADDRESS', 'DESKTOP_SESSION', 'KDE_FULL_SESSION', 'KDE_SESSION_VERSION',
  'GNOME_DESKTOP_SESSION_ID', 'BROWSER',
])
const SECRET_NAME = /PASS|TOKEN|SECRET|KEY|CREDENTIAL/i

/** The browser's environment: an allow-list (desktop session, locale), never a secret-looking name or a TELLER_ variable. */
export function browserEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || SECRET_NAME.test(name) || name.startsWith('TELLER_')) continue
    if (BROWSER_ENV.has(name) || name.startsWith('LC_') || name.startsWith('XDG_')) out[name] = value
  }
  return out
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

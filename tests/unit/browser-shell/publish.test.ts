import type { SpawnOptions } from 'node:child_process'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { browserEnv, publishShellUrl, type Spawner } from '../../../src/browser-shell/publish'
import { tempDir } from '../../support/temp-engine'

const TOKEN = 'tok-3f9a1c7e5b2d4a6f8e0c1b3d5f7a9c2e4b6d8f0a1c3'
const URL_WITH_TOKEN = `http://127.0.0.1:41234/?token=${TOKEN}`
const ENV: NodeJS.ProcessEnv = {
  PATH: '/usr/bin', HOME: '/home/teller', DISPLAY: ':0', LANG: 'ru_KZ.UTF-8', LC_TIME: 'kk_KZ.UTF-8', XDG_RUNTIME_DIR: '/run/user/1000',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus', XAUTHORITY: '/home/teller/.Xauthority',
  TELLER_KEY_PASSPHRASE: 'branch passphrase 123', TELLER_SMPP_PASSWORD: 'smpp-pw', TELLER_SMS_TOKEN: 'sms-tok',
  TELLER_DB_URL: 'postgres://teller:db-pw@db/teller', TELLER_DATA_DIR: '/data', AWS_SECRET_ACCESS_KEY: 'aws', GITHUB_TOKEN: 'gh', PGPASSWORD: 'pg',
  XDG_SESSION_KEY: 'x', npm_config_password: 'npm',
}

function recorder() {
  const calls: { command: string; args: string[]; options: SpawnOptions }[] = []
  const spawn: Spawner = (command, args, options) => {
    calls.push({ command, args, options })
    const child = { on: () => child, unref: () => undefined }
    return child as unknown as ReturnType<Spawner>
  }
  return { calls, spawn }
}

function out(isTTY: boolean) {
  let text = ''
  return { stream: { isTTY, write: (s: string) => (text += s) }, text: () => text }
}

describe('browser shell URL hand-over: never in argv, on stdout only for a terminal, the browser without secrets', () => {
  const dir = tempDir('teller-publish-')
  afterAll(() => dir.cleanup())

  it('not a terminal: stdout names the 0600 file but not the token', () => {
    const o = out(false)
    const p = publishShellUrl({ dataDir: join(dir.path, 'a'), url: URL_WITH_TOKEN, stdout: o.stream, open: false, env: ENV })
    expect(o.text()).not.toContain(TOKEN)
    expect(o.text()).toContain(`TELLER_SHELL_URL_FILE=${p.urlFile}`)
    expect(statSync(p.urlFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(p.urlFile, 'utf8').trim()).toBe(URL_WITH_TOKEN)
    p.remove()
    expect(existsSync(p.urlFile)).toBe(false)
  })

  it('a terminal: the URL is printed for the person reading it', () => {
    const o = out(true)
    publishShellUrl({ dataDir: join(dir.path, 'b'), url: URL_WITH_TOKEN, stdout: o.stream, open: false, env: ENV }).remove()
    expect(o.text()).toContain(`Open: ${URL_WITH_TOKEN}`)
  })

  it('replaces an old URL file, and a planted link is replaced, not followed', () => {
    const d = join(dir.path, 'c')
    publishShellUrl({ dataDir: d, url: 'http://127.0.0.1:1/?token=old', stdout: out(false).stream, open: false, env: ENV })
    const victim = join(dir.path, 'victim')
    writeFileSync(victim, 'keep')
    const p = publishShellUrl({ dataDir: d, url: URL_WITH_TOKEN, stdout: out(false).stream, open: false, env: ENV })
    expect(readFileSync(p.urlFile, 'utf8').trim()).toBe(URL_WITH_TOKEN)
    expect(readFileSync(victim, 'utf8')).toBe('keep')
    p.remove()
  })

  it('opens the browser on a local forwarding page: no token in argv, no secret in its environment; the page goes once the token is used', () => {
    const r = recorder()
    const p = publishShellUrl({ dataDir: join(dir.path, 'd'), url: URL_WITH_TOKEN, stdout: out(false).stream, open: true, env: ENV, spawn: r.spawn })
    expect(r.calls).toHaveLength(1)
    const { command, args, options } = r.calls[0]!
    expect([command, ...args].join(' ')).not.toContain(TOKEN)
    expect(args).toEqual([expect.stringMatching(/^file:\/\/.*\/open\.html$/)])
    const env = options.env!
    expect(JSON.stringify(env)).not.toContain(TOKEN)
    for (const secret of ['branch passphrase 123', 'smpp-pw', 'sms-tok', 'db-pw', 'aws', 'gh', 'pg', 'npm']) expect(Object.values(env)).not.toContain(secret)
    expect(Object.keys(env).filter((n) => /PASS|TOKEN|SECRET|KEY/i.test(n) || n.startsWith('TELLER_'))).toEqual([])
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/home/teller', DISPLAY: ':0', LANG: 'ru_KZ.UTF-8', LC_TIME: 'kk_KZ.UTF-8', XDG_RUNTIME_DIR: '/run/user/1000' })
    const page = fileURLToPath(args[0]!)
    expect(statSync(page).mode & 0o777).toBe(0o600)
    expect(readFileSync(page, 'utf8')).toContain(`url=${URL_WITH_TOKEN}`)
    p.tokenUsed()
    expect(existsSync(page)).toBe(false)
    p.remove()
  })

  it('browserEnv keeps the desktop session and drops everything else', () => {
    expect(browserEnv({ DISPLAY: ':1', TELLER_WORKSTATION: 'ws', SSH_AUTH_SOCK: '/tmp/agent', MY_API_KEY: 'k', XDG_CURRENT_DESKTOP: 'GNOME' })).toEqual({ DISPLAY: ':1', XDG_CURRENT_DESKTOP: 'GNOME' })
  })
})

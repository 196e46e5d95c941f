import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

const execFileAsync = promisify(execFile)

/** The newest PostgreSQL server binaries of the Debian package, or null. */
export function postgresBin(): string | null {
  try {
    const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b))
    return versions.length ? join('/usr/lib/postgresql', versions.at(-1)!, 'bin') : null
  } catch {
    return null
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/** stop and start run pg_ctl without blocking the event loop, as a server restart elsewhere would not block the app. */
export interface PgCluster {
  url: string
  stop(): Promise<void>
  start(): Promise<void>
  destroy(): void
}

/**
 * A throwaway PostgreSQL cluster of this test's own (as scripts/with-postgres makes one), so the
 * test can stop and restart it without disturbing the shared server of the other tests.
 */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = postgresBin()!
  const dir = mkdtempSync(join(tmpdir(), 'teller-pgfault-'))
  const port = await freePort()
  const pw = randomBytes(18).toString('base64url')
  writeFileSync(join(dir, 'pw'), `${pw}\n`)
  const asPg = process.getuid?.() === 0
  if (asPg) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
    chownSync(join(dir, 'pw'), uid, gid)
  }
  const argv = (tool: string, args: string[]): [string, string[]] => (asPg ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args])
  const run = (tool: string, args: string[]) => execFileSync(...argv(tool, args), { stdio: 'ignore' })
  const runAsync = async (tool: string, args: string[]) => {
    await execFileAsync(...argv(tool, args))
  }
  run('initdb', ['-D', join(dir, 'data'), '-U', 'teller', `--pwfile=${join(dir, 'pw')}`, '-A', 'scram-sha-256'])
  const opts = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir}`
  const startArgs = ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', opts, 'start']
  run('pg_ctl', startArgs)
  return {
    url: `postgres://teller:${pw}@127.0.0.1:${port}/postgres`,
    start: () => runAsync('pg_ctl', startArgs),
    stop: () => runAsync('pg_ctl', ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']),
    destroy: () => {
      try {
        run('pg_ctl', ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'])
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

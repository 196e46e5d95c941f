import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../main/app/config'
import { withAskedPassphrase } from '../main/app/passphrase-source'
import { markRunning } from '../main/app/app-lock'
import { createEngine } from '../main/app/composition-root'
import { createLogger } from '../main/app/logger'
import { createGate } from '../main/ipc/gate'
import { recordAppStart, recordAppStop } from '../main/engine/audit/app-trail'
import { createCustomerGate } from '../main/ipc/customer-gate'
import { createDevStaff, DEV_STAFF } from '../main/app/dev-staff'
import { publishShellUrl, writePrivateFile, type Published } from './publish'
import { startShellServer } from './server'

/**
 * `npm start` without an Electron binary: the same engine and handlers as the Electron main
 * process, served on 127.0.0.1 only. Flags: --no-open (do not open a browser), --port N,
 * --dev-staff (development: create dev.supervisor and dev.teller).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const root = join(__dirname, '..', '..')
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  const logger = createLogger()
  const engine = await createEngine({
    config: await withAskedPassphrase(loadConfig(process.env, { appVersion: pkg.version, shell: 'browser' })),
    logger,
  })
  await recordAppStart(engine.audit, { version: pkg.version, shell: 'browser', mode: engine.config.mode }, engine.config.workstation)
  if (args.includes('--dev-staff')) {
    const created = await createDevStaff(engine.config.mode, engine.staff, engine.staffSecondFactor, engine.config.workstation)
    process.stdout.write(`Development staff: ${DEV_STAFF.map((s) => s.login).join(', ')} (password and TOTP secret in the README)${created.length ? '' : ', already there'}.\n`)
  }
  const unmark = markRunning(engine.config.dataDir)
  const portArg = args.indexOf('--port')
  let published: Published | null = null
  const server = await startShellServer({
    rendererDir: join(root, 'out', 'renderer'),
    // The simulated operator's messages, for the dev "customer phone" view: development only
    // (production refuses the outbox anyway, and without it every /__teller/dev/ route is 404).
    devOutbox: engine.config.mode === 'development' ? (engine.outbox ?? undefined) : undefined,
    dispatch: createGate(engine),
    customerDispatch: createCustomerGate(engine.customerWindows, logger),
    workstation: engine.config.workstation,
    logger,
    port: portArg >= 0 ? Number(args[portArg + 1]) : Number(process.env.TELLER_SHELL_PORT ?? 0),
    onTokenUse: () => published?.tokenUsed(),
  })
  // The customer window's address (its own token) goes the same way: a 0600 file, named on stdout.
  const customerUrlFile = join(engine.config.dataDir, 'customer-url')
  writePrivateFile(customerUrlFile, `${server.customerUrl}\n`)
  process.stdout.write(`Customer window: open the address in ${customerUrlFile} on the customer's screen.\nTELLER_CUSTOMER_URL_FILE=${customerUrlFile}\n`)
  // The token never goes into argv or a log; see publishShellUrl.
  published = publishShellUrl({
    dataDir: engine.config.dataDir,
    url: server.url,
    stdout: process.stdout,
    open: !args.includes('--no-open') && !process.env.CI && !!process.env.DISPLAY,
    env: process.env,
  })
  process.stdout.write(`Data: ${engine.config.dataDir}\nPress Ctrl+C to stop.\n`)
  const stop = async () => {
    published?.remove()
    rmSync(customerUrlFile, { force: true })
    await server.close()
    await recordAppStop(engine.audit, engine.config.workstation).catch((e: unknown) => logger.error('app stop not audited', { errorName: e instanceof Error ? e.name : typeof e }))
    await engine.close()
    unmark()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

main().catch((e: unknown) => {
  process.stderr.write(`Branch Teller could not start: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})

import type { Engine } from '../app/composition-root'
import { reason as reasonSchema } from '../../shared/ipc/contract/schemas'
import { option, readSecrets } from './cli-io'
import { assertAppStopped, rotateOrReencrypt } from './keys-cli'

const USE = 'needs --login LOGIN and --reason TEXT (at least 3 characters); the password, then the authenticator code (PCI DSS 8.4.2), are read from standard input.'

async function credentials(args: string[]): Promise<{ login: string; password: string; code?: string; reason: string } | null> {
  const login = option(args, 'login')?.trim()
  const reason = reasonSchema.safeParse(option(args, 'reason') ?? '')
  if (!login || !reason.success) return null
  // The same factors as a sign-in: the password, then the authenticator code (a secret: never argv).
  const [password, code] = await readSecrets(['Password: ', 'Authenticator code: '])
  return { login, password: password!, ...(code?.trim() ? { code: code.trim() } : {}), reason: reason.data }
}

/** `keys rotate`: supervisor LOGIN asks; nothing rotates until a different supervisor approves (issue 13). */
export async function requestKeyRotation(engine: Engine, args: string[]): Promise<number> {
  const who = await credentials(args)
  if (!who) {
    console.error(`keys rotate ${USE}`)
    return 2
  }
  const r = await engine.approvals.requestAs('keys.rotate', {}, who.reason, { login: who.login, password: who.password, ...(who.code ? { code: who.code } : {}) }, { clientId: 'cli', actor: { staffId: null, workstation: engine.config.workstation } })
  console.log(`key rotation requested (${r.id}); it expires at ${r.expiresAt}. A different supervisor runs it, with the app stopped:`)
  console.log(`  npm run admin -- approvals approve ${r.id} --login THEIR_LOGIN --reason "..."`)
  return 0
}

/** `approvals list | approve ID | reject ID`: a checker at the admin console. */
export async function approvalsCommand(engine: Engine, args: string[]): Promise<number> {
  const window = { clientId: 'cli', actor: { staffId: null, workstation: engine.config.workstation } }
  if (args[1] === 'list') {
    const rows = await engine.approvals.list(window.actor)
    for (const r of rows) console.log(`${r.id}  ${r.kind}  by ${r.makerLogin ?? r.makerId}  expires ${r.expiresAt}  ${Object.values(r.summary).join(' ')}`)
    console.log(`${rows.length} pending`)
    return 0
  }
  const id = args[2]
  if ((args[1] !== 'approve' && args[1] !== 'reject') || !id) {
    console.error('approvals list | approvals approve|reject ID --login LOGIN --reason TEXT')
    return 2
  }
  const who = await credentials(args)
  if (!who) {
    console.error(`approvals ${args[1]} ${USE}`)
    return 2
  }
  const creds = { login: who.login, password: who.password, ...(who.code ? { code: who.code } : {}) }
  if (args[1] === 'reject') {
    await engine.approvals.reject(id, who.reason, window, creds)
    console.log(`request ${id} rejected`)
    return 0
  }
  // Key rotation runs in this process: the app must be stopped before the request is decided.
  assertAppStopped(engine)
  engine.approvals.register('keys.rotate', { execute: (_p, _reason, checker) => rotateOrReencrypt(engine, 'rotate', checker), summary: () => ({}) })
  const done = await engine.approvals.approve(id, who.reason, window, creds)
  console.log(`request ${id} approved by ${done.checkerLogin} and executed`)
  return 0
}

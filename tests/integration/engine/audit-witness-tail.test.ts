import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEV_AUDIT_WITNESS } from '../../../src/main/app/composition-root'
import { registerCustomer } from '../../support/customers'
import { reopenEngine, startTestEngine, type TestEngine } from '../../support/temp-engine'

const sizes = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { size: number }).size)

const tailSeq = async (t: TestEngine) => Number(((await t.engine.ds.query('SELECT MAX(seq) AS s FROM audit_event')) as { s: number }[])[0]!.s)

// The witness must vouch for the store's real tail: for an event committed inside a caller's
// transaction (registration), and when two processes share the store (the app and the admin CLI).
describe('audit checkpoints sign the store\'s committed tail', () => {
  let t: TestEngine
  afterEach(async () => t.close())

  it('an event recorded inside a transaction (registration) as the last event is witnessed', async () => {
    t = await startTestEngine()
    await registerCustomer(t, '+77012220001', 'qwerty1!')
    await t.engine.audit.checkpointNow()
    const witness = join(t.dataDir, DEV_AUDIT_WITNESS)
    expect(sizes(witness).at(-1)).toBe(await tailSeq(t))
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
  })

  it('two processes on one store (app and admin CLI) never make the witness go backwards', async () => {
    t = await startTestEngine()
    await t.engine.audit.record({ actorStaffId: null, workstation: 'app', action: 'probe.app', outcome: 'success' })
    const cli = await reopenEngine(t.dataDir, t.clock)
    await cli.audit.record({ actorStaffId: null, workstation: 'cli', action: 'store.backup', outcome: 'success' })
    await cli.close() // the CLI's last checkpoint: the newest event
    await t.engine.audit.checkpointNow() // the app's own, later
    const witnessed = sizes(join(t.dataDir, DEV_AUDIT_WITNESS))
    expect(witnessed).toEqual([...witnessed].sort((a, b) => a - b))
    expect(witnessed.at(-1)).toBe(await tailSeq(t))
    expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
  })
})

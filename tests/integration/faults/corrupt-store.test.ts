import { closeSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { STORE_FILE } from '../../../src/main/app/composition-root'
import { reopenEngine, startTestEngine } from '../../support/temp-engine'
import { registerCustomer, registeredName } from '../../support/customers'
import type { FakeClock } from '../../support/fake-clock'

/**
 * Fault matrix, row "corrupted database file": a byte flipped in a page of a closed store. The
 * next start detects it (PRAGMA quick_check), refuses to run on it, says how to restore from a
 * backup, and leaves the damaged file exactly as it was (for support to look at).
 */
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

/** Flips one byte at `offset` within page `page` (1-based) of a closed SQLite file. */
function flipByte(file: string, page: number, offset: number): void {
  const header = readFileSync(file).subarray(16, 18)
  const pageSize = header.readUInt16BE(0) === 1 ? 65536 : header.readUInt16BE(0)
  const fd = openSync(file, 'r+')
  try {
    const at = (page - 1) * pageSize + offset
    const b = Buffer.alloc(1)
    readSync(fd, b, 0, 1, at)
    b[0] = b[0]! ^ 0xff
    writeSync(fd, b, 0, 1, at)
  } finally {
    closeSync(fd)
  }
}

async function closedStoreWithData(): Promise<{ dataDir: string; file: string; auditRoot: number; clock: FakeClock }> {
  const t = await startTestEngine()
  await registerCustomer(t, '+77010000004', 'qwerty1!')
  const root = (await t.engine.ds.query(`SELECT rootpage FROM sqlite_master WHERE name = 'audit_event'`)) as { rootpage: number }[]
  const dataDir = t.dataDir
  // Closed (WAL checkpointed into the file), but the folder kept for the restart.
  await t.engine.close()
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
  return { dataDir, file: join(dataDir, STORE_FILE), auditRoot: root[0]!.rootpage, clock: t.clock }
}

describe('fault: corrupted database file', () => {
  it('a flipped byte in a table page: the start is refused with how to restore from backup, the file untouched', async () => {
    const s = await closedStoreWithData()
    // The page-type byte of the audit table's root page: a b-tree page no longer says what it is.
    flipByte(s.file, s.auditRoot, 0)
    const damaged = readFileSync(s.file)
    const started = reopenEngine(s.dataDir, s.clock)
    await expect(started).rejects.toMatchObject({ name: 'StoreCorruptError' })
    await expect(started).rejects.toThrow(/damaged.*will not run on it.*restore .*backup.*When things go wrong/s)
    expect(readFileSync(s.file).equals(damaged)).toBe(true)
  })

  it('a flipped byte in the file header: refused the same way', async () => {
    const s = await closedStoreWithData()
    flipByte(s.file, 1, 0) // "SQLite format 3" is no longer the magic string
    await expect(reopenEngine(s.dataDir, s.clock)).rejects.toMatchObject({ name: 'StoreCorruptError' })
  })

  it('a sound store still starts (the check refuses only damage)', async () => {
    const s = await closedStoreWithData()
    const engine = await reopenEngine(s.dataDir, s.clock)
    expect(await registeredName(engine, '+77010000004')).not.toBeNull()
    await engine.close()
  })
})

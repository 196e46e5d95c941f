import { createReadStream, existsSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { checkpointLine, checkpointReach, type SignedCheckpoint, type SignedRestoreAck } from './audit-checkpoint-rules'
import type { Witness } from './witness'

/**
 * The witness as an append-only JSON-lines file on another path than the store (another volume in
 * production: TELLER_AUDIT_WITNESS), created 0600. Each append is fsynced.
 */
export class FileWitness implements Witness {
  constructor(readonly where: string) {}

  /** Creates the file (0600) if needed: a witness that cannot be written is found at start, not at the first checkpoint. */
  async ensureWritable(): Promise<void> {
    try {
      await (await open(this.where, 'a', 0o600)).close()
    } catch (e) {
      throw new Error(`The audit witness ${this.where} cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'}): check TELLER_AUDIT_WITNESS and its folder.`, { cause: e })
    }
  }

  async append(cp: SignedCheckpoint): Promise<void> {
    const fh = await open(this.where, 'a+', 0o600)
    try {
      // Two processes on one store (the app and the admin CLI) may race to checkpoint: a size the
      // witness already holds, or a smaller one, adds nothing and would read as going backwards.
      if ((await lastReach(fh)) >= checkpointReach(cp)) return
      await fh.appendFile(checkpointLine(cp))
      await fh.datasync()
    } finally {
      await fh.close()
    }
  }

  async acknowledge(ack: SignedRestoreAck): Promise<void> {
    const fh = await open(this.where, 'a', 0o600)
    try {
      await fh.appendFile(checkpointLine(ack))
      await fh.datasync()
    } finally {
      await fh.close()
    }
  }

  async *read(): AsyncIterable<unknown> {
    if (!existsSync(this.where)) return
    const lines = createInterface({ input: createReadStream(this.where, 'utf8'), crlfDelay: Infinity })
    for await (const line of lines) {
      const one = parsed(line)
      if (one !== null) yield one
    }
  }

  /** The lines from the end of the file backwards, 64 KiB at a time (a missing file has none). */
  async *readNewestFirst(): AsyncIterable<unknown> {
    let fh: FileHandle
    try {
      fh = await open(this.where, 'r')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return
      throw e
    }
    try {
      let pos = (await fh.stat()).size
      // The start of the line the last chunk began inside (its beginning is in an earlier chunk).
      let carry = Buffer.alloc(0)
      while (pos > 0) {
        const length = Math.min(pos, 65536)
        pos -= length
        const buf = Buffer.alloc(length)
        await fh.read(buf, 0, length, pos)
        const joined = Buffer.concat([buf, carry])
        let end = joined.length
        for (let i = joined.length - 1; i >= 0; i--) {
          if (joined[i] !== 0x0a) continue
          const line = parsed(joined.subarray(i + 1, end).toString('utf8'))
          if (line !== null) yield line
          end = i
        }
        carry = joined.subarray(0, end)
      }
      const first = parsed(carry.toString('utf8'))
      if (first !== null) yield first
    } finally {
      await fh.close()
    }
  }
}

/** One line of the file as parsed, 'unreadable' when damaged, null when blank (read either way: oldest or newest first). */
function parsed(line: string): unknown {
  if (line.trim() === '') return null
  try {
    return JSON.parse(line) as unknown
  } catch {
    return 'unreadable'
  }
}

/** How far the last checkpoint line in the file reaches (0 when there is none): its size, plus its workstation chains' sizes. */
async function lastReach(fh: FileHandle): Promise<number> {
  const { size } = await fh.stat()
  if (size === 0) return 0
  const length = Math.min(size, 65536)
  const buf = Buffer.alloc(length)
  await fh.read(buf, 0, length, size - length)
  const lines = buf.toString('utf8').split('\n').filter((l) => l.trim() !== '')
  try {
    const last = JSON.parse(lines.at(-1) ?? '{}') as { size?: unknown; chains?: unknown }
    if (typeof last.size !== 'number') return 0
    const chains = Array.isArray(last.chains) ? (last.chains as [string, number, string][]) : []
    return checkpointReach({ size: last.size, head: '', at: '', keyedFrom: 0, chains: chains.filter((c) => Array.isArray(c) && typeof c[1] === 'number') })
  } catch {
    return 0
  }
}

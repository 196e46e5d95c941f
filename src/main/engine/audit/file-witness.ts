import { createReadStream, existsSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { checkpointLine, type SignedCheckpoint } from './audit-checkpoint-rules'
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
    const fh = await open(this.where, 'a', 0o600)
    try {
      await fh.appendFile(checkpointLine(cp))
      await fh.datasync()
    } finally {
      await fh.close()
    }
  }

  async *read(): AsyncIterable<unknown> {
    if (!existsSync(this.where)) return
    const lines = createInterface({ input: createReadStream(this.where, 'utf8'), crlfDelay: Infinity })
    for await (const line of lines) {
      if (line.trim() === '') continue
      try {
        yield JSON.parse(line) as unknown
      } catch {
        yield 'unreadable'
      }
    }
  }
}

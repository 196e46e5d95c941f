import { Worker } from 'node:worker_threads'

/**
 * The HMACs of a long walk, computed on a second thread while the walk checks order and
 * checkpoints on its own (issue 14: 10,000,000 events verified in under a minute). The thread
 * gets the exact bytes each link covers (`linkText`) and the chain keys it needs, and gives back
 * the links; it decides nothing. Its code is plain JavaScript run from a string, so the same pool
 * works from the sources (tests, admin CLI) and from the bundled app.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash, createHmac } = require('node:crypto')
const keys = new Map()
parentPort.on('message', (m) => {
  if (m.keys) for (const [version, key] of m.keys) keys.set(version, Buffer.from(key))
  const out = new Array(m.ends.length)
  for (let i = 0, at = 0; i < m.ends.length; at = m.ends[i], i++) {
    const text = m.text.slice(at, m.ends[i])
    const version = m.versions[i]
    const key = version === -1 ? null : keys.get(version)
    out[i] = version === -1 ? createHash('sha256').update(text).digest('hex') : key ? createHmac('sha256', key).update(text).digest('hex') : null
  }
  parentPort.postMessage({ id: m.id, out })
})
`

export class LinkPool {
  private nextId = 0
  private readonly waiting = new Map<number, (links: (string | null)[] | null) => void>()
  private readonly sent = new Set<number>()
  private broken = false

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; out: (string | null)[] }) => {
      this.waiting.get(m.id)?.(m.out)
      this.waiting.delete(m.id)
    })
    const fail = () => {
      this.broken = true
      for (const resolve of this.waiting.values()) resolve(null)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', fail)
  }

  /** A pool with one thread, or null where no thread can be started (the walk then does every link itself). */
  static open(): LinkPool | null {
    try {
      return new LinkPool(new Worker(SOURCE, { eval: true }))
    } catch {
      return null
    }
  }

  /**
   * The links of `texts`, each under the chain key of its version (-1: plain SHA-256, the part
   * before the keyed chain); null for all of them if the thread failed (the walk then computes them).
   */
  links(texts: string[], versions: number[], keys: Map<number, Buffer>): Promise<(string | null)[] | null> {
    if (this.broken) return Promise.resolve(null)
    const fresh = [...keys].filter(([v]) => !this.sent.has(v))
    for (const [v] of fresh) this.sent.add(v)
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      // One text and where each ends: far cheaper to pass between threads than thousands of strings.
      const ends = new Int32Array(texts.length)
      let end = 0
      for (let i = 0; i < texts.length; i++) ends[i] = end += texts[i]!.length
      const v = Int32Array.from(versions)
      this.worker.postMessage({ id, text: texts.join(''), ends, versions: v, ...(fresh.length ? { keys: fresh.map(([ver, k]) => [ver, new Uint8Array(k)]) } : {}) }, [ends.buffer, v.buffer])
    })
  }

  async close(): Promise<void> {
    this.broken = true
    await this.worker.terminate()
  }
}

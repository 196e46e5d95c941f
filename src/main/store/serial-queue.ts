/**
 * Runs async critical sections one at a time. The SQLite driver has a single connection, so two
 * interleaved transactions would nest; every read-decide-write sequence goes through one of these.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task)
    this.tail = next.catch(() => undefined)
    return next
  }
}

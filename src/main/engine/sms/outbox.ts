import type { SmsGateway, SmsMessage } from '../kernel/ports'
import type { Clock } from '../kernel/clock'

export interface OutboxEntry {
  to: string
  text: string
  sentAt: string
}

/**
 * The embedded SMS operator: messages stay in this process's memory (never on disk, never in a
 * log) so the browser shell's dev "customer phone" view and the tests can read them. It is the
 * default gateway until a real operator adapter (SMPP/HTTPS, issue 6) is configured.
 */
export class OutboxSmsGateway implements SmsGateway {
  private readonly entries: OutboxEntry[] = []

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 500,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    this.entries.push({ to: message.to, text: message.text, sentAt: this.clock.now().toISOString() })
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity)
  }

  list(phone?: string): OutboxEntry[] {
    return this.entries.filter((e) => phone === undefined || e.to === phone).map((e) => ({ ...e }))
  }

  /** The last message to a phone, for tests. */
  last(phone: string): OutboxEntry | null {
    const mine = this.list(phone)
    return mine[mine.length - 1] ?? null
  }
}

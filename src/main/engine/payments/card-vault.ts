import { randomUUID } from 'node:crypto'
import valid from 'card-validator'
import type { SavedCardDto } from '../../../shared/dto'
import { ErrorCode } from '../../../shared/errors'
import type { KeyRing } from '../crypto/key-ring'
import { macTag } from '../crypto/mac-tag'
import { EngineError } from '../kernel/engine-error'
import type { UnitOfWork } from '../kernel/unit-of-work'
import type { BinInfo, BinTable } from './bin-table'
import { assertNotExpired, expiryLabel, maskPan } from './card-rules'
import type { CardRepo, CardRow } from './card.repo'

export interface NewCardInput {
  pan: string
  /** "MM/YY" or "MM/YYYY". */
  expiry: string
  cvv: string
}

export interface CheckedCard {
  pan: string
  brand: string
  expMonth: number
  expYear: number
  bin: BinInfo
}

/**
 * The card vault (S16, PCI DSS 3): PANs sealed with the ring's data key, masked to first 6 / last
 * 4, and fingerprinted with a keyed HMAC for "same card" and the monthly count. CVVs never enter
 * it: they are checked for shape here and passed to the host in memory only.
 */
export class CardVault {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ring: KeyRing,
    private readonly bins: BinTable,
  ) {}

  /** The fingerprint under the active card-fingerprint key version. */
  async fingerprint(pan: string): Promise<string> {
    const { version, key } = await this.ring.mac('card-fingerprint')
    return macTag(key, version, pan)
  }

  /**
   * The fingerprint this customer already knows the card by (this month's uses, then saved cards),
   * under whichever live key version made it; else the active one. So a card used before a
   * rotation is still the same card for "same card" and the S15.3 monthly count.
   */
  async fingerprintFor(customerId: string, pan: string, usedThisMonth: readonly string[]): Promise<string> {
    const tags: string[] = []
    for (const v of await this.ring.macVersions('card-fingerprint')) tags.push(macTag((await this.ring.macAt('card-fingerprint', v))!, v, pan))
    const used = tags.find((t) => usedThisMonth.includes(t))
    if (used) return used
    for (const t of tags) if (await this.uow.repos.cards.findByFingerprint(customerId, t)) return t
    return this.fingerprint(pan)
  }

  /** S15.1 and card-validator: Luhn, brand, expiry, CVV length, and a Kazakh issuer (fail closed). */
  checkNewCard(input: NewCardInput, now: Date): CheckedCard {
    const pan = input.pan.replace(/[\s-]/g, '')
    const number = valid.number(pan)
    // 16-19 digits: with first 6 / last 4 shown, at least 6 digits stay hidden (shorter PANs would leak).
    if (!/^\d{16,19}$/.test(pan) || !number.isValid || !number.card) {
      throw new EngineError(ErrorCode.CARD_INVALID, 'The card number is not valid. Check it and try again.')
    }
    const exp = valid.expirationDate(input.expiry.replace(/\s/g, ''))
    if (!exp.isValid || !exp.month || !exp.year) throw new EngineError(ErrorCode.CARD_EXPIRED, 'The card has expired or the expiry date is not valid.')
    // card-validator judges expiry by the machine's clock; the engine's clock decides too.
    const expMonth = Number(exp.month)
    const expYear = exp.year.length === 2 ? 2000 + Number(exp.year) : Number(exp.year)
    assertNotExpired(expMonth, expYear, now)
    if (!valid.cvv(input.cvv, number.card.code.size).isValid) throw new EngineError(ErrorCode.CVV_INVALID, 'The CVV code is not valid.')
    const bin = this.bins.lookup(pan)
    if (!bin) throw new EngineError(ErrorCode.CARD_UNKNOWN_BIN, 'The card issuer could not be identified, so the card cannot be accepted.')
    if (bin.country !== 'KZ') throw new EngineError(ErrorCode.CARD_FOREIGN, 'Cards issued outside Kazakhstan are not accepted.', { issuerCountry: bin.country })
    return { pan, brand: number.card.type, expMonth, expYear, bin }
  }

  /**
   * Stores a card as 'pending' (saved once its payment is approved), or refreshes the stored one
   * with the same fingerprint, inside the caller's transaction.
   */
  async save(cards: CardRepo, customerId: string, card: CheckedCard, fingerprint: string, threeDsEnrolled: boolean, at: string): Promise<CardRow> {
    const existing = await cards.findByFingerprint(customerId, fingerprint)
    if (existing) {
      await cards.refreshExpiry(existing.id, card.expMonth, card.expYear, at)
      return { ...existing, expMonth: card.expMonth, expYear: card.expYear, lastUsedAt: at }
    }
    const id = randomUUID()
    const row: CardRow = {
      id,
      customerId,
      fingerprint,
      panSealed: this.ring.sealField(card.pan, `card:${id}:pan`),
      masked: maskPan(card.pan),
      brand: card.brand,
      expMonth: card.expMonth,
      expYear: card.expYear,
      issuerCountry: card.bin.country,
      threeDsEnrolled,
      createdAt: at,
      lastUsedAt: at,
      status: 'pending',
    }
    await cards.insert(row)
    return row
  }

  async list(customerId: string): Promise<SavedCardDto[]> {
    const rows = await this.uow.repos.cards.listForCustomer(customerId)
    return rows.map((r) => ({
      id: r.id,
      masked: r.masked,
      brand: r.brand,
      expiry: expiryLabel(r.expMonth, r.expYear),
      lastUsedAt: r.lastUsedAt,
    }))
  }

  async get(customerId: string, cardId: string): Promise<CardRow> {
    const row = await this.uow.repos.cards.findForCustomer(customerId, cardId)
    if (!row) throw new EngineError(ErrorCode.NOT_FOUND, 'This card is not in the customer\'s list.')
    return row
  }

  /** The PAN, for the authorisation call only. */
  openPan(row: CardRow): string {
    return this.ring.openField(row.panSealed, `card:${row.id}:pan`)
  }

  /**
   * Re-seals PANs still under an older data key and re-fingerprints cards (and their monthly uses)
   * made under an older card-fingerprint key, a batch at a time; returns how many it did (0: done).
   */
  async reencryptBatch(limit = 500): Promise<number> {
    const { version } = await this.ring.mac('card-fingerprint')
    const rows = await this.uow.repos.cards.findSealedUnderOtherKey(this.ring.dataKeyVersion, version === 1 ? null : `v${version}.`, limit)
    const fingerprints = new Map<string, string>()
    for (const r of rows) fingerprints.set(r.id, await this.fingerprint(this.ring.openField(r.panSealed, `card:${r.id}:pan`)))
    await this.uow.transaction([], async (tx) => {
      for (const r of rows) {
        const pan = this.ring.openField(r.panSealed, `card:${r.id}:pan`)
        await tx.cards.reseal(r.id, this.ring.sealField(pan, `card:${r.id}:pan`))
        if (fingerprints.get(r.id) !== r.fingerprint) await tx.cards.refingerprint(r.customerId, r.fingerprint, fingerprints.get(r.id)!)
      }
    })
    return rows.length
  }
}

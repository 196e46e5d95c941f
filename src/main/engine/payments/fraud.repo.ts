export type FraudKind = 'lost-card' | 'stolen-card' | 'unauthorised' | 'other'
export type FraudStatus = 'open' | 'investigating' | 'resolved' | 'closed'
export type FraudResolution = 'client-favour' | 'bank-favour'

export interface FraudCaseRow {
  id: string
  customerId: string
  paymentId: string | null
  kind: FraudKind
  status: FraudStatus
  resolution: FraudResolution | null
  openedBy: string | null
  createdAt: string
  updatedAt: string
}

export interface FraudNoteRow {
  id: number
  caseId: string
  at: string
  staffId: string | null
  text: string
}

/** A case with its customer's stored phone and its notes (oldest first), read together. */
export interface FraudCaseView {
  row: FraudCaseRow
  customer: { id: string; phoneSealed: string | null; legacyPhone: string | null }
  notes: FraudNoteRow[]
}

/** The store port for fraud cases and their notes (implemented by the store's SqlFraudRepo). */
export interface FraudRepo {
  findCase(caseId: string): Promise<FraudCaseRow | null>
  insertCase(row: FraudCaseRow): Promise<void>
  /** The note's text is sealed by `textFor` with the row id the store gives it (issue 15), in the same transaction. */
  addNote(note: Omit<FraudNoteRow, 'id' | 'text'>, textFor: (id: number) => string): Promise<void>
  markUpdated(caseId: string, at: string): Promise<void>
  setStatus(caseId: string, status: FraudStatus, resolution: FraudResolution | null, at: string): Promise<void>
  view(caseId: string): Promise<FraudCaseView | null>
  /** The latest cases, newest first, in two queries whatever their number. */
  latestViews(limit: number): Promise<FraudCaseView[]>
}

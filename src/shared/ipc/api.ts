import type {
  CustomerLookupDto,
  CustomerSessionDto,
  LockoutDto,
  SessionKeySentDto,
  StaffMemberDto,
  StaffSessionDto,
  SystemStatusDto,
} from '../dto'
import type { Result } from '../result'
import { Channel, type ChannelName } from './channels'
import type { RequestOf, ResponseOf } from './contract'

// Kept apart from the zod schemas so the preload bundle carries only this allowlist.

export type Invoke = <C extends ChannelName>(channel: C, payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>

/** The typed API the renderer sees as `window.teller`: one named method per channel, no generic invoke. */
export interface TellerApi {
  system: { status(): Promise<Result<SystemStatusDto>> }
  staff: {
    bootstrap(req: RequestOf<typeof Channel.StaffBootstrap>): Promise<Result<StaffSessionDto>>
    signIn(req: RequestOf<typeof Channel.StaffSignIn>): Promise<Result<StaffSessionDto>>
    signOut(): Promise<Result<null>>
    session(): Promise<Result<StaffSessionDto | null>>
    touch(): Promise<Result<null>>
    list(): Promise<Result<StaffMemberDto[]>>
    create(req: RequestOf<typeof Channel.StaffCreate>): Promise<Result<StaffMemberDto>>
    setDisabled(req: RequestOf<typeof Channel.StaffSetDisabled>): Promise<Result<StaffMemberDto>>
  }
  customer: {
    lookup(req: RequestOf<typeof Channel.CustomerLookup>): Promise<Result<CustomerLookupDto>>
    requestKey(req: RequestOf<typeof Channel.VerificationSend>): Promise<Result<SessionKeySentDto>>
    confirmVerification(req: RequestOf<typeof Channel.VerificationConfirm>): Promise<Result<ResponseOf<typeof Channel.VerificationConfirm>>>
    register(req: RequestOf<typeof Channel.CustomerRegister>): Promise<Result<CustomerSessionDto>>
    signIn(req: RequestOf<typeof Channel.CustomerSignIn>): Promise<Result<CustomerSessionDto>>
    signOut(): Promise<Result<null>>
    current(): Promise<Result<CustomerSessionDto | null>>
    requestPasswordChange(): Promise<Result<SessionKeySentDto>>
    changePassword(req: RequestOf<typeof Channel.PasswordChange>): Promise<Result<null>>
  }
  supervisor: {
    lockouts(): Promise<Result<LockoutDto[]>>
    block(req: RequestOf<typeof Channel.CustomerBlock>): Promise<Result<null>>
    unblock(req: RequestOf<typeof Channel.CustomerUnblock>): Promise<Result<null>>
  }
  payments: {
    catalog(): Promise<Result<ResponseOf<typeof Channel.PaymentCatalog>>>
    savedCards(): Promise<Result<ResponseOf<typeof Channel.CardsList>>>
    start(req: RequestOf<typeof Channel.PaymentStart>): Promise<Result<ResponseOf<typeof Channel.PaymentStart>>>
    confirm(req: RequestOf<typeof Channel.PaymentConfirm>): Promise<Result<ResponseOf<typeof Channel.PaymentConfirm>>>
    history(): Promise<Result<ResponseOf<typeof Channel.PaymentsHistory>>>
  }
  disputes: {
    flaggedRefunds(): Promise<Result<ResponseOf<typeof Channel.RefundsFlagged>>>
    refund(req: RequestOf<typeof Channel.RefundIssue>): Promise<Result<ResponseOf<typeof Channel.RefundIssue>>>
    openCase(req: RequestOf<typeof Channel.FraudOpen>): Promise<Result<ResponseOf<typeof Channel.FraudOpen>>>
    cases(): Promise<Result<ResponseOf<typeof Channel.FraudList>>>
    addNote(req: RequestOf<typeof Channel.FraudNote>): Promise<Result<ResponseOf<typeof Channel.FraudNote>>>
    setStatus(req: RequestOf<typeof Channel.FraudStatus>): Promise<Result<ResponseOf<typeof Channel.FraudStatus>>>
    exportCases(): Promise<Result<ResponseOf<typeof Channel.FraudExport>>>
  }
  audit: {
    search(req: RequestOf<typeof Channel.AuditSearch>): Promise<Result<ResponseOf<typeof Channel.AuditSearch>>>
    verify(): Promise<Result<ResponseOf<typeof Channel.AuditVerify>>>
    exportCsv(req: RequestOf<typeof Channel.AuditExport>): Promise<Result<ResponseOf<typeof Channel.AuditExport>>>
    perDay(req: RequestOf<typeof Channel.AuditPerDay>): Promise<Result<ResponseOf<typeof Channel.AuditPerDay>>>
  }
}

export function createTellerApi(invoke: Invoke): TellerApi {
  return {
    system: { status: () => invoke(Channel.SystemStatus, {}) },
    staff: {
      bootstrap: (req) => invoke(Channel.StaffBootstrap, req),
      signIn: (req) => invoke(Channel.StaffSignIn, req),
      signOut: () => invoke(Channel.StaffSignOut, {}),
      session: () => invoke(Channel.StaffSession, {}),
      touch: () => invoke(Channel.StaffTouch, {}),
      list: () => invoke(Channel.StaffList, {}),
      create: (req) => invoke(Channel.StaffCreate, req),
      setDisabled: (req) => invoke(Channel.StaffSetDisabled, req),
    },
    customer: {
      lookup: (req) => invoke(Channel.CustomerLookup, req),
      requestKey: (req) => invoke(Channel.VerificationSend, req),
      confirmVerification: (req) => invoke(Channel.VerificationConfirm, req),
      register: (req) => invoke(Channel.CustomerRegister, req),
      signIn: (req) => invoke(Channel.CustomerSignIn, req),
      signOut: () => invoke(Channel.CustomerSignOut, {}),
      current: () => invoke(Channel.CustomerCurrent, {}),
      requestPasswordChange: () => invoke(Channel.PasswordChangeRequest, {}),
      changePassword: (req) => invoke(Channel.PasswordChange, req),
    },
    supervisor: {
      lockouts: () => invoke(Channel.LockoutsList, {}),
      block: (req) => invoke(Channel.CustomerBlock, req),
      unblock: (req) => invoke(Channel.CustomerUnblock, req),
    },
    payments: {
      catalog: () => invoke(Channel.PaymentCatalog, {}),
      savedCards: () => invoke(Channel.CardsList, {}),
      start: (req) => invoke(Channel.PaymentStart, req),
      confirm: (req) => invoke(Channel.PaymentConfirm, req),
      history: () => invoke(Channel.PaymentsHistory, {}),
    },
    disputes: {
      flaggedRefunds: () => invoke(Channel.RefundsFlagged, {}),
      refund: (req) => invoke(Channel.RefundIssue, req),
      openCase: (req) => invoke(Channel.FraudOpen, req),
      cases: () => invoke(Channel.FraudList, {}),
      addNote: (req) => invoke(Channel.FraudNote, req),
      setStatus: (req) => invoke(Channel.FraudStatus, req),
      exportCases: () => invoke(Channel.FraudExport, {}),
    },
    audit: {
      search: (req) => invoke(Channel.AuditSearch, req),
      verify: () => invoke(Channel.AuditVerify, {}),
      exportCsv: (req) => invoke(Channel.AuditExport, req),
      perDay: (req) => invoke(Channel.AuditPerDay, req),
    },
  }
}

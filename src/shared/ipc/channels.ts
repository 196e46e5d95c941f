/** Every IPC channel, named `domain:action`. Nothing outside this list is reachable from the renderer. */
export const Channel = {
  SystemStatus: 'system:status',
  StaffBootstrap: 'staff:bootstrap',
  StaffSignIn: 'staff:signIn',
  StaffSignOut: 'staff:signOut',
  StaffSession: 'staff:session',
  StaffTouch: 'staff:touch',
  StaffList: 'staff:list',
  StaffCreate: 'staff:create',
  StaffSetDisabled: 'staff:setDisabled',
  CustomerLookup: 'customer:lookup',
  VerificationSend: 'verification:send',
  VerificationConfirm: 'verification:confirm',
  CustomerRegister: 'customer:register',
  CustomerSignIn: 'customer:signIn',
  CustomerSignOut: 'customer:signOut',
  CustomerCurrent: 'customer:current',
  PasswordChangeRequest: 'customer:passwordChangeRequest',
  PasswordChange: 'customer:passwordChange',
  LockoutsList: 'lockouts:list',
  CustomerBlock: 'customer:block',
  CustomerUnblock: 'customer:unblock',
  AuditSearch: 'audit:search',
  AuditVerify: 'audit:verify',
  AuditExport: 'audit:export',
  AuditPerDay: 'audit:perDay',
  PaymentCatalog: 'payment:catalog',
  CardsList: 'cards:list',
  PaymentStart: 'payment:start',
  PaymentConfirm: 'payment:confirm',
  PaymentsHistory: 'payment:history',
  RefundsFlagged: 'refund:flagged',
  RefundIssue: 'refund:issue',
  FraudOpen: 'fraud:open',
  FraudList: 'fraud:list',
  FraudNote: 'fraud:note',
  FraudStatus: 'fraud:status',
  FraudExport: 'fraud:export',
} as const

export type ChannelName = (typeof Channel)[keyof typeof Channel]

export const allChannels: readonly ChannelName[] = Object.values(Channel)

export function isChannel(value: unknown): value is ChannelName {
  return typeof value === 'string' && (allChannels as readonly string[]).includes(value)
}

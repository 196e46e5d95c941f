import { defaultMessages, type ErrorCode } from '../../../../shared/errors'

/** The English UI text. Its keys are the shape every other locale must have (see `Messages`). */
export const en = {
  payment: {
    title: 'Card payment', needCustomer: 'A customer must sign in at the counter before paying.', for: 'Paying for {name} ({phone})',
    step1: '1. Service provider', step2: '2. Payment details and amount', step3: '3. Card', provider: 'Service provider',
    amount: 'Amount', amountLabel: 'Amount, ₸', amountHint: 'From {min} to {max}', card: 'Card', newCard: 'New card',
    customerTypes: 'The customer types the card details; they are hidden and never shown back.',
    pan: 'Card number', expiry: 'Expiry (MM/YY)', cvv: 'CVV', continue: 'Continue: send session key', confirmTitle: 'Confirm the payment with the session key',
    pay: 'Pay', cardsThisMonth: 'cards this month: {n} of 3', reference: 'Reference', again: 'New payment',
    state: { approved: 'Payment approved', declined: 'Payment declined', pending: 'Payment result pending', failed: 'Payment failed', refunded: 'Payment refunded' },
  },
  disputes: {
    title: 'Refunds and fraud cases', refundsTitle: 'Guaranteed refunds (3-D Secure bypassed)',
    refundsHint: 'Payments approved without 3-D Secure on an enrolled card: the bank refunds them.', noRefunds: 'No payment is waiting for a refund.',
    refund: 'Refund', refundOf: 'Refund {amount} to card {card}', refunded: '{amount} refunded to card {card}.',
    casesTitle: 'Fraud cases', kindLabel: 'Case type', paymentId: 'Payment id (optional)', note: 'What happened', open: 'Open case', noCases: 'No fraud cases.',
    addNote: 'Add note', resolveClient: 'Resolve for the client', resolveBank: 'Resolve for the bank',
    kind: { 'lost-card': 'Lost card', 'stolen-card': 'Stolen card', unauthorised: 'Unauthorised payment', other: 'Other' },
    status: { open: 'Open', investigating: 'Investigating', resolved: 'Resolved', closed: 'Closed' },
    resolution: { 'client-favour': "in the client's favour", 'bank-favour': "in the bank's favour" },
  },
  audit: {
    title: 'Audit trail', phone: 'Customer phone', action: 'Action', outcome: 'Outcome', from: 'From', to: 'To',
    search: 'Search', verify: 'Check integrity', export: 'Export CSV', perDay: 'Events per day', time: 'Time (Almaty)',
    workstation: 'Workstation', details: 'Details', more: 'Load older events',
    intact: 'The audit chain is intact ({count} events).', broken: 'The audit chain is broken at event #{seq}.',
    reason: {
      link: 'This event does not follow the one before it: edited, forged or out of order.',
      checkpoint: 'From this event on, the chain is not the one the witness vouched for.',
      missing: 'Events the witness vouched for are gone: deleted, or an older copy of the store.',
      witness: 'The witness holds a checkpoint this store did not sign.',
    },
    checkpoint: 'Last witnessed checkpoint: event #{size} at {at}, {age} ago.',
    noCheckpoint: 'No witnessed checkpoint yet: the witness outside the store vouches for no event.',
    rollback: 'Acknowledged rollback: a backup was restored to event #{to} at {at} by {by}; the witness had vouched for {from} events.',
    age: { seconds: '{n} s', minutes: '{n} min', hours: '{n} h', days: '{n} d' },
  },
  common: { cancel: 'Cancel', confirm: 'Confirm' },
  key: {
    sentTo: 'A session key was sent by SMS to {phone}.',
    validFor: 'The key is valid for {time}',
    expired: 'The key has expired. Send a new one.',
    code: 'Session key from the SMS',
    codeHint: 'Six digits; the customer reads them from their phone.',
    resend: 'Send a new key',
    resendIn: 'New key in {time}',
  },
  password: {
    rulesTitle: 'Password rules',
    rule: { minLength: 'At least 7 characters', notDigitsOnly: 'Not digits only: at least one letter or special character' },
  },
  customer: {
    title: 'Customer at the counter',
    lookup: 'Find customer by phone',
    phone: 'Mobile phone',
    phoneHint: 'Kazakhstan mobile number, e.g. +7 701 234 56 78',
    find: 'Find',
    registered: 'Registered',
    notRegistered: 'Not registered',
    access: { active: 'access open', lockout: 'locked until {until}', block: 'blocked by the bank' },
    verifyFirst: 'Verify the phone first: a session key goes by SMS to this number.',
    sendKey: 'Send session key',
    confirmKey: 'Confirm phone',
    register: 'Register customer',
    name: 'Full name',
    dateOfBirth: 'Date of birth',
    password: 'Password (typed by the customer)',
    sendRegisterKey: 'Send key to confirm the password',
    signIn: 'Customer sign-in',
    signedIn: 'Customer {name} ({phone}) is signed in.',
    changePassword: 'Change password',
    newPassword: 'New password (typed by the customer)',
    endSession: 'End customer session',
    notice: { verified: 'Phone verified. Continue with registration.', registered: 'Customer registered and signed in.', passwordChanged: 'Password changed.' },
  },
  lockouts: {
    title: 'Lockouts and blocks',
    phone: 'Phone', name: 'Customer', kind: 'Kind', timeLeft: 'Time left', reason: 'Reason',
    kinds: { lockout: '3 wrong passwords', block: 'blocked by the bank' },
    untilLifted: 'until lifted',
    none: 'No customer is locked out or blocked.',
    lift: 'Lift', block: 'Block', blockTitle: 'Block a customer to protect their funds',
    reasonLabel: 'Reason (recorded in the audit log)',
    lifted: 'Access restored for {phone}.', blocked: '{phone} is blocked.',
  },
  staff: { title: 'Staff', name: 'Full name', login: 'Login', role: 'Role', state: 'State', active: 'active', disabled: 'disabled', enable: 'Enable', disable: 'Disable', add: 'Add staff member', initialPassword: 'Initial password', unlock: 'Unlock', lockedUntil: 'locked until {time}' },
  nav: { home: 'Home', staff: 'Staff', menu: 'Main menu', customer: 'Customer', lockouts: 'Lockouts', audit: 'Audit', payment: 'Payment', disputes: 'Refunds & fraud' },
  app: { title: 'Branch Teller', development: 'Development — not for customer data', language: 'Language', signOut: 'Sign out', signedInAs: 'Signed in as {name} ({role})' },
  staffPassword: { change: 'Change password', current: 'Current password', new: 'New password', repeat: 'New password again', rule: 'At least 12 characters, with letters and digits; not one of your last 4 passwords.', mismatch: 'The two new passwords differ', submit: 'Change password', changed: 'Your password was changed.', close: 'Close', wrongCurrent: 'The current password is wrong, or the account is locked after too many wrong passwords.' },
  role: { teller: 'teller', supervisor: 'supervisor' },
  signIn: {
    title: 'Staff sign-in',
    login: 'Login',
    password: 'Password',
    submit: 'Sign in',
    version: 'Version',
  },
  firstRun: {
    title: 'First start: create the first supervisor',
    hint: 'No staff accounts exist yet. The first account is a supervisor who can then add tellers.',
    displayName: 'Full name',
    login: 'Login',
    password: 'Password',
    passwordRule: 'At least 12 characters, with letters and digits.',
    submit: 'Create supervisor and sign in',
  },
  home: { title: 'Welcome, {name}', placeholder: 'Customer services appear here as they are enabled.' },
  validation: { required: 'Required', staffPassword: 'At least 12 characters, with letters and digits', login: 'Letters, digits, dot, dash or underscore; 3 to 64 characters' },
  // The engine's own plain words (src/shared/errors.ts), reworded here only where the UI says it better.
  errors: {
    ...defaultMessages,
    FORBIDDEN_SENDER: 'Request refused.',
    ALREADY_INITIALISED: 'The first supervisor already exists. Please sign in.',
    CARD_LIMIT_REACHED: 'This customer has already used 3 different cards this month. Use one of them, or wait until next month.',
    SESSION_KEY_OTHER_OPERATION: 'This session key was sent for a different operation. Send a new one.',
    STORE_TOO_NEW: 'The database belongs to a newer version of the application.',
    STORAGE_FULL: 'Storage is full: call support.',
    STORE_BUSY: 'The database is busy with another program. Nothing was changed; please try again in a moment.',
    STORE_UNAVAILABLE: 'The branch database is not answering. The operation was not completed; try again in a moment.',
    INTERNAL: 'Something went wrong. Nothing was changed; please try again.',
  } satisfies Record<ErrorCode, string>,
}

/** A tree with the keys of T and a string at every leaf, whatever the words. */
export type DeepStringShape<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringShape<T[K]> }

/**
 * What ru and kk are declared as: a missing or extra key fails the typecheck, and so does a new
 * ErrorCode without words, because en's `errors` covers every code.
 */
export type Messages = DeepStringShape<typeof en>

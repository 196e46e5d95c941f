import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { SessionKeyEntity } from '../../../src/main/store/entities/session-key.entity'
import { operationBinding, type OperationToConfirm } from '../../../src/main/engine/session-keys/transaction-confirmation'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, OTHER_WORKSTATION, registerCustomer, SUPERVISOR, TELLER } from '../../support/customers'

const PHONE = '+77012345678'
const PASSWORD = 'qwerty1!'
const SEC = 1000
const MIN = 60 * SEC

describe('customers: verification, registration, sign-in, lockouts, password change, blocks (S5-S13)', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())
  const customers = () => t.engine.customers

  describe('S6 phone number as login', () => {
    it.each([
      ['8 701 234 56 78', '+77012345678'],
      ['+7 (701) 234-56-78', '+77012345678'],
      ['7012345678', '+77012345678'],
      ['87471234567', '+77471234567'],
    ])('normalises %s to E.164 %s', async (typed, e164) => {
      await expect(customers().lookup(typed, TELLER)).resolves.toMatchObject({ phone: e164, registered: false })
    })

    it.each([
      ['a Kazakhstan landline', '+7 727 250 00 00'],
      ['a Russian mobile (shares +7)', '+7 916 123 45 67'],
      ['too short', '+7 701 234'],
      ['letters', 'call me'],
    ])('refuses %s with INVALID_PHONE and sends nothing', async (_what, typed) => {
      await expect(customers().sendKey(typed, 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_PHONE })
      expect(t.engine.outbox!.list()).toHaveLength(0)
    })
  })

  describe('S5.2 registration with S7 and S8', () => {
    async function verify(): Promise<void> {
      await customers().sendKey(PHONE, 'verify', TELLER)
      await customers().confirmVerification(PHONE, lastCode(t, PHONE), TELLER)
    }

    it('needs a verified phone first (S5.2a): no register key, no registration', async () => {
      await expect(customers().sendKey(PHONE, 'register', TELLER)).rejects.toMatchObject({ code: ErrorCode.NOT_VERIFIED })
      await expect(
        customers().register({ phone: PHONE, name: 'A B', dateOfBirth: '1990-01-01', password: PASSWORD, code: '123456' }, TELLER),
      ).rejects.toMatchObject({ code: ErrorCode.NOT_VERIFIED })
    })

    it('a verification counts for 15 minutes', async () => {
      await verify()
      expect((await customers().lookup(PHONE, TELLER)).verifiedUntil).toBe(new Date(t.clock.now().getTime() + 15 * MIN).toISOString())
      t.clock.advance(15 * MIN + SEC)
      expect((await customers().lookup(PHONE, TELLER)).verifiedUntil).toBeNull()
      await expect(customers().sendKey(PHONE, 'register', TELLER)).rejects.toMatchObject({ code: ErrorCode.NOT_VERIFIED })
    })

    it('registers with name, adult date of birth and an S7 password confirmed by a fresh key (S8)', async () => {
      await verify()
      const verifyCode = lastCode(t, PHONE)
      await customers().sendKey(PHONE, 'register', TELLER)
      const code = lastCode(t, PHONE)
      // The verification key is spent and was for another purpose: it cannot set the password.
      if (verifyCode !== code) {
        await expect(
          customers().register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-05-17', password: PASSWORD, code: verifyCode }, TELLER),
        ).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID })
      }
      const created = await customers().register({ phone: PHONE, name: '  Aruzhan   Test ', dateOfBirth: '1990-05-17', password: PASSWORD, code }, TELLER)
      expect(created).toMatchObject({ phone: PHONE, name: 'Aruzhan Test', dateOfBirth: '1990-05-17' })
      expect(JSON.stringify(created)).not.toMatch(/argon|qwerty/)
      const row = (await t.engine.customerVault.findByPhone(PHONE))!
      expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/)
      expect(await customers().lookup(PHONE, TELLER)).toEqual({ phone: PHONE, registered: true, blocked: false, verifiedUntil: null })
      await expect(customers().sendKey(PHONE, 'register', TELLER)).rejects.toMatchObject({ code: ErrorCode.ALREADY_REGISTERED })
    })

    it.each([
      ['6 characters', 'abc12!'],
      ['digits only', '12345678'],
      ['empty', ''],
      ['Arabic-Indic digits only', '١٢٣٤٥٦٧٨'],
      ['full-width digits only', '１２３４５６７８'],
      ['Devanagari digits only', '१२३४५६७८'],
      ['whitespace only', '         '],
      ['digits and spaces only', '1234 5678'],
      ['no-break spaces only', '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0'],
    ])('S7 refuses a password of %s before the key is spent', async (_what, weak) => {
      await verify()
      await customers().sendKey(PHONE, 'register', TELLER)
      const code = lastCode(t, PHONE)
      await expect(
        customers().register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-05-17', password: weak, code }, TELLER),
      ).rejects.toMatchObject({ code: ErrorCode.WEAK_PASSWORD })
      // Nothing lost: the same key still completes the registration with a good password.
      await expect(
        customers().register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '1990-05-17', password: 'seven!7', code }, TELLER),
      ).resolves.toMatchObject({ phone: PHONE })
    })

    it('S7 accepts exactly 7 characters with one letter or one special character', async () => {
      const { customerPasswordOk } = await import('../../../src/shared/password-rules')
      expect(customerPasswordOk('123456a')).toBe(true)
      expect(customerPasswordOk('123456!')).toBe(true)
      expect(customerPasswordOk('1234567')).toBe(false)
      expect(customerPasswordOk('abcdef')).toBe(false)
      expect(customerPasswordOk('пароль1')).toBe(true)
    })

    it.each([
      ['in the future', '2027-01-01'],
      ['17 years old (18th birthday tomorrow in Almaty)', '2008-03-11'],
      ['not a calendar date', '1990-02-30'],
      ['before 1900', '1899-12-31'],
    ])('refuses a date of birth %s', async (_what, dob) => {
      await verify()
      await customers().sendKey(PHONE, 'register', TELLER)
      await expect(
        customers().register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: dob, password: PASSWORD, code: lastCode(t, PHONE) }, TELLER),
      ).rejects.toMatchObject({ code: ErrorCode.INVALID_BIRTH_DATE })
    })

    it('accepts a customer whose 18th birthday is today in Almaty (already tomorrow in UTC terms: 19:30Z = 00:30 Almaty)', async () => {
      t.clock.set('2026-03-10T19:30:00.000Z') // 2026-03-11 00:30 in Almaty
      await verify()
      await customers().sendKey(PHONE, 'register', TELLER)
      await expect(
        customers().register({ phone: PHONE, name: 'Aruzhan', dateOfBirth: '2008-03-11', password: PASSWORD, code: lastCode(t, PHONE) }, TELLER),
      ).resolves.toMatchObject({ dateOfBirth: '2008-03-11' })
    })
  })

  describe('S5 sign-in and S11 lockout', () => {
    beforeEach(async () => {
      await registerCustomer(t, PHONE, PASSWORD)
    })

    it('signs in with phone and password; a wrong password says how many tries are left', async () => {
      await expect(customers().signIn('8 701 234 56 78', PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
      await expect(customers().signIn(PHONE, 'nope-nope', TELLER)).rejects.toMatchObject({
        code: ErrorCode.INVALID_CREDENTIALS,
        details: { attemptsLeft: 2 },
      })
      await expect(customers().signIn('+77019999999', PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
    })

    it('3 wrong passwords lock for 15 minutes, counted across workstations; the right password is refused until 15:00', async () => {
      await expect(customers().signIn(PHONE, 'wrong-1x', TELLER)).rejects.toMatchObject({ details: { attemptsLeft: 2 } })
      await expect(customers().signIn(PHONE, 'wrong-2x', OTHER_WORKSTATION)).rejects.toMatchObject({ details: { attemptsLeft: 1 } })
      const until = new Date(t.clock.now().getTime() + 15 * MIN).toISOString()
      await expect(customers().signIn(PHONE, 'wrong-3x', TELLER)).rejects.toMatchObject({
        code: ErrorCode.CUSTOMER_LOCKED,
        details: { lockedUntil: until, secondsLeft: 15 * 60 },
      })
      expect(await customers().lockouts(SUPERVISOR, 'supervisor')).toMatchObject([{ phone: PHONE, kind: 'lockout', until }])
      await expect(customers().signIn(PHONE, PASSWORD, OTHER_WORKSTATION)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_LOCKED })
      t.clock.advance(15 * MIN - SEC)
      // The time left comes from the engine's clock, so the screen's countdown does not depend on the workstation's.
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_LOCKED, details: { lockedUntil: until, secondsLeft: 1 } })
      t.clock.advance(2 * SEC)
      expect(await customers().lockouts(SUPERVISOR, 'supervisor')).toEqual([])
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
      // The count starts again after the lockout.
      await expect(customers().signIn(PHONE, 'wrong-4x', TELLER)).rejects.toMatchObject({ details: { attemptsLeft: 2 } })
    })

    it('a wrong password after an expired lockout counts as the first of three', async () => {
      for (const [p, code] of [['w1-aaaa', ErrorCode.INVALID_CREDENTIALS], ['w2-aaaa', ErrorCode.INVALID_CREDENTIALS], ['w3-aaaa', ErrorCode.CUSTOMER_LOCKED]] as const) await expect(customers().signIn(PHONE, p, TELLER)).rejects.toMatchObject({ code })
      t.clock.advance(15 * MIN)
      await expect(customers().signIn(PHONE, 'w4-aaaa', TELLER)).rejects.toMatchObject({
        code: ErrorCode.INVALID_CREDENTIALS,
        details: { attemptsLeft: 2 },
      })
    })

    it('a successful sign-in resets the count', async () => {
      await expect(customers().signIn(PHONE, 'wrong-1x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 2 } })
      await expect(customers().signIn(PHONE, 'wrong-2x', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 1 } })
      await customers().signIn(PHONE, PASSWORD, TELLER)
      await expect(customers().signIn(PHONE, 'wrong-3x', TELLER)).rejects.toMatchObject({ details: { attemptsLeft: 2 } })
    })

    it('100 concurrent wrong attempts count exactly 3, check no 4th password and lock once', async () => {
      const verify = vi.spyOn(t.engine.hasher, 'verify')
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) => customers().signIn(PHONE, `wrong-${i}-pw`, i % 2 ? TELLER : OTHER_WORKSTATION)),
      )
      expect(results.every((r) => r.status === 'rejected')).toBe(true)
      const codes = results.map((r) => (r as PromiseRejectedResult).reason.code as string)
      expect(codes.filter((c) => c === ErrorCode.INVALID_CREDENTIALS)).toHaveLength(2)
      expect(codes.filter((c) => c === ErrorCode.CUSTOMER_LOCKED)).toHaveLength(98)
      expect(verify).toHaveBeenCalledTimes(3)
      const row = (await t.engine.customerVault.findByPhone(PHONE))!
      expect(row.failedAttempts).toBe(3)
      expect(row.lockedUntil).toBe(new Date(t.clock.now().getTime() + 15 * MIN).toISOString())
      const lockouts = await t.engine.auditReview.search({ phone: PHONE, action: 'customer.lockout' }, null)
      expect(lockouts.rows).toHaveLength(1)
      // The right password is not even checked while locked.
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_LOCKED })
      expect(verify).toHaveBeenCalledTimes(3)
    })

    it('audits each attempt with actor, workstation, customer and outcome', async () => {
      await expect(customers().signIn(PHONE, 'wrong-1x', OTHER_WORKSTATION)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS, details: { attemptsLeft: 2 } })
      await customers().signIn(PHONE, PASSWORD, TELLER)
      const rows = (await t.engine.auditReview.search({ phone: PHONE, action: 'customer.signIn' }, null)).rows
      expect(rows.map((r) => [r.outcome, r.workstation, r.actorStaffId])).toEqual([
        ['success', TELLER.workstation, TELLER.staffId],
        ['failure', OTHER_WORKSTATION.workstation, OTHER_WORKSTATION.staffId],
      ])
      expect(await t.engine.audit.verifyChain()).toMatchObject({ ok: true })
    })
  })

  describe('S10 password change', () => {
    let id: string
    beforeEach(async () => {
      id = await registerCustomer(t, PHONE, PASSWORD)
    })

    it('needs the newest key: a request supersedes the older key, and a used key never works again', async () => {
      await customers().requestPasswordChange(id, TELLER)
      const k1 = lastCode(t, PHONE)
      t.clock.advance(MIN)
      await customers().requestPasswordChange(id, TELLER)
      const k2 = lastCode(t, PHONE)
      if (k1 !== k2) {
        await expect(customers().changePassword(id, k1, 'N3w-password', TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_INVALID })
      }
      await customers().changePassword(id, k2, 'N3w-password', TELLER)
      await expect(customers().changePassword(id, k2, 'Other-pass-1', TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
      await expect(customers().signIn(PHONE, 'N3w-password', TELLER)).resolves.toMatchObject({ id })
    })

    it('a registration key cannot confirm a password change', async () => {
      const regKey = lastCode(t, PHONE)
      await expect(customers().changePassword(id, regKey, 'N3w-password', TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
    })

    it('refuses a weak new password without spending the key (S7)', async () => {
      await customers().requestPasswordChange(id, TELLER)
      const k = lastCode(t, PHONE)
      await expect(customers().changePassword(id, k, '7777777', TELLER)).rejects.toMatchObject({ code: ErrorCode.WEAK_PASSWORD })
      await expect(customers().changePassword(id, k, 'seven!7', TELLER)).resolves.toBeUndefined()
    })
  })

  describe('S12 transaction confirmation bound to the operation', () => {
    const op: OperationToConfirm = { kind: 'payment', amountTiyn: 1_234_500, currency: 'KZT', payee: 'kcell:+77012345678', cardFingerprint: 'f'.repeat(64) }

    it('a key for one operation cannot confirm another (amount, payee or card changed)', async () => {
      await registerCustomer(t, PHONE, PASSWORD)
      await t.engine.confirmations.request(PHONE, op, TELLER, { provider: { kk: 'Kcell', ru: 'Kcell', en: 'Kcell' }, payeeLast4: '5678', cardLast4: '1237' })
      const sms = t.engine.outbox!.last(PHONE)!.text
      expect(sms).toMatch(/^\d{6} оплата 12 345 ₸ Kcell \*5678, карта \*1237\. Никому!$/)
      const code = lastCode(t, PHONE)
      for (const other of [{ ...op, amountTiyn: 1_234_600 }, { ...op, payee: 'beeline:+77012345678' }, { ...op, cardFingerprint: 'e'.repeat(64) }]) {
        expect(operationBinding(other)).not.toBe(operationBinding(op))
      }
      await expect(t.engine.confirmations.confirm(PHONE, { ...op, amountTiyn: 1_234_600 }, code, TELLER)).rejects.toMatchObject({
        code: ErrorCode.SESSION_KEY_OTHER_OPERATION,
      })
      const keyId = (await t.engine.ds.getRepository(SessionKeyEntity).findOneByOrFail({ purpose: 'transaction', state: 'active' })).id
      await expect(t.engine.confirmations.confirm(PHONE, op, code, TELLER)).resolves.toEqual({ keyId, usedAt: t.clock.now().toISOString() })
      await expect(t.engine.confirmations.confirm(PHONE, op, code, TELLER)).rejects.toMatchObject({ code: ErrorCode.SESSION_KEY_SPENT })
      const row = await t.engine.ds.getRepository(SessionKeyEntity).findOneByOrFail({ purpose: 'transaction' })
      expect(row.binding).toBe(operationBinding(op))
    })
  })

  describe('S13 manual block and supervisor unlocks', () => {
    beforeEach(async () => {
      await registerCustomer(t, PHONE, PASSWORD)
    })

    it('a blocked customer cannot sign in or get keys until a supervisor lifts the block with a reason', async () => {
      await customers().block(PHONE, 'Card reported stolen', SUPERVISOR)
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_BLOCKED })
      await expect(customers().sendKey(PHONE, 'verify', TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_BLOCKED })
      expect(await customers().lookup(PHONE, TELLER)).toEqual({ phone: PHONE, registered: true, blocked: true, verifiedUntil: null })
      expect(await customers().lockouts(SUPERVISOR, 'supervisor')).toEqual([
        { phone: PHONE, name: 'Aruzhan Test', kind: 'block', until: null, secondsLeft: null, reason: 'Card reported stolen' },
      ])
      await expect(customers().block(PHONE, 'again', SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.CONFLICT })
      t.clock.advance(24 * 60 * MIN) // a block does not expire by itself
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).rejects.toMatchObject({ code: ErrorCode.CUSTOMER_BLOCKED })
      await customers().unblock(PHONE, 'Customer identified with ID card', SUPERVISOR)
      await expect(customers().signIn(PHONE, PASSWORD, TELLER)).resolves.toMatchObject({ phone: PHONE })
      const rows = (await t.engine.auditReview.search({ phone: PHONE, action: 'customer.' }, null)).rows
      const block = rows.find((r) => r.action === 'customer.block')!
      const unblock = rows.find((r) => r.action === 'customer.unblock')!
      expect(block).toMatchObject({ actorStaffId: SUPERVISOR.staffId, details: { reason: 'Card reported stolen' } })
      expect(unblock).toMatchObject({ actorStaffId: SUPERVISOR.staffId, details: { reason: 'Customer identified with ID card' } })
    })

    it('a supervisor lifts a lockout early; the list shows the time left until then', async () => {
      for (const [p, code] of [['w1-aaaa', ErrorCode.INVALID_CREDENTIALS], ['w2-aaaa', ErrorCode.INVALID_CREDENTIALS], ['w3-aaaa', ErrorCode.CUSTOMER_LOCKED]] as const) await expect(customers().signIn(PHONE, p, TELLER)).rejects.toMatchObject({ code })
      t.clock.advance(4 * MIN)
      expect(await customers().lockouts(SUPERVISOR, 'supervisor')).toEqual([
        expect.objectContaining({ phone: PHONE, kind: 'lockout', secondsLeft: 11 * 60, reason: null }),
      ])
      await expect(customers().unblock(PHONE, 'Identified at the counter', SUPERVISOR)).resolves.toEqual({ lifted: ['lockout'] })
      expect(await customers().lockouts(SUPERVISOR, 'supervisor')).toEqual([])
      await expect(customers().signIn(PHONE, 'w4-aaaa', TELLER)).rejects.toMatchObject({ details: { attemptsLeft: 2 } })
      await expect(customers().unblock('+77019999999', 'x y z', SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.NOT_REGISTERED })
    })

    it('lifting when nothing is locked is refused', async () => {
      await expect(customers().unblock(PHONE, 'no reason really', SUPERVISOR)).rejects.toMatchObject({ code: ErrorCode.NOT_LOCKED })
    })
  })
})

import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '../../../src/shared/errors'
import { startTestEngine, type TestEngine } from '../../support/temp-engine'
import { lastCode, registerCustomer, TELLER } from '../../support/customers'

const PHONE = '+77012345678'

describe('S7: passwords are NFKC-normalised before hashing and before checking', () => {
  let t: TestEngine
  beforeEach(async () => {
    t = await startTestEngine()
  })
  afterEach(async () => t.close())
  const customers = () => t.engine.customers

  it('a full-width password set at registration signs in with its ASCII form, and with itself', async () => {
    await registerCustomer(t, PHONE, 'Ｓｅｖｅｎ！７７')
    await expect(customers().signIn(PHONE, 'Seven!77', TELLER)).resolves.toMatchObject({ phone: PHONE })
    await expect(customers().signIn(PHONE, 'Ｓｅｖｅｎ！７７', TELLER)).resolves.toMatchObject({ phone: PHONE })
  })

  it('an ASCII password set by a password change signs in with its full-width form; a different one is still wrong', async () => {
    const id = await registerCustomer(t, PHONE, 'qwerty1!')
    t.clock.advance(61_000)
    await customers().requestPasswordChange(id, TELLER)
    await customers().changePassword(id, lastCode(t, PHONE), 'Pass-word7', TELLER)
    await expect(customers().signIn(PHONE, 'Ｐａｓｓ－ｗｏｒｄ７', TELLER)).resolves.toMatchObject({ phone: PHONE })
    await expect(customers().signIn(PHONE, 'Ｐａｓｓ－ｗｏｒｄ８', TELLER)).rejects.toMatchObject({ code: ErrorCode.INVALID_CREDENTIALS })
  })

  it('the stored hash is of the normalised form (a composed and a decomposed "é" are one password)', async () => {
    await registerCustomer(t, PHONE, 'caf\u0065\u0301-1234')
    await expect(customers().signIn(PHONE, 'caf\u00e9-1234', TELLER)).resolves.toMatchObject({ phone: PHONE })
    const row = (await t.engine.customerVault.findByPhone(PHONE))!
    expect(await t.engine.hasher.verify(row.passwordHash, 'caf\u00e9-1234')).toBe(true)
  })

  it('a hash made before normalisation (of the password as typed) still signs in with that password once, and is rehashed in NFKC form', async () => {
    await registerCustomer(t, PHONE, 'qwerty1!')
    const legacy = await t.engine.hasher.hash('Ｌｅｇａｃｙ-７')
    await t.engine.ds.query('UPDATE customer SET password_hash = ?', [legacy])
    await expect(customers().signIn(PHONE, 'Ｌｅｇａｃｙ-７', TELLER)).resolves.toMatchObject({ phone: PHONE })
    const row = (await t.engine.customerVault.findByPhone(PHONE))!
    expect(row.passwordHash).not.toBe(legacy)
    await expect(customers().signIn(PHONE, 'Legacy-7', TELLER)).resolves.toMatchObject({ phone: PHONE })
  })
})

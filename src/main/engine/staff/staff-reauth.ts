import type { StaffReauth } from '../approvals/staff-reauth'
import type { StaffSignIn } from './staff-sign-in'

/**
 * A checker proves who they are at someone else's window: the same checks as a sign-in (lockout
 * count, per-connection delay, audit, and the second factor: password and TOTP code count as one
 * attempt), without opening a session.
 */
export class PasswordReauth implements StaffReauth {
  constructor(private readonly signIns: Pick<StaffSignIn, 'authenticate'>) {}

  async verify(input: { clientId: string; login: string; password: string; code?: string; workstation: string }): Promise<{ staffId: string; role: 'teller' | 'supervisor' }> {
    const member = await this.signIns.authenticate(`reauth:${input.clientId}`, input.login, input.password, input.workstation, input.code)
    return { staffId: member.id, role: member.role }
  }
}

import { hash, verify } from '@node-rs/argon2'

// Algorithm is an ambient const enum in @node-rs/argon2 (unusable with isolatedModules): 2 = Argon2id.
const ARGON2ID = 2

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 23 ms on a branch workstation). */
export const DEFAULT_ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export type Argon2Params = { memoryCost: number; timeCost: number; parallelism: number }

export class PasswordHasher {
  private readonly dummy: Promise<string>

  constructor(private readonly params: Argon2Params = DEFAULT_ARGON2) {
    // Verified against when a login is unknown, so both paths cost the same time.
    this.dummy = this.hash('not-a-real-password-0')
  }

  hash(password: string): Promise<string> {
    return hash(password, { algorithm: ARGON2ID, ...this.params })
  }

  async verify(phc: string | null, password: string): Promise<boolean> {
    const target = phc ?? (await this.dummy)
    const okay = await verify(target, password).catch(() => false)
    return phc !== null && okay
  }

  /** True when the stored hash was made with other parameters than today's: rehash on next sign-in. */
  needsRehash(phc: string): boolean {
    const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)
    if (!m) return true
    return (
      Number(m[1]) !== this.params.memoryCost ||
      Number(m[2]) !== this.params.timeCost ||
      Number(m[3]) !== this.params.parallelism
    )
  }
}

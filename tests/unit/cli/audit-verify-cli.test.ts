import { describe, expect, it } from 'vitest'
import { verifyReport } from '../../../src/main/cli/audit-verify-cli'

describe('admin audit verify as text (issue 14)', () => {
  it('a workstation name forged with terminal escapes cannot rewrite the BROKEN line an administrator reads', () => {
    const forged = '\r\u001b[2Kaudit chain intact: 40213 events\u001b[8m\u2028\u200b'
    const { ok, lines } = verifyReport({
      ok: false, brokenAt: 7, reason: 'link', checkpoint: { size: 6, at: '2026-01-15T09:00:00.000Z', ageSeconds: 3 },
      chain: forged, chainSeq: 2, breaks: [{ chain: forged, chainSeq: 2, brokenAt: 7, reason: 'link' }],
    } as Parameters<typeof verifyReport>[0])
    expect(ok).toBe(false)
    for (const line of lines) expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u)
    expect(lines[0]).toMatch(/^audit chain BROKEN at event #7 in workstation chain \\u000d\\u001b\[2Kaudit chain intact: 40213 events\\u001b\[8m\\u2028\\u200b, place 2 /)
  })
})

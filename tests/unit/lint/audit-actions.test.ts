import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, AUDIT_DETAIL_KEYS } from '../../../src/shared/audit-actions'

// Every event the main process can record must be in the shared list, because each locale names each
// listed action and labels each detail field (issue 16: the supervisor never reads a raw code or JSON).
// The scan reads the source: an action or detail field added without its translations fails here.

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

const sources = files('src/main').map((path) => ({ path, text: readFileSync(path, 'utf8') }))
const ACTION = /^[a-z][a-zA-Z]*(\.[a-z][a-zA-Z]*)+$/

/** Quoted action-like strings on lines that name an audit action (`action:` or a recheck's action argument). */
function recordedActions(): { path: string; action: string }[] {
  const out: { path: string; action: string }[] = []
  for (const { path, text } of sources) {
    for (const line of text.split('\n')) {
      if (!/\baction: |recheck\(|record\(/.test(line)) continue
      for (const m of line.matchAll(/'([^']+)'/g)) if (ACTION.test(m[1]!)) out.push({ path, action: m[1]! })
    }
  }
  return out
}

/** The text of the `{ … }` starting at `open`, nested braces included. */
function block(text: string, open: number): string {
  let depth = 0
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i)
  }
  return ''
}

/**
 * The field names of every `details: { … }` literal and of the last-argument object of a local
 * `record(outcome, ref, { … })` helper: `key: value` pairs at any depth (a conditional spread of
 * alternatives) and shorthand fields.
 */
function detailKeys(): { path: string; key: string }[] {
  const out: { path: string; key: string }[] = []
  for (const { path, text } of sources) {
    for (const m of text.matchAll(/details: \{|record\('[a-z]+', [^,()]+(?:\([^()]*\))?, \{|record\([^'\n]*'[a-z][\w.]*', '(?:success|failure|denied)', \{/g)) {
      const body = block(text, m.index + m[0].length - 1).replace(/'[^']*'/g, "''")
      // `key:` pairs, not a ternary's `… ? e.name : …` (a property read before the colon).
      for (const pair of body.matchAll(/(?<![.\w])(\w+)\s*:(?!:)/g)) out.push({ path, key: pair[1]! })
      for (const part of body.split(',')) {
        const shorthand = /^\s*\{?\s*(\w+)\s*\}?\s*$/.exec(part)
        if (shorthand && !/^\d/.test(shorthand[1]!)) out.push({ path, key: shorthand[1]! })
      }
    }
  }
  return out
}

describe('audit actions and detail fields are all named for the supervisor', () => {
  it('finds the recorded actions (the scan itself works)', () => {
    const found = new Set(recordedActions().map((a) => a.action))
    for (const known of ['customer.signIn', 'payment.refund', 'staff.passwordChange', 'keys.rotate', 'customer.unblock']) expect(found).toContain(known)
    expect(detailKeys().map((d) => d.key)).toContain('attemptsLeft')
    expect(detailKeys().map((d) => d.key)).toContain('result')
  })

  it('every action recorded in src/main is in the shared list', () => {
    const unknown = recordedActions().filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a.action))
    expect(unknown).toEqual([])
  })

  it('no action is built from a template (it could not be checked or translated)', () => {
    const built = sources.filter(({ text }) => /\baction: `/.test(text)).map((s) => s.path)
    expect(built).toEqual([])
  })

  it('every detail field recorded in src/main has a label', () => {
    const unknown = detailKeys().filter((d) => !(AUDIT_DETAIL_KEYS as readonly string[]).includes(d.key))
    expect(unknown).toEqual([])
  })
})

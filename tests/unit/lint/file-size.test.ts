import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Architecture rule (docs/architecture.md): no main-process file grows past 250 lines; a service
// that does is split along its rules.
const MAX_LINES = 250

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('main-process files stay small', () => {
  it(`no file under src/main has more than ${MAX_LINES} lines`, () => {
    const tooLong = files('src/main')
      .map((path) => ({ path, lines: readFileSync(path, 'utf8').split('\n').length - 1 }))
      .filter((f) => f.lines > MAX_LINES)
    expect(tooLong).toEqual([])
  })
})

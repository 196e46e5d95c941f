#!/usr/bin/env node
// Adds up the vitest and Playwright JSON reports into one closing line. Skipped tests are
// reported apart and never counted as passed; a missing report counts as a failure.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const vitest = 'test-results/vitest.json'
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests + (r.numRuntimeErrors ?? 0) + (r.success || r.numFailedTests ? 0 : 1)
  skipped += r.numPendingTests + r.numTodoTests
} else {
  console.log('summary: no vitest report')
  failed += 1
}
const pw = 'test-results/playwright.json'
if (existsSync(pw)) {
  const s = JSON.parse(readFileSync(pw, 'utf8')).stats
  passed += s.expected
  failed += s.unexpected + s.flaky
  skipped += s.skipped
} else {
  console.log('summary: no playwright report')
  failed += 1
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed === 0 ? 0 : 1)

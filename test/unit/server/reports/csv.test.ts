import { describe, expect, it } from 'vitest'
import type { ReportTable } from '../../../../server/contract/reports.ts'
import { csvCell, tableToCsv } from '../../../../server/services/reports/csv.ts'

const table: Pick<ReportTable, 'columns' | 'rows' | 'total'> = {
  columns: [
    { key: 'name', label: 'Birim adı', kind: 'text' },
    { key: 'n', label: 'Adet', kind: 'int' },
    { key: 'pct', label: 'Oran (%)', kind: 'pct' },
  ],
  rows: [
    { name: 'Fen İşleri', n: 1234, pct: 12.5 },
    { name: 'Zabıta; "Denetim"', n: 0, pct: null },
    { name: 'satır\nsonu', n: 3, pct: 100 },
  ],
  total: { name: 'Toplam', n: 1237, pct: -0.5 },
}

describe('report CSV', () => {
  const csv = tableToCsv(table)

  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
    expect(csv.endsWith('\r\n')).toBe(true)
  })

  it('writes Turkish headers, ; separators, decimal commas, no thousands separators, empty for no value', () => {
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe('Birim adı;Adet;Oran (%)')
    expect(lines[1]).toBe('Fen İşleri;1234;12,5')
    expect(lines[2]).toBe('"Zabıta; ""Denetim""";0;')
    expect(lines[4]).toBe('Toplam;1237;-0,5')
  })

  it('quotes a line break inside a cell so the row stays one record', () => {
    expect(csv).toContain('\r\n"satır\nsonu";3;100\r\n')
  })

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")', 'text')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell('+90 532', 'text')).toBe("'+90 532")
    expect(csvCell('@foo', 'text')).toBe("'@foo")
    expect(csvCell(-3, 'int')).toBe('-3')
  })
})

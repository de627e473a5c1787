/**
 * The figures municipalities publish in their annual call-centre / public-relations reports
 * (docs/metrics.md, docs/legal-clocks.md): call volume, answered calls, tickets registered and resolved,
 * CİMER and Bilgi Edinme applications. For a year's report pick the year as the range.
 */
import type { ReportTable } from '../../contract/reports.ts'
import type { CallReport } from './call-report.ts'
import type { CaseReport } from './case-report.ts'

export function annualSummaryTable(calls: CallReport, cases: CaseReport): ReportTable {
  const pct = (num: number, den: number) => (den === 0 ? null : Math.round((num / den) * 1000) / 10)
  const rows: Array<[string, number | null, string]> = [
    ['Çağrı merkezine gelen çağrı (444 1 575)', calls.callCentreOffered, 'adet'],
    ['Çağrı merkezinde cevaplanan çağrı', calls.callCentreAnswered, 'adet'],
    ['Çağrı merkezi cevaplama oranı', pct(calls.callCentreAnswered, calls.callCentreOffered), 'yüzde (%)'],
    ['Santral kuyruklarına gelen çağrı', calls.switchboardOffered, 'adet'],
    ['Santralden birimlere aktarım', calls.transfers, 'adet'],
    ['Kayda alınan talep (tüm kanallar)', cases.registered, 'adet'],
    ['Çözülen talep (vatandaşa bildirilen veya kapanan)', cases.resolved, 'adet'],
    ['CİMER başvurusu (gelen)', cases.byTrack.CIMER.received, 'adet'],
    ['CİMER başvurusu (yanıtlanan)', cases.byTrack.CIMER.answered, 'adet'],
    ['Bilgi Edinme (4982) başvurusu (gelen)', cases.byTrack.BILGI_EDINME_4982.received, 'adet'],
    ['Bilgi Edinme (4982) başvurusu (yanıtlanan)', cases.byTrack.BILGI_EDINME_4982.answered, 'adet'],
  ]
  return {
    id: 'yillik-ozet',
    section: 'cases',
    title: 'Faaliyet raporu özeti',
    note: 'Belediyelerin yıllık faaliyet raporlarında yayımladığı göstergeler; yıllık rapor için aralığı yılın tamamı seçin. Memnuniyet anketi verisi Pano’da tutulmuyor.',
    columns: [
      { key: 'metric', label: 'Gösterge', kind: 'text' },
      { key: 'value', label: 'Değer', kind: 'dec' },
      { key: 'unit', label: 'Birim', kind: 'text' },
    ],
    rows: rows.map(([metric, value, unit]) => ({ metric, value, unit })),
    total: null,
  }
}

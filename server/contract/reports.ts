/**
 * Raporlar (supervisor, admin): the wire contract shared by server and client (types and constants only).
 *
 * `GET /api/v1/reports?from=YYYY-MM-DD&to=YYYY-MM-DD` answers a `ReportView`: every report is a table of
 * aggregates (no citizen personal data anywhere), so one sortable table component renders them all and
 * one CSV writer exports any of them as `GET /api/v1/reports/<table id>.csv?from=…&to=…`.
 * Days are Europe/Istanbul calendar days; `to` is inclusive; the default range is today.
 */

export const REPORT_ROLES = ['supervisor', 'admin'] as const

/**
 * How a cell is shown and exported: counts, decimals (1 place), percentages, seconds, text, and days
 * (sent as `YYYY-MM-DD` so they sort; shown and exported as `GG.AA.YYYY`).
 */
export type ColumnKind = 'int' | 'dec' | 'pct' | 'sec' | 'text' | 'date'

export interface ReportColumn {
  readonly key: string
  /** Turkish header, used on screen and in the CSV. */
  readonly label: string
  readonly kind: ColumnKind
}

export type ReportCell = string | number | null

export interface ReportTable {
  /** Also the CSV file's name: `/api/v1/reports/<id>.csv`. */
  readonly id: ReportTableId
  readonly section: 'calls' | 'cases'
  readonly title: string
  /** What the numbers mean (formulas, which rows count), shown under the title. */
  readonly note: string | null
  readonly columns: readonly ReportColumn[]
  readonly rows: ReadonlyArray<Readonly<Record<string, ReportCell>>>
  /** Column keys of a totals row, when the table has one (shown last, exported last). */
  readonly total: Readonly<Record<string, ReportCell>> | null
}

export const CALL_TABLE_IDS = ['kuyruklar', 'gunler', 'saatler', 'temsilciler', 'aktarimlar'] as const
export const CASE_TABLE_IDS = [
  'acik-talepler-birim',
  'acik-talepler-yasal',
  'gecikenler',
  'basvurular',
  'cozum-sureleri',
  'kanallar',
  'talep-turleri',
  'yillik-ozet',
] as const
export const REPORT_TABLE_IDS = [...CALL_TABLE_IDS, ...CASE_TABLE_IDS] as const
export type ReportTableId = (typeof REPORT_TABLE_IDS)[number]

export interface ReportRangeView {
  /** Inclusive Istanbul days. */
  readonly from: string
  readonly to: string
  /** The instants the range covers: [fromAt, toAt); toAt is capped at generatedAt. */
  readonly fromAt: string
  readonly toAt: string
  readonly days: number
}

/** One bar of a chart. */
export interface ChartPoint {
  readonly label: string
  readonly value: number | null
}

export interface ReportView {
  readonly range: ReportRangeView
  readonly generatedAt: string
  /** The wallboard's formula texts, shown next to SL, abandon rate, ASA, AHT, occupancy. */
  readonly formulas: Readonly<Record<'serviceLevel' | 'abandonRate' | 'asa' | 'aht' | 'occupancy', string>>
  /** Headline figures for the top of the page. */
  readonly summary: {
    readonly offered: number
    readonly answered: number
    readonly serviceLevelPct: number | null
    readonly asaSec: number | null
    readonly abandonRatePct: number | null
    readonly ticketsRegistered: number
    readonly ticketsResolved: number
    readonly openTickets: number
    readonly overdueTickets: number
  }
  readonly charts: {
    /** Offered calls per hour of day (00–23) over the range. */
    readonly hourlyOffered: readonly ChartPoint[]
    /** Service level % per day. */
    readonly dailyServiceLevel: readonly ChartPoint[]
  }
  readonly tables: readonly ReportTable[]
}

export const MAX_REPORT_DAYS = 366

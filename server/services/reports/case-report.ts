/**
 * Case (ticket) reports: open tickets by unit and legal track against their deadlines (now), the
 * overdue table by müdürlük, applications received and answered in the range per legal track,
 * resolution times per unit, and registrations by channel and type. Pure: rows, the working calendar
 * and `now` are inputs. Only ticket numbers and counts leave here, never citizen data.
 */
import {
  CHANNELS,
  CHANNEL_LABELS,
  DEADLINE_LABELS,
  LEGAL_TRACKS,
  TICKET_TYPES,
  TICKET_TYPE_LABELS,
  type ChannelCode,
  type LegalTrackCode,
  type TicketTypeCode,
} from '../../contract/tickets.ts'
import type { ReportCell, ReportColumn, ReportTable } from '../../contract/reports.ts'
import { AWAITING_NOTICE_LABEL, NO_UNIT_LABEL } from '../../contract/unit-board.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import { deadlineState, type DeadlineState } from '../../domain/legal-clock.ts'

const DAY_MS = 86_400_000
/** Ticket numbers listed per unit in the overdue table; the rest are counted. */
export const OVERDUE_NUMBERS_SHOWN = 20

/** Short names for table rows (the contract's labels carry the periods). */
export const TRACK_NAMES: Record<LegalTrackCode, string> = {
  BILGI_EDINME_4982: 'Bilgi Edinme (4982)',
  DILEKCE_3071: 'Dilekçe (3071)',
  CIMER: 'CİMER',
  KVKK: 'KVKK',
  ACIK_KAPI: 'Açık Kapı',
  INTERNAL: 'İç hizmet süresi',
}

const NO_UNIT = NO_UNIT_LABEL
const STATES: readonly DeadlineState[] = ['ok', 'due-soon', 'due-today', 'overdue']

export interface OpenTicketRow {
  readonly number: string
  readonly unitId: number | null
  /** The unit's answer is in (YANITLANDI): what is left is the directorate's. */
  readonly unitAnswered: boolean
  readonly legalTrack: LegalTrackCode
  /** The effective due moment (extended when a 4982 extension was granted). */
  readonly dueAt: Date
}

export interface ResolvedTicketRow {
  readonly unitId: number | null
  readonly legalTrack: LegalTrackCode
  readonly channel: ChannelCode
  readonly type: TicketTypeCode
  readonly createdAt: Date
  /** First moment it was notified to the citizen or closed. */
  readonly resolvedAt: Date
  readonly dueAt: Date
}

export interface RegisteredGroup {
  readonly channel: ChannelCode
  readonly type: TicketTypeCode
  readonly legalTrack: LegalTrackCode
  readonly count: number
}

export interface CaseReportInput {
  readonly now: Date
  readonly calendar: WorkingCalendar
  readonly units: ReadonlyArray<{ id: number; name: string; active: boolean }>
  readonly open: readonly OpenTicketRow[]
  readonly registered: readonly RegisteredGroup[]
  readonly resolved: readonly ResolvedTicketRow[]
}

export interface CaseReport {
  readonly registered: number
  readonly resolved: number
  readonly open: number
  readonly overdue: number
  readonly byTrack: Readonly<Record<LegalTrackCode, { received: number; answered: number }>>
  readonly tables: ReportTable[]
}

const col = (key: string, label: string, kind: ReportColumn['kind']): ReportColumn => ({ key, label, kind })
const STATE_COLUMNS = [
  ...STATES.map((s) => col(s, DEADLINE_LABELS[s], 'int')),
  col('total', 'Toplam açık', 'int'),
]
const round1 = (x: number) => Math.round(x * 10) / 10

type StateCounts = Record<DeadlineState | 'total', number>
const emptyCounts = (): StateCounts => ({ ok: 0, 'due-soon': 0, 'due-today': 0, overdue: 0, total: 0 })

function countInto<K>(map: Map<K, StateCounts>, key: K, state: DeadlineState): void {
  let c = map.get(key)
  if (c === undefined) map.set(key, (c = emptyCounts()))
  c[state]++
  c.total++
}

function sumCounts(all: Iterable<StateCounts>): StateCounts {
  const total = emptyCounts()
  for (const c of all) for (const k of Object.keys(total) as Array<keyof StateCounts>) total[k] += c[k]
  return total
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function buildCaseReport(input: CaseReportInput): CaseReport {
  const unitName = new Map(input.units.map((u) => [u.id, u.name]))
  const nameOf = (id: number | null) => (id === null ? NO_UNIT : (unitName.get(id) ?? `Birim #${id}`))
  const byUnit = new Map<string, StateCounts>()
  for (const u of input.units) if (u.active) byUnit.set(u.name, emptyCounts())
  const byTrack = new Map<LegalTrackCode, StateCounts>(LEGAL_TRACKS.map((t) => [t, emptyCounts()]))
  const overdueByUnit = new Map<string, { numbers: string[]; oldestMs: number; legal: number }>()
  for (const t of input.open) {
    const state = deadlineState(t.dueAt, input.now, input.calendar)
    // Once the unit has answered, what is late is telling the citizen: the directorate's, not the unit's.
    const unit = t.unitAnswered ? AWAITING_NOTICE_LABEL : nameOf(t.unitId)
    countInto(byUnit, unit, state)
    countInto(byTrack, t.legalTrack, state)
    if (state !== 'overdue') continue
    let o = overdueByUnit.get(unit)
    if (o === undefined) overdueByUnit.set(unit, (o = { numbers: [], oldestMs: 0, legal: 0 }))
    o.numbers.push(t.number)
    o.oldestMs = Math.max(o.oldestMs, input.now.getTime() - t.dueAt.getTime())
    if (t.legalTrack !== 'INTERNAL') o.legal++
  }

  const unitRows = [...byUnit]
    .map(([unit, c]) => ({ unit, ...c }))
    .sort((a, b) => b.overdue - a.overdue || b.total - a.total || a.unit.localeCompare(b.unit, 'tr'))
  const stateNote =
    'Şu anki durum (aralıktan bağımsız). Yaklaşıyor = en çok 2 iş günü kaldı; vatandaşa bildirilen ve kapanan talepler sayılmaz. Birimin yanıtladığı talepler birimde değil, “Birim yanıtladı, vatandaşa bildirilecek” satırında sayılır.'
  const openByUnit: ReportTable = {
    id: 'acik-talepler-birim',
    section: 'cases',
    title: 'Açık talepler: birim ve süre durumu',
    note: stateNote,
    columns: [col('unit', 'Birim', 'text'), ...STATE_COLUMNS],
    rows: unitRows,
    total: { unit: 'Toplam', ...sumCounts(byUnit.values()) },
  }
  const openByTrack: ReportTable = {
    id: 'acik-talepler-yasal',
    section: 'cases',
    title: 'Açık talepler: yasal süre türü',
    note: stateNote,
    columns: [col('track', 'Yasal süre', 'text'), ...STATE_COLUMNS],
    rows: [...byTrack].map(([track, c]) => ({ track: TRACK_NAMES[track], ...c })),
    total: { track: 'Toplam', ...sumCounts(byTrack.values()) },
  }
  const overdueRows = [...overdueByUnit]
    .map(([unit, o]) => {
      o.numbers.sort()
      const shown = o.numbers.slice(0, OVERDUE_NUMBERS_SHOWN).join(', ')
      const more = o.numbers.length - OVERDUE_NUMBERS_SHOWN
      return {
        unit,
        overdue: o.numbers.length,
        legal: o.legal,
        oldestDays: round1(o.oldestMs / DAY_MS),
        numbers: more > 0 ? `${shown} … ve ${more} talep daha` : shown,
      }
    })
    .sort((a, b) => b.overdue - a.overdue || b.oldestDays - a.oldestDays)
  const overdue: ReportTable = {
    id: 'gecikenler',
    section: 'cases',
    title: 'Müdürlük bazında gecikenler',
    note: 'Süresi geçmiş açık talepler (şu an). Yasal = 4982, 3071, CİMER, KVKK ve Açık Kapı süreleri. Birim yanıt verdiyse talep artık birimin değil: “Birim yanıtladı, vatandaşa bildirilecek” satırında, vatandaşa bildirilene dek sayılır.',
    columns: [
      col('unit', 'Birim', 'text'),
      col('overdue', 'Süresi geçen', 'int'),
      col('legal', 'Yasal süreli', 'int'),
      col('oldestDays', 'En uzun gecikme (gün)', 'dec'),
      col('numbers', 'Talep numaraları', 'text'),
    ],
    rows: overdueRows,
    total: null,
  }

  const received = new Map<LegalTrackCode, number>(LEGAL_TRACKS.map((t) => [t, 0]))
  const byChannel = new Map<ChannelCode, { registered: number; resolved: number }>(
    CHANNELS.map((c) => [c, { registered: 0, resolved: 0 }]),
  )
  const byType = new Map<TicketTypeCode, { registered: number; resolved: number }>(
    TICKET_TYPES.map((t) => [t, { registered: 0, resolved: 0 }]),
  )
  let registered = 0
  for (const g of input.registered) {
    registered += g.count
    received.set(g.legalTrack, (received.get(g.legalTrack) ?? 0) + g.count)
    byChannel.get(g.channel)!.registered += g.count
    byType.get(g.type)!.registered += g.count
  }
  const answered = new Map<LegalTrackCode, { all: number; onTime: number }>(
    LEGAL_TRACKS.map((t) => [t, { all: 0, onTime: 0 }]),
  )
  const durations = new Map<string, number[]>()
  for (const r of input.resolved) {
    const a = answered.get(r.legalTrack)!
    a.all++
    if (r.resolvedAt.getTime() <= r.dueAt.getTime()) a.onTime++
    byChannel.get(r.channel)!.resolved++
    byType.get(r.type)!.resolved++
    const unit = nameOf(r.unitId)
    const list = durations.get(unit) ?? []
    list.push((r.resolvedAt.getTime() - r.createdAt.getTime()) / DAY_MS)
    durations.set(unit, list)
  }
  const applications: ReportTable = {
    id: 'basvurular',
    section: 'cases',
    title: 'Başvurular: gelen ve yanıtlanan (yasal süre türüne göre)',
    note: 'Gelen = aralıkta kaydedilen; yanıtlanan = aralıkta ilk kez vatandaşa bildirilen veya kapanan; süresinde = son gün geçmeden.',
    columns: [
      col('track', 'Yasal süre', 'text'),
      col('received', 'Gelen', 'int'),
      col('answered', 'Yanıtlanan', 'int'),
      col('onTime', 'Süresinde yanıtlanan', 'int'),
      col('late', 'Geç yanıtlanan', 'int'),
    ],
    rows: LEGAL_TRACKS.map((t) => {
      const a = answered.get(t)!
      return {
        track: TRACK_NAMES[t],
        received: received.get(t) ?? 0,
        answered: a.all,
        onTime: a.onTime,
        late: a.all - a.onTime,
      }
    }),
    total: null,
  }
  const allDurations: number[] = []
  const resolutionRows = [...durations]
    .map(([unit, list]) => {
      list.sort((a, b) => a - b)
      allDurations.push(...list)
      return resolutionCells(unit, list)
    })
    .sort((a, b) => a.unit.localeCompare(b.unit, 'tr'))
  allDurations.sort((a, b) => a - b)
  const resolution: ReportTable = {
    id: 'cozum-sureleri',
    section: 'cases',
    title: 'Çözüm süreleri (birimlere göre)',
    note: 'Aralıkta çözülen talepler: kayıttan vatandaşa bildirime veya kapanışa kadar geçen takvim günü.',
    columns: [
      col('unit', 'Birim', 'text'),
      col('resolved', 'Çözülen', 'int'),
      col('avgDays', 'Ortalama (gün)', 'dec'),
      col('medianDays', 'Medyan (gün)', 'dec'),
    ],
    rows: resolutionRows,
    total: resolutionCells('Toplam', allDurations),
  }
  const channels: ReportTable = {
    id: 'kanallar',
    section: 'cases',
    title: 'Kanallara göre talepler',
    note: 'Kayıt = aralıkta açılan; çözülen = aralıkta ilk kez vatandaşa bildirilen veya kapanan.',
    columns: [
      col('channel', 'Kanal', 'text'),
      col('registered', 'Kayıt', 'int'),
      col('resolved', 'Çözülen', 'int'),
    ],
    rows: [...byChannel].map(([c, v]) => ({ channel: CHANNEL_LABELS[c], ...v })),
    total: { channel: 'Toplam', registered, resolved: input.resolved.length },
  }
  const types: ReportTable = {
    id: 'talep-turleri',
    section: 'cases',
    title: 'Talep türlerine göre',
    note: null,
    columns: [
      col('type', 'Tür', 'text'),
      col('registered', 'Kayıt', 'int'),
      col('resolved', 'Çözülen', 'int'),
    ],
    rows: [...byType].map(([t, v]) => ({ type: TICKET_TYPE_LABELS[t], ...v })),
    total: { type: 'Toplam', registered, resolved: input.resolved.length },
  }
  const byTrackCounts = Object.fromEntries(
    LEGAL_TRACKS.map((t) => [t, { received: received.get(t) ?? 0, answered: answered.get(t)!.all }]),
  ) as Record<LegalTrackCode, { received: number; answered: number }>
  return {
    registered,
    resolved: input.resolved.length,
    open: input.open.length,
    overdue: overdueRows.reduce((n, r) => n + r.overdue, 0),
    byTrack: byTrackCounts,
    tables: [overdue, openByUnit, openByTrack, applications, resolution, channels, types],
  }
}

function resolutionCells(
  unit: string,
  sortedDays: readonly number[],
): Record<string, ReportCell> & { unit: string } {
  const sum = sortedDays.reduce((a, b) => a + b, 0)
  const med = median(sortedDays)
  return {
    unit,
    resolved: sortedDays.length,
    avgDays: sortedDays.length === 0 ? null : round1(sum / sortedDays.length),
    medianDays: med === null ? null : round1(med),
  }
}

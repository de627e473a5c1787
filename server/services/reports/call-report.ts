/**
 * Call reports over a range, computed with the wallboard's own statistics (`statsOver` from
 * telephony/stats), so a day's report and that day's wallboard show the same SL, ASA, AHT and abandon
 * rate for the same Call rows. Pure: the rows, the queue thresholds and the range are inputs.
 */
import type { ChartPoint, ReportCell, ReportColumn, ReportTable } from '../../contract/reports.ts'
import type { TransferView } from '../../contract/switchboard.ts'
import { istanbulDate, istanbulMinuteOfDay } from '../../domain/calendar/istanbul-time.ts'
import { unitStats } from '../switchboard/transfer-store.ts'
import type { FinishedCall, PauseInterval } from '../../../telephony/index.ts'
import {
  formulaLabels,
  statsOver,
  type InProgressCall,
  type QueueMetrics,
  type StatsConfig,
  type WindowStats,
} from '../../../telephony/index.ts'
import type { ReportRange } from './report-range.ts'

export interface QueueMeta {
  readonly name: string
  readonly label: string
  readonly kind: 'CALL_CENTRE' | 'SWITCHBOARD'
}

export interface CallReportInput {
  readonly range: ReportRange
  /** Rows whose enteredAt lies in [range.fromMs, range.dayEndMs). */
  readonly calls: readonly FinishedCall[]
  /**
   * Calls still waiting or talking now (when the range reaches now): counted as the wallboard counts
   * them, so "Bugün" here and "bugün" on the board agree at the same minute.
   */
  readonly inProgress?: readonly InProgressCall[]
  /** Pause intervals overlapping the range (clipped to it by statsOver). */
  readonly pauses: readonly PauseInterval[]
  /** Transfers started in the range. */
  readonly transfers: ReadonlyArray<Pick<TransferView, 'unitName' | 'outcome'>>
  /** Transfers operators made from their phones that ended in the range (transfer-store.ts). */
  readonly fromPhone?: ReadonlyArray<{ unitName: string | null }>
  readonly queues: readonly QueueMeta[]
  readonly config: StatsConfig
  /** Pause reason code (as the PBX carries it) → the label people read. */
  readonly pauseLabels?: ReadonlyMap<string, string>
}

type Ctx = CallReportInput & { readonly formulas: ReturnType<typeof formulaLabels> }

export interface CallReport {
  readonly formulas: ReturnType<typeof formulaLabels>
  readonly total: QueueMetrics
  /** Offered calls of switchboard queues (the annual report counts them apart). */
  readonly switchboardOffered: number
  readonly callCentreOffered: number
  readonly callCentreAnswered: number
  readonly transfers: number
  readonly tables: ReportTable[]
  readonly hourlyOffered: ChartPoint[]
  readonly dailyServiceLevel: ChartPoint[]
}

const col = (key: string, label: string, kind: ReportColumn['kind']): ReportColumn => ({ key, label, kind })

const METRIC_COLUMNS: ReportColumn[] = [
  col('offered', 'Gelen', 'int'),
  col('answered', 'Cevaplanan', 'int'),
  col('abandoned', 'Terk', 'int'),
  col('shortAbandoned', 'Kısa terk', 'int'),
  col('serviceLevelPct', 'Servis seviyesi (%)', 'pct'),
  col('asaSec', 'Ort. cevaplama süresi (sn)', 'sec'),
  col('ahtSec', 'Ort. işlem süresi (sn)', 'sec'),
  col('abandonRatePct', 'Terk oranı (%)', 'pct'),
]

function metricCells(m: QueueMetrics) {
  return {
    offered: m.offered,
    answered: m.answered,
    abandoned: m.abandoned,
    shortAbandoned: m.shortAbandoned,
    serviceLevelPct: m.serviceLevelPct,
    asaSec: m.asaSec,
    ahtSec: m.ahtSec,
    abandonRatePct: m.abandonRatePct,
  }
}

/** Whole window over one subset of calls (pauses only where asked). */
function over(
  calls: readonly FinishedCall[],
  pauses: readonly PauseInterval[],
  input: Ctx,
  inProgress: readonly InProgressCall[] = [],
) {
  const { fromMs, toMs, dayEndMs } = input.range
  return statsOver(calls, pauses, fromMs, toMs, input.config, inProgress, dayEndMs - 1)
}

function groupLive<K>(input: Ctx, key: (enteredAt: number) => K): Map<K, InProgressCall[]> {
  const out = new Map<K, InProgressCall[]>()
  for (const c of input.inProgress ?? []) {
    const k = key(c.enteredAt)
    out.set(k, [...(out.get(k) ?? []), c])
  }
  return out
}

function queueTable(window: WindowStats, input: Ctx): ReportTable {
  const meta = new Map(input.queues.map((q) => [q.name, q]))
  const rows = Object.entries(window.queues).map(([name, m]) => {
    const t = input.config.queues[name]
    return {
      queue: meta.get(name)?.label ?? name,
      ...metricCells(m),
      timedOut: m.timedOut,
      exitOther: m.exitEmpty + m.exitKey,
      transferred: m.transferred,
      movedUnanswered: m.movedUnanswered,
      answeredWithinSl: m.answeredWithinSl,
      thresholdSec: t?.serviceLevelSec ?? input.config.serviceLevelSec,
    }
  })
  const f = input.formulas
  return {
    id: 'kuyruklar',
    section: 'calls',
    title: 'Kuyruklar',
    note: `${f.serviceLevel}. ${f.abandonRate}. ${f.asa}. ${f.aht}. Zaman aşımı ve boş kuyruk/tuşla çıkışlar terk sayılmaz. Cevaplanan: bir temsilciye bağlanan ya da santralde çalarken birime aktarılan çağrılar; çalarken aktarılanlar hiçbir temsilcinin cevapladığına sayılmaz, ayrı sütunda gösterilir.`,
    columns: [
      col('queue', 'Kuyruk', 'text'),
      ...METRIC_COLUMNS,
      col('timedOut', 'Zaman aşımı', 'int'),
      col('exitOther', 'Boş kuyruk / tuşla çıkış', 'int'),
      col('transferred', 'Aktarılan', 'int'),
      col('movedUnanswered', 'Çalarken aktarılan', 'int'),
      col('answeredWithinSl', 'Eşik içinde cevaplanan', 'int'),
      col('thresholdSec', 'Servis seviyesi eşiği (sn)', 'int'),
    ],
    rows,
    total: {
      queue: 'Toplam',
      ...metricCells(window.pbx),
      timedOut: window.pbx.timedOut,
      exitOther: window.pbx.exitEmpty + window.pbx.exitKey,
      transferred: window.pbx.transferred,
      movedUnanswered: window.pbx.movedUnanswered,
      answeredWithinSl: window.pbx.answeredWithinSl,
      thresholdSec: null,
    },
  }
}

/** Istanbul day (YYYY-MM-DD) and hour (0–23) a call entered the queue. */
const istanbulDayOf = (ms: number): string => istanbulDate(new Date(ms))
const istanbulHourOf = (ms: number): number => Math.floor(istanbulMinuteOfDay(new Date(ms)) / 60)

function groupBy<K>(calls: readonly FinishedCall[], key: (c: FinishedCall) => K): Map<K, FinishedCall[]> {
  const out = new Map<K, FinishedCall[]>()
  for (const c of calls) {
    const k = key(c)
    const list = out.get(k)
    if (list === undefined) out.set(k, [c])
    else list.push(c)
  }
  return out
}

function dayTable(input: Ctx): { table: ReportTable; chart: ChartPoint[] } {
  const byDay = groupBy(input.calls, (c) => istanbulDayOf(c.enteredAt.getTime()))
  const liveByDay = groupLive(input, istanbulDayOf)
  const rows = input.range.dayList.map((day) => ({
    day,
    ...metricCells(over(byDay.get(day) ?? [], [], input, liveByDay.get(day)).pbx),
  }))
  return {
    table: {
      id: 'gunler',
      section: 'calls',
      title: 'Günlere göre',
      note: 'Her gün 00:00–24:00 (İstanbul); çağrı kuyruğa girdiği güne sayılır.',
      columns: [col('day', 'Tarih', 'date'), ...METRIC_COLUMNS],
      rows,
      total: null,
    },
    chart: rows.map((r) => ({
      label: `${r.day.slice(8, 10)}.${r.day.slice(5, 7)}`,
      value: r.serviceLevelPct,
    })),
  }
}

function hourTable(input: Ctx): { table: ReportTable; chart: ChartPoint[] } {
  const byHour = groupBy(input.calls, (c) => istanbulHourOf(c.enteredAt.getTime()))
  const liveByHour = groupLive(input, istanbulHourOf)
  const days = input.range.dayList.length
  const rows = Array.from({ length: 24 }, (_, hour) => {
    const m = over(byHour.get(hour) ?? [], [], input, liveByHour.get(hour)).pbx
    const hh = String(hour).padStart(2, '0')
    return {
      hour: `${hh}:00–${hh}:59`,
      offeredPerDay: Math.round((m.offered / days) * 10) / 10,
      ...metricCells(m),
    }
  })
  return {
    table: {
      id: 'saatler',
      section: 'calls',
      title: 'Saatlere göre (personel planlaması)',
      note: `Aralıktaki ${days} günün toplamı; günlük ortalama = gelen ÷ ${days}.`,
      columns: [
        col('hour', 'Saat', 'text'),
        col('offeredPerDay', 'Günlük ort. gelen', 'dec'),
        ...METRIC_COLUMNS,
      ],
      rows,
      total: null,
    },
    chart: rows.map((r) => ({ label: r.hour.slice(0, 2), value: r.offered })),
  }
}

function agentTable(window: WindowStats, labels: ReadonlyMap<string, string>): ReportTable {
  const reasons = [...new Set(Object.values(window.agents).flatMap((a) => Object.keys(a.pausedByReasonSec)))]
  reasons.sort((a, b) => a.localeCompare(b, 'tr'))
  const rows = Object.values(window.agents)
    .map((a) => {
      const cells: Record<string, ReportCell> = {
        agent: a.name,
        answered: a.answered,
        missed: a.missed,
        talkSec: a.talkSec,
        avgTalkSec: a.answered === 0 ? null : Math.round((a.talkSec / a.answered) * 10) / 10,
        pausedSec: a.pausedSec,
      }
      reasons.forEach((r, i) => (cells[`pause${i}`] = a.pausedByReasonSec[r] ?? 0))
      return cells
    })
    .sort((x, y) => String(x['agent']).localeCompare(String(y['agent']), 'tr'))
  return {
    id: 'temsilciler',
    section: 'calls',
    title: 'Temsilciler',
    note: 'Kaçırılan = temsilcinin telefonu çaldı, açılmadı (çağrı sıradakine geçti). Doluluk oranı yalnız canlı panoda gösterilir: oturum açma süreleri geçmiş için saklanmıyor.',
    columns: [
      col('agent', 'Temsilci', 'text'),
      col('answered', 'Cevaplanan', 'int'),
      col('missed', 'Kaçırılan', 'int'),
      col('talkSec', 'Konuşma (sn)', 'sec'),
      col('avgTalkSec', 'Ort. konuşma (sn)', 'sec'),
      col('pausedSec', 'Mola toplam (sn)', 'sec'),
      ...reasons.map((r, i) =>
        col(`pause${i}`, `Mola: ${r === '' ? 'nedensiz' : (labels.get(r) ?? r)} (sn)`, 'sec'),
      ),
    ],
    rows,
    total: null,
  }
}

function transferTable(input: Ctx): ReportTable {
  // The santral console's own per-unit count, so both screens agree.
  const views = input.transfers.map((t) => ({ unitName: t.unitName, outcome: t.outcome }) as TransferView)
  const stats = unitStats(views, input.fromPhone ?? [])
  type Counted = 'transfers' | 'answered' | 'notAnswered' | 'callerHungUp' | 'returned' | 'failed'
  const sum = (k: Counted | 'fromPhone') => stats.reduce((n, s) => n + s[k], 0)
  const decided = sum('answered') + sum('notAnswered') + sum('callerHungUp')
  // Transfers made from an operator's phone get a column of their own when the range has any.
  const phone = sum('fromPhone') > 0
  const cells = (s: Pick<(typeof stats)[number], Counted | 'fromPhone' | 'answerRatePct'>) => ({
    transfers: s.transfers,
    answered: s.answered,
    notAnswered: s.notAnswered,
    callerHungUp: s.callerHungUp,
    returned: s.returned,
    failed: s.failed,
    ...(phone ? { fromPhone: s.fromPhone } : {}),
    answerRatePct: s.answerRatePct,
  })
  return {
    id: 'aktarimlar',
    section: 'calls',
    title: 'Santral aktarımları (birimlere göre)',
    note:
      'Cevap oranı = cevaplanan ÷ (cevaplanan + cevaplanmayan + arayan kapattı); geri alınan, başarısız ve süren aktarımlar hariç.' +
      (phone
        ? ' Telefondan: operatörün santral ekranını kullanmadan kendi telefonundan aktardığı çağrılar; sonuçları izlenmez, orana girmez.'
        : ''),
    columns: [
      col('unit', 'Birim', 'text'),
      col('transfers', 'Aktarım', 'int'),
      col('answered', 'Cevaplanan', 'int'),
      col('notAnswered', 'Cevaplanmayan', 'int'),
      col('callerHungUp', 'Arayan kapattı', 'int'),
      col('returned', 'Geri alınan', 'int'),
      col('failed', 'Başarısız', 'int'),
      ...(phone ? [col('fromPhone', 'Telefondan', 'int')] : []),
      col('answerRatePct', 'Cevap oranı (%)', 'pct'),
    ],
    rows: stats.map((s) => ({ unit: s.unitName, ...cells(s) })),
    total: {
      unit: 'Toplam',
      ...cells({
        transfers: sum('transfers'),
        answered: sum('answered'),
        notAnswered: sum('notAnswered'),
        callerHungUp: sum('callerHungUp'),
        returned: sum('returned'),
        failed: sum('failed'),
        fromPhone: sum('fromPhone'),
        answerRatePct: decided === 0 ? null : Math.round((sum('answered') / decided) * 1000) / 10,
      }),
    },
  }
}

export function buildCallReport(raw: CallReportInput): CallReport {
  const input: Ctx = { ...raw, formulas: formulaLabels(raw.config) }
  const window = over(input.calls, input.pauses, input, input.inProgress)
  const kindOf = new Map(input.queues.map((q) => [q.name, q.kind]))
  let switchboardOffered = 0
  let callCentreOffered = 0
  let callCentreAnswered = 0
  for (const [name, m] of Object.entries(window.queues)) {
    if (kindOf.get(name) === 'SWITCHBOARD') switchboardOffered += m.offered
    else {
      callCentreOffered += m.offered
      callCentreAnswered += m.answered
    }
  }
  const days = dayTable(input)
  const hours = hourTable(input)
  return {
    formulas: input.formulas,
    total: window.pbx,
    switchboardOffered,
    callCentreOffered,
    callCentreAnswered,
    // As the per-unit table counts them: the console's and those made from operators' phones.
    transfers: input.transfers.length + (input.fromPhone?.length ?? 0),
    tables: [
      queueTable(window, input),
      days.table,
      hours.table,
      agentTable(window, input.pauseLabels ?? new Map()),
      transferTable(input),
    ],
    hourlyOffered: hours.chart,
    dailyServiceLevel: days.chart,
  }
}

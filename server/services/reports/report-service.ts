/**
 * Reads the rows a report needs (Call, PauseInterval, Transfer, Queue, Ticket, TicketEvent, Unit) and
 * hands them to the pure builders. Only aggregates and ticket numbers come out, so reading a report is
 * not a read of a citizen record and is not written to AuditLog (docs/design.md §2.8).
 */
import type { ReportTable, ReportTableId, ReportView } from '../../contract/reports.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ISTANBUL_OFFSET_MINUTES } from '../../domain/calendar/istanbul-time.ts'
import type { Logger } from '../../logger.ts'
import { loadQueueSettings } from '../telephony/queue-settings.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import { finishedCallOf, pauseIntervalOf } from '../calls/stored-calls.ts'
import { loadPhoneTransfersIn } from '../switchboard/transfer-store.ts'
import { statsConfig, type InProgressCall, type StatsConfig } from '../../../telephony/index.ts'
import { buildCallReport, type QueueMeta } from './call-report.ts'
import { buildCaseReport, type OpenTicketRow, type ResolvedTicketRow } from './case-report.ts'
import { rangeView, type ReportRange } from './report-range.ts'
import { annualSummaryTable } from './annual-summary.ts'

export interface ReportServiceDeps {
  prisma: PrismaClient
  logger: Logger
  calendar: CalendarSource
  now: () => Date
  /** The global SL threshold and short-abandon limit (config.metrics); each Queue row overrides them. */
  statsDefaults?: { serviceLevelSec: number; shortAbandonSec: number } | undefined
  /** Calls waiting or talking now (live telephony): a range that reaches now counts them too. */
  inProgressCalls?: () => readonly InProgressCall[]
}

export interface ReportService {
  build(range: ReportRange): Promise<ReportView>
  table(id: ReportTableId, range: ReportRange): Promise<ReportTable>
}

const RESOLVED = ['VATANDASA_BILDIRILDI', 'KAPANDI'] as const
/** Every outcome a queue call can end with; UNKNOWN counts as offered only (docs/metrics.md §3), as live. */
const QUEUE_OUTCOMES = [
  'ANSWERED',
  'ABANDONED',
  'TIMEOUT',
  'EXIT_EMPTY',
  'EXIT_KEY',
  'TRANSFERRED',
  'UNKNOWN',
] as const

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { prisma } = deps
  const log = deps.logger.child({ module: 'reports' })

  async function statsConfigNow(): Promise<{ config: StatsConfig; queues: QueueMeta[] }> {
    const settings = await loadQueueSettings(prisma, log)
    const queues: Record<string, { serviceLevelSec: number; shortAbandonSec: number; wrapUpSec: number }> = {}
    // Queues are reported by name; the same name on two PBXs is one row (the first PBX's thresholds).
    for (const q of settings)
      queues[q.name] ??= {
        serviceLevelSec: q.serviceLevelSec,
        shortAbandonSec: q.shortAbandonSec,
        wrapUpSec: q.wrapUpSec,
      }
    return {
      config: statsConfig({ ...(deps.statsDefaults ?? {}), utcOffsetMin: ISTANBUL_OFFSET_MINUTES, queues }),
      queues: settings.map((q) => ({ name: q.name, label: q.label, kind: q.kind })),
    }
  }

  async function callPart(range: ReportRange) {
    const window = { gte: new Date(range.fromMs), lt: new Date(range.toMs) }
    const pbxWindow = { gte: window.gte, lt: new Date(range.dayEndMs) }
    const [{ config, queues }, calls, pauses, transfers, reasons, fromPhone] = await Promise.all([
      statsConfigNow(),
      prisma.call.findMany({
        where: { enteredAt: pbxWindow, queue: { not: null }, outcome: { in: [...QUEUE_OUTCOMES] } },
        select: {
          pbxId: true,
          callKey: true,
          linkedId: true,
          direction: true,
          queue: true,
          agentName: true,
          agentInterface: true,
          enteredAt: true,
          answeredAt: true,
          endedAt: true,
          waitSec: true,
          talkSec: true,
          outcome: true,
          missedBy: true,
        },
      }),
      prisma.pauseInterval.findMany({
        where: {
          startedAt: { lt: window.lt },
          OR: [{ endedAt: null }, { endedAt: { gt: window.gte } }],
        },
      }),
      prisma.transfer.findMany({
        where: { startedAt: pbxWindow },
        select: { outcome: true, targetUnit: { select: { name: true } } },
      }),
      prisma.pauseReason.findMany({ select: { code: true, label: true } }),
      loadPhoneTransfersIn(prisma, pbxWindow.gte, pbxWindow.lt),
    ])
    // Reports never carry caller data: the rows are read without it.
    const finished = calls.map(finishedCallOf)
    const pauseRows = pauses.map(pauseIntervalOf)
    const live = range.dayEndMs > deps.now().getTime() ? (deps.inProgressCalls?.() ?? []) : []
    return buildCallReport({
      range,
      calls: finished,
      inProgress: live,
      pauseLabels: new Map(reasons.map((r) => [r.code, r.label])),
      pauses: pauseRows,
      transfers: transfers.map((t) => ({ unitName: t.targetUnit?.name ?? null, outcome: t.outcome })),
      fromPhone,
      queues,
      config,
    })
  }

  async function casePart(range: ReportRange) {
    const window = { gte: new Date(range.fromMs), lt: new Date(range.toMs) }
    const [calendar, units, open, registered, firstResolved] = await Promise.all([
      deps.calendar.current(),
      prisma.unit.findMany({ select: { id: true, name: true, active: true }, orderBy: { sortOrder: 'asc' } }),
      prisma.ticket.findMany({
        where: { status: { notIn: [...RESOLVED] } },
        select: {
          number: true,
          unitId: true,
          status: true,
          legalTrack: true,
          dueAt: true,
          extendedDueAt: true,
        },
      }),
      prisma.ticket.groupBy({
        by: ['channel', 'type', 'legalTrack'],
        where: { createdAt: window },
        _count: { _all: true },
      }),
      // A ticket counts as resolved when it FIRST reached "vatandaşa bildirildi" or "kapandı".
      prisma.ticketEvent.groupBy({
        by: ['ticketId'],
        where: { toStatus: { in: [...RESOLVED] }, at: { lt: window.lt } },
        _min: { at: true },
        having: { at: { _min: { gte: window.gte } } },
      }),
    ])
    const resolvedAt = new Map(firstResolved.flatMap((r) => (r._min.at ? [[r.ticketId, r._min.at]] : [])))
    const resolvedTickets = await prisma.ticket.findMany({
      where: { id: { in: [...resolvedAt.keys()] } },
      select: {
        id: true,
        unitId: true,
        legalTrack: true,
        channel: true,
        type: true,
        createdAt: true,
        dueAt: true,
        extendedDueAt: true,
      },
    })
    return buildCaseReport({
      now: deps.now(),
      calendar,
      units,
      open: open.map((t): OpenTicketRow => ({
        number: t.number,
        unitId: t.unitId,
        unitAnswered: t.status === 'YANITLANDI',
        legalTrack: t.legalTrack,
        dueAt: t.extendedDueAt ?? t.dueAt,
      })),
      registered: registered.map((g) => ({
        channel: g.channel,
        type: g.type,
        legalTrack: g.legalTrack,
        count: g._count._all,
      })),
      resolved: resolvedTickets.map((t): ResolvedTicketRow => ({
        unitId: t.unitId,
        legalTrack: t.legalTrack,
        channel: t.channel,
        type: t.type,
        createdAt: t.createdAt,
        resolvedAt: resolvedAt.get(t.id)!,
        dueAt: t.extendedDueAt ?? t.dueAt,
      })),
    })
  }

  async function build(range: ReportRange): Promise<ReportView> {
    const [calls, cases] = await Promise.all([callPart(range), casePart(range)])
    return {
      range: rangeView(range),
      generatedAt: deps.now().toISOString(),
      formulas: calls.formulas,
      summary: {
        offered: calls.total.offered,
        answered: calls.total.answered,
        serviceLevelPct: calls.total.serviceLevelPct,
        asaSec: calls.total.asaSec,
        abandonRatePct: calls.total.abandonRatePct,
        ticketsRegistered: cases.registered,
        ticketsResolved: cases.resolved,
        openTickets: cases.open,
        overdueTickets: cases.overdue,
      },
      charts: { hourlyOffered: calls.hourlyOffered, dailyServiceLevel: calls.dailyServiceLevel },
      tables: [...calls.tables, ...cases.tables, annualSummaryTable(calls, cases)],
    }
  }

  return {
    build,
    async table(id, range) {
      const view = await build(range)
      const table = view.tables.find((t) => t.id === id)
      if (table === undefined) throw new Error(`report table ${id} missing`)
      return table
    },
  }
}

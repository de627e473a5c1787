/**
 * The legal track and due date of a new ticket (legal-clock on the Holiday-table calendar), and the
 * admin's overrides from the Setting table: `tickets.internalSla` ({ ISTEK: { days, unit }, … }) and
 * `tickets.acikKapiPeriod` ({ days, unit }). A malformed setting is logged and ignored, never fatal.
 */
import { z } from 'zod'
import type { ChannelCode, DueDatePreview, LegalTrackCode, TicketTypeCode } from '../../contract/tickets.ts'
import { TICKET_TYPES } from '../../contract/tickets.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import {
  computeDeadlines,
  legalTrackFor,
  type InternalSlaMap,
  type Period,
} from '../../domain/legal-clock.ts'
import type { ServiceDeps } from './service-deps.ts'

export const INTERNAL_SLA_SETTING = 'tickets.internalSla'
export const ACIK_KAPI_SETTING = 'tickets.acikKapiPeriod'

const periodSchema = z.object({
  days: z.number().int().min(1).max(365),
  unit: z.enum(['working', 'calendar']),
})
const slaSchema = z.partialRecord(z.enum(TICKET_TYPES), periodSchema)

export interface ClockSettings {
  internalSla: Partial<InternalSlaMap>
  acikKapi: Period | undefined
}

export async function loadClockSettings(deps: ServiceDeps): Promise<ClockSettings> {
  const rows = await deps.prisma.setting.findMany({
    where: { key: { in: [INTERNAL_SLA_SETTING, ACIK_KAPI_SETTING] } },
  })
  const settings: ClockSettings = { internalSla: {}, acikKapi: undefined }
  for (const row of rows) {
    const parsed =
      row.key === INTERNAL_SLA_SETTING ? slaSchema.safeParse(row.value) : periodSchema.safeParse(row.value)
    if (!parsed.success) {
      deps.logger.warn({ key: row.key }, 'ignoring a malformed ticket clock setting')
      continue
    }
    if (row.key === INTERNAL_SLA_SETTING) settings.internalSla = parsed.data as Partial<InternalSlaMap>
    else settings.acikKapi = parsed.data as Period
  }
  return settings
}

export interface DeadlineRequest {
  channel: ChannelCode
  type: TicketTypeCode
  kvkkRequest?: boolean | undefined
  formalPetition?: boolean | undefined
}

export interface PlannedDeadlines {
  track: LegalTrackCode
  dueAt: Date
  extensionNoticeDueAt: Date | null
  rule: string
  warnings: string[]
}

/** Pure: which clock, and when it runs out, for a ticket received at `receivedAt`. */
export function planDeadlines(
  request: DeadlineRequest,
  receivedAt: Date,
  calendar: WorkingCalendar,
  settings: ClockSettings,
): PlannedDeadlines {
  const choice = legalTrackFor({
    channel: request.channel,
    type: request.type,
    isKvkkRequest: request.kvkkRequest === true,
    isFormalPetition: request.formalPetition === true,
  })
  const deadlines = computeDeadlines({
    track: choice.track,
    type: request.type,
    receivedAt,
    calendar,
    internalSla: settings.internalSla,
    ...(settings.acikKapi === undefined ? {} : { acikKapi: settings.acikKapi }),
    ...(choice.isCimerInformationRequest === undefined
      ? {}
      : { isCimerInformationRequest: choice.isCimerInformationRequest }),
  })
  return {
    track: choice.track,
    dueAt: deadlines.dueAt,
    extensionNoticeDueAt: deadlines.extensionNoticeDueAt ?? null,
    rule: deadlines.rule,
    warnings: [...choice.warnings, ...deadlines.warnings],
  }
}

/** The live preview on the new-ticket form: the same computation, nothing stored. */
export async function previewDueDate(deps: ServiceDeps, request: DeadlineRequest): Promise<DueDatePreview> {
  const [calendar, settings] = await Promise.all([deps.calendar.current(), loadClockSettings(deps)])
  const plan = planDeadlines(request, deps.clock.now(), calendar, settings)
  return {
    legalTrack: plan.track,
    dueAt: plan.dueAt.toISOString(),
    extensionNoticeDueAt: plan.extensionNoticeDueAt?.toISOString() ?? null,
    rule: plan.rule,
    warnings: plan.warnings,
  }
}

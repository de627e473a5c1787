/**
 * Legal and internal clocks of a ticket (docs/design.md §2.6, docs/legal-clocks.md, ADR 005).
 * Pure: the receipt time, the working calendar and the configurable periods are inputs.
 */
import type { ChannelCode, LegalTrackCode, OverdueBy, TicketTypeCode } from '../contract/tickets.ts'
import type { IsoDate } from './calendar/turkish-holidays.ts'
import type { WorkingCalendar } from './calendar/working-days.ts'
import { addDays, istanbulDate } from './calendar/istanbul-time.ts'
import { DomainError } from './domain-error.ts'

export type PeriodUnit = 'working' | 'calendar'

export interface Period {
  readonly days: number
  readonly unit: PeriodUnit
}

export type InternalSlaMap = Readonly<Record<TicketTypeCode, Period>>

/** Internal service levels per ticket type; the admin overrides them through the Setting table. */
export const DEFAULT_INTERNAL_SLA: InternalSlaMap = {
  ISTEK: { days: 5, unit: 'working' },
  SIKAYET: { days: 3, unit: 'working' },
  ONERI: { days: 10, unit: 'working' },
  TESEKKUR: { days: 2, unit: 'working' },
  // A bilgi edinme question by phone (not a 4982 application): answered like a request.
  BILGI_EDINME: { days: 5, unit: 'working' },
}

/** 4982 md. 11: 15 iş günü, 30 iş günü when extended with notice inside the first 15. */
export const BILGI_EDINME_PERIOD: Period = { days: 15, unit: 'working' }
export const BILGI_EDINME_EXTENDED_PERIOD: Period = { days: 30, unit: 'working' }
/** 3071 md. 7 and CİMER petitions: 30 gün. */
export const DILEKCE_PERIOD: Period = { days: 30, unit: 'calendar' }
/** KVKK md. 13: at the latest 30 gün. */
export const KVKK_PERIOD: Period = { days: 30, unit: 'calendar' }
/** Açık Kapı: 7 gün. UNVERIFIED (sources say both "7 gün" and "7 iş günü"); configurable. */
export const DEFAULT_ACIK_KAPI_PERIOD: Period = { days: 7, unit: 'calendar' }

export type DeadlineWarning = 'HOLIDAYS_NOT_CONFIGURED'

export interface ComputeDeadlinesInput {
  readonly track: LegalTrackCode
  readonly type: TicketTypeCode
  readonly receivedAt: Date
  readonly calendar: WorkingCalendar
  /** Overrides of DEFAULT_INTERNAL_SLA (per type). */
  readonly internalSla?: Partial<InternalSlaMap>
  readonly acikKapi?: Period
  /** CİMER information requests run on 4982 periods. Defaults to `type === 'BILGI_EDINME'`. */
  readonly isCimerInformationRequest?: boolean
}

export interface TicketDeadlines {
  readonly track: LegalTrackCode
  readonly period: Period
  /** Turkish rule text for the UI, e.g. "15 iş günü (30 iş gününe uzatılabilir)". */
  readonly rule: string
  readonly dueAt: Date
  /** 4982 clocks only: last moment to tell the applicant about an extension (end of the 15th iş günü). */
  readonly extensionNoticeDueAt?: Date
  /** Calendar-day clocks: set when the last day fell on a weekend/holiday and moved to the next working day. */
  readonly lastDayMovedFrom?: IsoDate
  readonly warnings: readonly DeadlineWarning[]
}

function validPeriod(p: Period, what: string): Period {
  if (
    !Number.isInteger(p.days) ||
    p.days < 1 ||
    p.days > 365 ||
    (p.unit !== 'working' && p.unit !== 'calendar')
  ) {
    throw new DomainError('INVALID_PERIOD', `${what} için geçersiz süre: ${JSON.stringify(p)}`)
  }
  return p
}

export function describePeriod(p: Period): string {
  return p.unit === 'working' ? `${p.days} iş günü` : `${p.days} gün`
}

function runsOn4982(
  input: Pick<ComputeDeadlinesInput, 'track' | 'type' | 'isCimerInformationRequest'>,
): boolean {
  if (input.track === 'BILGI_EDINME_4982') return true
  return input.track === 'CIMER' && (input.isCimerInformationRequest ?? input.type === 'BILGI_EDINME')
}

function periodFor(input: ComputeDeadlinesInput): Period {
  if (runsOn4982(input)) return BILGI_EDINME_PERIOD
  switch (input.track) {
    case 'DILEKCE_3071':
    case 'CIMER':
      return DILEKCE_PERIOD
    case 'KVKK':
      return KVKK_PERIOD
    case 'ACIK_KAPI':
      return validPeriod(input.acikKapi ?? DEFAULT_ACIK_KAPI_PERIOD, 'Açık Kapı')
    case 'INTERNAL':
      return validPeriod(
        input.internalSla?.[input.type] ?? DEFAULT_INTERNAL_SLA[input.type],
        `${input.type} hizmet süresi`,
      )
    case 'BILGI_EDINME_4982':
      return BILGI_EDINME_PERIOD
  }
  throw new DomainError('UNKNOWN_TRACK', `Bilinmeyen yasal süre türü: ${String(input.track)}`)
}

/**
 * Due date of a period counted from `receivedAt`. Working-day periods end at the close of the n-th working day
 * after the receipt day. Calendar-day periods end on receipt day + n; when that day is a weekend or a full
 * holiday the deadline moves to the close of the next working day (general administrative-law rule).
 */
export function dueAfter(
  receivedAt: Date,
  period: Period,
  calendar: WorkingCalendar,
): { dueAt: Date; lastDayMovedFrom?: IsoDate } {
  validPeriod(period, 'Süre')
  if (period.unit === 'working') return { dueAt: calendar.addWorkingDays(receivedAt, period.days) }
  const lastDay = addDays(istanbulDate(receivedAt), period.days)
  const dueDay = calendar.workingDayOnOrAfter(lastDay)
  const dueAt = calendar.endOfWorkingDay(dueDay)
  return dueDay === lastDay ? { dueAt } : { dueAt, lastDayMovedFrom: lastDay }
}

export function computeDeadlines(input: ComputeDeadlinesInput): TicketDeadlines {
  if (Number.isNaN(input.receivedAt.getTime()))
    throw new DomainError('INVALID_RECEIVED_AT', 'Başvuru zamanı geçersiz')
  const period = periodFor(input)
  const { dueAt, lastDayMovedFrom } = dueAfter(input.receivedAt, period, input.calendar)
  const is4982 = runsOn4982(input)
  const years = new Set(
    [istanbulDate(input.receivedAt), istanbulDate(dueAt)].map((d) => Number(d.slice(0, 4))),
  )
  const warnings: DeadlineWarning[] = [...years].every((y) => input.calendar.hasHolidaysFor(y))
    ? []
    : ['HOLIDAYS_NOT_CONFIGURED']
  return {
    track: input.track,
    period,
    rule: is4982
      ? `${describePeriod(period)} (${BILGI_EDINME_EXTENDED_PERIOD.days} iş gününe uzatılabilir)`
      : describePeriod(period),
    dueAt,
    ...(is4982 ? { extensionNoticeDueAt: dueAt } : {}),
    ...(lastDayMovedFrom ? { lastDayMovedFrom } : {}),
    warnings,
  }
}

export type ExtensionErrorCode =
  | 'EXTENSION_NOT_APPLICABLE'
  | 'EXTENSION_ALREADY_GRANTED'
  | 'EXTENSION_REASON_REQUIRED'
  | 'EXTENSION_NOTICE_PERIOD_PASSED'

export interface ExtendDeadlineInput {
  readonly track: LegalTrackCode
  readonly type: TicketTypeCode
  readonly receivedAt: Date
  readonly calendar: WorkingCalendar
  /** When the applicant is being told (the notice must go out before the end of the 15th iş günü). */
  readonly now: Date
  /** The reason told to the applicant (4982 md. 11: another unit/institution involved, …). */
  readonly reason: string
  readonly alreadyExtended?: boolean
  readonly isCimerInformationRequest?: boolean
}

/** 4982 md. 11/2: extend 15 → 30 iş günü. Throws DomainError with an ExtensionErrorCode when not allowed. */
export function extendDeadline(input: ExtendDeadlineInput): {
  extendedDueAt: Date
  extensionNoticeDueAt: Date
} {
  if (!runsOn4982(input)) {
    throw new DomainError<ExtensionErrorCode>(
      'EXTENSION_NOT_APPLICABLE',
      'Süre uzatma yalnızca Bilgi Edinme (4982) başvurularında yapılabilir',
    )
  }
  if (input.alreadyExtended) {
    throw new DomainError<ExtensionErrorCode>(
      'EXTENSION_ALREADY_GRANTED',
      'Bu başvurunun süresi zaten uzatıldı',
    )
  }
  if (input.reason.trim().length === 0) {
    throw new DomainError<ExtensionErrorCode>(
      'EXTENSION_REASON_REQUIRED',
      'Süre uzatmanın gerekçesi başvuru sahibine bildirilmelidir: gerekçe yazın',
    )
  }
  const extensionNoticeDueAt = input.calendar.addWorkingDays(input.receivedAt, BILGI_EDINME_PERIOD.days)
  if (input.now.getTime() > extensionNoticeDueAt.getTime()) {
    throw new DomainError<ExtensionErrorCode>(
      'EXTENSION_NOTICE_PERIOD_PASSED',
      'Süre uzatma bildirimi ilk 15 iş günü içinde yapılmalıydı; bu süre geçti',
      { extensionNoticeDueAt: extensionNoticeDueAt.toISOString() },
    )
  }
  return {
    extendedDueAt: input.calendar.addWorkingDays(input.receivedAt, BILGI_EDINME_EXTENDED_PERIOD.days),
    extensionNoticeDueAt,
  }
}

export type LegalTrackWarning =
  /** A bilgi edinme question came by phone/WhatsApp: 4982 needs a written or electronic application. */
  | 'BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION'
  /** Written/electronic 4982 application: check name, address and signature (or e-signature) are present. */
  | 'BILGI_EDINME_CHECK_APPLICANT_DETAILS'
  /** A KVKK request by phone/WhatsApp: KVKK md. 13 needs writing or a method the Board accepts. */
  | 'KVKK_REQUIRES_WRITTEN_APPLICATION'
  /** A formal petition by phone/WhatsApp: 3071 md. 4 needs a written, signed petition. */
  | 'PETITION_REQUIRES_WRITTEN_APPLICATION'

export interface LegalTrackInput {
  readonly channel: ChannelCode
  readonly type: TicketTypeCode
  readonly isCimerInformationRequest?: boolean
  /** A KVKK data-subject request (md. 11/13). */
  readonly isKvkkRequest?: boolean
  /** A signed petition under 3071 (e.g. at the Resmi Dilekçe Masası). */
  readonly isFormalPetition?: boolean
}

export interface LegalTrackChoice {
  readonly track: LegalTrackCode
  /** For CİMER: whether the clock runs on 4982 periods. */
  readonly isCimerInformationRequest?: boolean
  readonly warnings: readonly LegalTrackWarning[]
}

/** Channels through which nothing arrives in writing with the applicant's identity and signature. */
const SPOKEN_CHANNELS: ReadonlySet<ChannelCode> = new Set<ChannelCode>([
  'CAGRI_MERKEZI',
  'SANTRAL',
  'WHATSAPP',
])

/** Which legal clock a new ticket runs on, from its channel and type (docs/design.md §2.6). */
export function legalTrackFor(input: LegalTrackInput): LegalTrackChoice {
  const spoken = SPOKEN_CHANNELS.has(input.channel)
  if (input.channel === 'CIMER') {
    const info = input.isCimerInformationRequest ?? input.type === 'BILGI_EDINME'
    return { track: 'CIMER', isCimerInformationRequest: info, warnings: [] }
  }
  if (input.channel === 'ACIK_KAPI') return { track: 'ACIK_KAPI', warnings: [] }
  if (input.channel === 'BILGI_EDINME') return { track: 'BILGI_EDINME_4982', warnings: [] }
  if (input.isKvkkRequest) {
    return spoken
      ? { track: 'INTERNAL', warnings: ['KVKK_REQUIRES_WRITTEN_APPLICATION'] }
      : { track: 'KVKK', warnings: [] }
  }
  if (input.type === 'BILGI_EDINME') {
    return spoken
      ? { track: 'INTERNAL', warnings: ['BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION'] }
      : { track: 'BILGI_EDINME_4982', warnings: ['BILGI_EDINME_CHECK_APPLICANT_DETAILS'] }
  }
  if (input.isFormalPetition) {
    return spoken
      ? { track: 'INTERNAL', warnings: ['PETITION_REQUIRES_WRITTEN_APPLICATION'] }
      : { track: 'DILEKCE_3071', warnings: [] }
  }
  return { track: 'INTERNAL', warnings: [] }
}

export type DeadlineState = 'ok' | 'due-soon' | 'due-today' | 'overdue'

/** Working days ahead (not counting today) within which an open deadline shows as "due-soon". */
export const DUE_SOON_WORKING_DAYS = 2

/**
 * Wallboard badge of an open ticket: overdue once `now` is past `dueAt`; due-today when the due moment is later
 * today (Istanbul); due-soon when the due day is at most 2 working days after today; ok otherwise.
 */
export function deadlineState(dueAt: Date, now: Date, calendar: WorkingCalendar): DeadlineState {
  if (now.getTime() > dueAt.getTime()) return 'overdue'
  const today = istanbulDate(now)
  const dueDay = istanbulDate(dueAt)
  if (dueDay === today) return 'due-today'
  return calendar.workingDaysUntil(today, dueDay) <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'ok'
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

/**
 * How long ago a passed deadline passed, for the overdue badge; null while it has not. Under a day in hours
 * (minutes under an hour); after that in working days after the due day, counted as `deadlineState` counts
 * them (docs/legal-clocks.md §4); when no working day has followed the due day yet (a weekend or a bayram),
 * in calendar days.
 */
export function overdueBy(dueAt: Date, now: Date, calendar: WorkingCalendar): OverdueBy | null {
  const late = now.getTime() - dueAt.getTime()
  if (late <= 0) return null
  if (late < HOUR_MS) return { amount: Math.max(1, Math.floor(late / MINUTE_MS)), unit: 'minute' }
  if (late < DAY_MS) return { amount: Math.floor(late / HOUR_MS), unit: 'hour' }
  const workingDays = calendar.workingDaysUntil(istanbulDate(dueAt), istanbulDate(now))
  if (workingDays > 0) return { amount: workingDays, unit: 'working-day' }
  return { amount: Math.floor(late / DAY_MS), unit: 'day' }
}

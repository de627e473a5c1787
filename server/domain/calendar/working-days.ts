/**
 * Working-day calendar for Europe/Istanbul (iş günü: Monday–Friday and not a FULL holiday).
 * Rules (docs/decisions/005-legal-clocks.md):
 * - A HALF_DAY (arife) is a working day that ends at `halfDayEnd` (13:00).
 * - Counting a period never includes the day of receipt: day 1 is the first working day after the day the
 *   application arrived (İYUK md. 8 / HMK md. 92: "süre, ... izleyen günden işlemeye başlar"). So an
 *   application received on an arife afternoon, an evening or a weekend starts counting the next working day,
 *   exactly like one received at 09:00.
 * - A deadline ends at the close of office hours of its last day (13:00 when that day is an arife).
 */
import type { IsoDate } from './turkish-holidays.ts'
import {
  addDays,
  clockMinutes,
  holidayDateKey,
  istanbulDate,
  istanbulInstant,
  isWeekend,
} from './istanbul-time.ts'

export interface HolidayInput {
  readonly date: string | Date
  readonly kind: 'FULL' | 'HALF_DAY'
  readonly name?: string
}

export interface OfficeHours {
  /** Opening time, `HH:MM`. */
  readonly start: string
  /** Closing time on a full working day. */
  readonly end: string
  /** Closing time on a HALF_DAY (arife). */
  readonly halfDayEnd: string
}

/** Karşıyaka Belediyesi's office hours (mesai 08:30–17:30; arife afternoons off from 13:00). */
export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '08:30', end: '17:30', halfDayEnd: '13:00' }

/** Safety bound: no legal or internal period here is longer than a few months. */
const MAX_DAYS_SCANNED = 3660

export interface WorkingCalendar {
  readonly officeHours: OfficeHours
  /** Istanbul date of an instant, or the date itself. */
  dateOf(day: IsoDate | Date): IsoDate
  isWorkingDay(day: IsoDate | Date): boolean
  isHalfDay(day: IsoDate | Date): boolean
  holidayName(day: IsoDate | Date): string | undefined
  /** Years (Istanbul) for which at least one holiday is known; a year missing here is probably not configured. */
  hasHolidaysFor(year: number): boolean
  /** First working day strictly after `day`. */
  nextWorkingDay(day: IsoDate | Date): IsoDate
  /** `day` when it is a working day, otherwise the next one. */
  workingDayOnOrAfter(day: IsoDate | Date): IsoDate
  /** When office hours open on that day. Throws on a non-working day. */
  startOfWorkingDay(day: IsoDate | Date): Date
  /** When office hours close on that day (13:00 on an arife). Throws on a non-working day. */
  endOfWorkingDay(day: IsoDate | Date): Date
  /** The n-th working day after the day of `start` (the receipt day itself never counts), n ≥ 1. */
  nthWorkingDayAfter(start: Date, n: number): IsoDate
  /** Close of office hours on the n-th working day after the day of `start`. */
  addWorkingDays(start: Date, n: number): Date
  /** Exactly n × 24 h later (Istanbul has no DST, so the wall-clock time is kept). */
  addCalendarDays(start: Date, n: number): Date
  /** Working days in (from, to]: how many working days until `to`, not counting `from`'s own day. */
  workingDaysUntil(from: IsoDate | Date, to: IsoDate | Date): number
}

export interface WorkingCalendarOptions {
  readonly officeHours?: OfficeHours
}

export function createWorkingCalendar(
  holidays: ReadonlyArray<HolidayInput>,
  options: WorkingCalendarOptions = {},
): WorkingCalendar {
  const officeHours = options.officeHours ?? DEFAULT_OFFICE_HOURS
  const startMin = clockMinutes(officeHours.start)
  const endMin = clockMinutes(officeHours.end)
  const halfEndMin = clockMinutes(officeHours.halfDayEnd)
  if (!(startMin < halfEndMin && halfEndMin <= endMin)) {
    throw new RangeError('Mesai saatleri tutarsız: açılış < yarım gün kapanışı ≤ kapanış olmalı')
  }

  const full = new Map<IsoDate, string>()
  const half = new Map<IsoDate, string>()
  const years = new Set<number>()
  for (const h of holidays) {
    const key = holidayDateKey(h.date)
    const name = h.name ?? ''
    if (h.kind === 'FULL') full.set(key, name)
    else if (h.kind === 'HALF_DAY') half.set(key, name)
    else throw new RangeError(`Bilinmeyen tatil türü: ${String(h.kind)}`)
    years.add(Number(key.slice(0, 4)))
  }
  // A day listed both ways is a full holiday.
  for (const key of full.keys()) half.delete(key)

  const dateOf = (day: IsoDate | Date): IsoDate =>
    day instanceof Date ? istanbulDate(day) : holidayDateKey(day)
  const isWorking = (d: IsoDate): boolean => !isWeekend(d) && !full.has(d)

  const nextWorking = (d: IsoDate): IsoDate => {
    let cur = d
    for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
      cur = addDays(cur, 1)
      if (isWorking(cur)) return cur
    }
    throw new RangeError(`${d} sonrasında iş günü bulunamadı (tatil listesi hatalı mı?)`)
  }

  const requireWorking = (d: IsoDate): void => {
    if (!isWorking(d)) throw new RangeError(`${d} iş günü değil`)
  }

  const countOf = (n: number): number => {
    if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS_SCANNED) {
      throw new RangeError(`İş günü sayısı 1 ile ${MAX_DAYS_SCANNED} arasında bir tam sayı olmalı: ${n}`)
    }
    return n
  }

  const calendar: WorkingCalendar = {
    officeHours,
    dateOf,
    isWorkingDay: (day) => isWorking(dateOf(day)),
    isHalfDay: (day) => {
      const d = dateOf(day)
      return isWorking(d) && half.has(d)
    },
    holidayName: (day) => {
      const d = dateOf(day)
      return full.get(d) ?? half.get(d)
    },
    hasHolidaysFor: (year) => years.has(year),
    nextWorkingDay: (day) => nextWorking(dateOf(day)),
    workingDayOnOrAfter: (day) => {
      const d = dateOf(day)
      return isWorking(d) ? d : nextWorking(d)
    },
    startOfWorkingDay: (day) => {
      const d = dateOf(day)
      requireWorking(d)
      return istanbulInstant(d, startMin)
    },
    endOfWorkingDay: (day) => {
      const d = dateOf(day)
      requireWorking(d)
      return istanbulInstant(d, half.has(d) ? halfEndMin : endMin)
    },
    nthWorkingDayAfter: (start, n) => {
      let d = istanbulDate(start)
      for (let i = countOf(n); i > 0; i--) d = nextWorking(d)
      return d
    },
    addWorkingDays: (start, n) => calendar.endOfWorkingDay(calendar.nthWorkingDayAfter(start, n)),
    addCalendarDays: (start, n) => {
      if (!Number.isInteger(n)) throw new RangeError(`Gün sayısı tam sayı olmalı: ${n}`)
      if (Number.isNaN(start.getTime())) throw new RangeError('Geçersiz zaman değeri')
      return new Date(start.getTime() + n * 86_400_000)
    },
    workingDaysUntil: (from, to) => {
      const a = dateOf(from)
      const b = dateOf(to)
      if (b <= a) return 0
      let count = 0
      let cur = a
      for (let i = 0; i < MAX_DAYS_SCANNED && cur < b; i++) {
        cur = addDays(cur, 1)
        if (isWorking(cur)) count++
      }
      return count
    },
  }
  return calendar
}

/**
 * Yönetim › Tatiller ve mesai: the holiday table an admin keeps per year and the office hours every
 * clock uses (legal deadlines, the missed-call worklist). Wire shapes of `/api/v1/holidays` and
 * `/api/v1/office-hours` (docs/api.md). Types only.
 */
export type HolidayKind = 'FULL' | 'HALF_DAY'

export interface HolidayView {
  /** `YYYY-MM-DD` (Istanbul). */
  date: string
  name: string
  /** FULL: no work; HALF_DAY: an arife, work ends at the half-day closing time. */
  kind: HolidayKind
}

export interface HolidaysResponse {
  year: number
  items: HolidayView[]
  /** Years that have at least one holiday in the table. */
  years: number[]
}

export interface HolidayInput {
  name: string
  kind: HolidayKind
}

export interface OfficeHoursView {
  /** `HH:MM` opening time. */
  start: string
  /** `HH:MM` closing time of a full working day. */
  end: string
  /** `HH:MM` closing time of an arife (half day). */
  halfDayEnd: string
}

/** The fixed national holidays of a year (Law 2429), which an admin can add in one step. */
export interface FixedHolidaysAdded {
  added: number
}

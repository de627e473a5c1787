/**
 * Units told live, and the overdue board (docs/messaging.md §8): socket events and wire shapes shared
 * by server and client. Unit staff sockets sit in `unit:<unitId>`; the counts and arrivals sent there
 * hold only what unit staff see of their own tickets anyway. The overdue board holds counts only, no
 * personal data, so the müdür's wallboard and a TV link may show it.
 */

export const UNIT_EVENTS = {
  /** Server → unit staff: a ticket was routed to the unit (after its transaction committed). */
  arrived: 'unit:ticket-arrived',
  /** Server → unit staff: the unit's counts changed. */
  counts: 'unit:counts',
  /** Client → server (ack): the unit's counts now (on connect and reconnect). */
  sync: 'unit:sync',
  /** Client → server (ack): the overdue-by-unit board now (müdür, admin, a TV link with the board). */
  overdue: 'units:overdue',
} as const

export function unitRoom(unitId: number): string {
  return `unit:${unitId}`
}

/** What the navigation shows unit staff: tickets waiting at their unit. */
export interface UnitTicketCounts {
  unitId: number
  /** Routed and not yet taken into work (BIRIME_HAVALE). */
  new: number
  /** At the unit: new or in work (BIRIME_HAVALE, ISLEMDE). */
  open: number
  /** Of those, past their (extended) due date. */
  overdue: number
}

/** A ticket that has just reached the unit (the browser notification's text). */
export interface UnitTicketArrival {
  id: number
  number: string
  subject: string
  dueAt: string
  counts: UnitTicketCounts
}

/**
 * One row of the overdue board: a unit, or (`unitId` null) tickets not yet routed or already answered
 * by their unit and waiting to be told to the citizen; `unit` names the row either way.
 */
export interface OverdueUnitRow {
  unitId: number | null
  unit: string
  overdue: number
  /** Of those, on a legal clock (CİMER, 4982, 3071, KVKK, Açık Kapı). */
  legal: number
  /** The oldest overdue ticket's due date, and how many whole days ago that was. */
  oldestDueAt: string
  oldestDays: number
}

export interface OverdueBoardView {
  at: string
  total: number
  units: OverdueUnitRow[]
}

export const NO_UNIT_LABEL = 'Birime havale edilmemiş'

/**
 * The row of overdue tickets the unit has answered (YANITLANDI): the answer is in and telling the
 * citizen is the directorate's step ("Vatandaşa bildir"), so they no longer count against the unit.
 */
export const AWAITING_NOTICE_LABEL = 'Birim yanıtladı, vatandaşa bildirilecek'

type AckOf<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } }

export interface UnitServerToClientEvents {
  'unit:ticket-arrived': (arrival: UnitTicketArrival) => void
  'unit:counts': (counts: UnitTicketCounts) => void
}

export interface UnitClientToServerEvents {
  'unit:sync': (ack: (answer: AckOf<UnitTicketCounts>) => void) => void
  'units:overdue': (ack: (answer: AckOf<OverdueBoardView>) => void) => void
}

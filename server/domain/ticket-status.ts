/**
 * Ticket status flow (docs/design.md §2.5): yeni → birime havale → işlemde → yanıtlandı → vatandaşa bildirildi → kapandı,
 * with reopening, the unit's "send back to the directorate" and the directorate's "answer not sufficient".
 * The table says which role may make which move; whether a `unit` user belongs to the ticket's unit is checked
 * by the ticket service, not here.
 */
import type { Role } from '../contract/auth.ts'
import type { TicketEventKindCode, TicketStatusCode } from '../contract/tickets.ts'

export type TransitionAction =
  'route' | 'accept' | 'answer' | 'reject-answer' | 'notify' | 'close' | 'dismiss' | 'reopen' | 'return'

/** What the user must write for the move: a reason (shown in the history) or the unit's answer. */
export type TransitionNote = 'none' | 'reason' | 'answer'

export interface TransitionRule {
  readonly from: TicketStatusCode
  readonly to: TicketStatusCode
  readonly action: TransitionAction
  readonly roles: readonly Role[]
  readonly note: TransitionNote
  /** The TicketEvent kind the service writes for this move. */
  readonly event: TicketEventKindCode
}

const HIM: readonly Role[] = ['agent', 'operator', 'supervisor', 'admin']
const UNIT: readonly Role[] = ['unit', 'supervisor', 'admin']
const LEAD: readonly Role[] = ['supervisor', 'admin']

export const TICKET_TRANSITIONS: readonly TransitionRule[] = [
  { from: 'YENI', to: 'BIRIME_HAVALE', action: 'route', roles: HIM, note: 'none', event: 'ROUTED' },
  {
    from: 'BIRIME_HAVALE',
    to: 'ISLEMDE',
    action: 'accept',
    roles: UNIT,
    note: 'none',
    event: 'STATUS_CHANGED',
  },
  {
    from: 'ISLEMDE',
    to: 'YANITLANDI',
    action: 'answer',
    roles: UNIT,
    note: 'answer',
    event: 'UNIT_ANSWERED',
  },
  // A unit may answer at once without first taking the ticket into work.
  {
    from: 'BIRIME_HAVALE',
    to: 'YANITLANDI',
    action: 'answer',
    roles: UNIT,
    note: 'answer',
    event: 'UNIT_ANSWERED',
  },
  {
    from: 'YANITLANDI',
    to: 'ISLEMDE',
    action: 'reject-answer',
    roles: LEAD,
    note: 'reason',
    event: 'STATUS_CHANGED',
  },
  {
    from: 'YANITLANDI',
    to: 'VATANDASA_BILDIRILDI',
    action: 'notify',
    roles: HIM,
    note: 'none',
    event: 'CITIZEN_NOTIFIED',
  },
  {
    from: 'VATANDASA_BILDIRILDI',
    to: 'KAPANDI',
    action: 'close',
    roles: HIM,
    note: 'none',
    event: 'STATUS_CHANGED',
  },
  // Duplicates, spam, a thank-you that needs no unit: closed by a lead with a reason.
  { from: 'YENI', to: 'KAPANDI', action: 'dismiss', roles: LEAD, note: 'reason', event: 'STATUS_CHANGED' },
  { from: 'KAPANDI', to: 'BIRIME_HAVALE', action: 'reopen', roles: HIM, note: 'reason', event: 'REOPENED' },
  { from: 'KAPANDI', to: 'ISLEMDE', action: 'reopen', roles: LEAD, note: 'reason', event: 'REOPENED' },
  {
    from: 'VATANDASA_BILDIRILDI',
    to: 'BIRIME_HAVALE',
    action: 'reopen',
    roles: HIM,
    note: 'reason',
    event: 'REOPENED',
  },
  {
    from: 'VATANDASA_BILDIRILDI',
    to: 'ISLEMDE',
    action: 'reopen',
    roles: LEAD,
    note: 'reason',
    event: 'REOPENED',
  },
  { from: 'BIRIME_HAVALE', to: 'YENI', action: 'return', roles: UNIT, note: 'reason', event: 'RETURNED' },
  { from: 'ISLEMDE', to: 'YENI', action: 'return', roles: UNIT, note: 'reason', event: 'RETURNED' },
]

/** Statuses in which the legal/internal clock is still running (the citizen has not been answered). */
export const CLOCK_RUNNING_STATUSES: readonly TicketStatusCode[] = [
  'YENI',
  'BIRIME_HAVALE',
  'ISLEMDE',
  'YANITLANDI',
]

export function isClockRunning(status: TicketStatusCode): boolean {
  return CLOCK_RUNNING_STATUSES.includes(status)
}

export function transitionRule(from: TicketStatusCode, to: TicketStatusCode): TransitionRule | undefined {
  return TICKET_TRANSITIONS.find((t) => t.from === from && t.to === to)
}

export function canTransition(from: TicketStatusCode, to: TicketStatusCode, role: Role): boolean {
  return transitionRule(from, to)?.roles.includes(role) ?? false
}

/** The moves a role can offer from a status (for the ticket's action buttons). */
export function allowedTransitions(from: TicketStatusCode, role: Role): TransitionRule[] {
  return TICKET_TRANSITIONS.filter((t) => t.from === from && t.roles.includes(role))
}

export type TransitionErrorCode =
  'NOT_A_TRANSITION' | 'ROLE_NOT_ALLOWED' | 'REASON_REQUIRED' | 'ANSWER_REQUIRED'

export type TransitionCheck =
  | { readonly ok: true; readonly rule: TransitionRule }
  | { readonly ok: false; readonly code: TransitionErrorCode }

/** Whether `role` may move a ticket `from` → `to` with this note; an error code otherwise (labels.ts has the text). */
export function checkTransition(input: {
  readonly from: TicketStatusCode
  readonly to: TicketStatusCode
  readonly role: Role
  readonly note?: string | null
}): TransitionCheck {
  const rule = transitionRule(input.from, input.to)
  if (!rule) return { ok: false, code: 'NOT_A_TRANSITION' }
  if (!rule.roles.includes(input.role)) return { ok: false, code: 'ROLE_NOT_ALLOWED' }
  const written = (input.note ?? '').trim().length > 0
  if (rule.note === 'reason' && !written) return { ok: false, code: 'REASON_REQUIRED' }
  if (rule.note === 'answer' && !written) return { ok: false, code: 'ANSWER_REQUIRED' }
  return { ok: true, rule }
}

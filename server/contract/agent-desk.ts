/**
 * Çağrı Masası wire shapes (`/api/v1/desk…` and the `desk:*` socket events): shared by server and client
 * (types and constants only). The screen pop goes to the room `agent:<userId>` only (docs/design.md §2.4, §2.8).
 */
import type { Ack } from './events.ts'
import type { DeskListened } from './supervision.ts'
import type { ContactOutcomeCode, DeadlineBadge, OverdueBy, TicketStatusCode } from './tickets.ts'

/** ringing → görüşmede (talking) → wrap-up (call over, wrap-up not yet saved). */
export const POP_PHASES = ['ringing', 'talking', 'wrap-up'] as const
export type PopPhase = (typeof POP_PHASES)[number]

export const POP_PHASE_LABELS: Record<PopPhase, string> = {
  ringing: 'Çalıyor',
  talking: 'Görüşmede',
  'wrap-up': 'Çağrı sonrası işlem',
}

/** Why a pop was taken back: a ringing one that stopped ringing, or a wrap-up left too long. */
export type RetractReason = 'no-answer' | 'answered-elsewhere' | 'caller-left' | 'wrap-up-expired'

export const RETRACT_LABELS: Record<RetractReason, string> = {
  'no-answer': 'Çağrı cevaplanmadı, sıradaki temsilciye geçti.',
  'answered-elsewhere': 'Çağrıyı başka bir temsilci aldı.',
  'caller-left': 'Arayan hattan ayrıldı.',
  'wrap-up-expired': 'İşlem kodu girilmeyen bir çağrı ekrandan “İşlem kodu bekleyen” listesine taşındı.',
}

/**
 * A finished call waits on screen for its wrap-up; after WRAP_UP_LATE_SEC it counts as late (folded
 * away under the live call), after WRAP_UP_SCREEN_MIN it leaves the screen for the list of calls
 * waiting for a wrap-up code (`GET /api/v1/desk/uncoded-calls`), where it can still be coded.
 */
export const WRAP_UP_LATE_SEC = 120
export const WRAP_UP_SCREEN_MIN = 10

/** `GET /api/v1/desk/uncoded-calls` item: one of today's answered calls of this agent without a code. */
export interface UncodedCall {
  /** `<pbxId>/<callKey>`: `POST /api/v1/desk/pops/:popId/wrap-up` codes it. */
  popId: string
  callId: number
  /** `0532 111 22 33` or "Gizli numara". */
  callerDisplay: string
  queueLabel: string
  answeredAt: string | null
  endedAt: string
  talkSec: number | null
  /** Tickets opened from the call. */
  ticketNumbers: string[]
}

export interface PopTicket {
  id: number
  number: string
  subject: string
  status: TicketStatusCode
  dueAt: string
  deadline: DeadlineBadge
  /** Set when `deadline` is 'overdue' (as on TicketListItem). */
  overdueBy: OverdueBy | null
}

export interface PopCitizen {
  id: number
  fullName: string
  mahalle: string | null
  /** National format for people (`0532 111 22 33`). */
  phones: string[]
  openTickets: PopTicket[]
  lastContactAt: string | null
}

/** A recent contact with this number or citizen: an earlier call or a step in one of their tickets. */
export interface PopContact {
  kind: 'call' | 'ticket'
  at: string
  /** One line for people, e.g. "Çağrı · cevaplandı · 2 dk 10 sn" or "2026-000123 · Birim yanıtladı". */
  text: string
  ticketId: number | null
}

/**
 * - `pending`: the lookup is still running (only in the first push, which carries the number at once);
 * - `withheld`: no number to look up (gizli numara);
 * - `none`: "kayıtlı değil" → quick-create form;
 * - `single` / `several`: candidates holds one or more records (a shared home line: the agent picks).
 */
export type PopMatch = 'pending' | 'withheld' | 'none' | 'single' | 'several' | 'failed'

export interface ScreenPop {
  /** `<pbxId>/<callKey>`: stable for the whole call; wrap-up and ticket links use it. */
  popId: string
  pbxId: string
  callKey: string
  linkedId: string
  queue: string
  queueLabel: string
  /** E.164 when the number could be read, else what the PBX sent; null when withheld. */
  callerNumber: string | null
  /** For people: `0532 111 22 33`, or "Gizli numara". */
  callerDisplay: string
  callerName: string | null
  /** When the caller entered the queue (ISO); the UI ticks the wait on from here. */
  enteredAt: string
  /** Seconds the caller had waited when this agent's phone started ringing. */
  waitedSec: number
  ringingSince: string
  answeredAt: string | null
  endedAt: string | null
  phase: PopPhase
  match: PopMatch
  candidates: PopCitizen[]
  /** The citizen the agent chose or created for this call (also written on the Call row). */
  citizenId: number | null
  recentContacts: PopContact[]
  /** Set once the call recorder has stored the Call row. */
  callId: number | null
  wrapUp: { codeId: number; note: string | null } | null
  /** Tickets opened from this call (linked to the Call row as soon as it exists). */
  ticketIds: number[]
  /** When the AgentCalled event was received (ms epoch): latency is measured from here. */
  receivedAt: number
}

export interface PopRetracted {
  popId: string
  reason: RetractReason
}

export interface DeskMember {
  pbxId: string
  interface: string
  paused: boolean
  pausedReason: string | null
  pausedSince: string | null
  inCall: boolean
  ringing: boolean
}

export interface DeskTodayNumbers {
  /** When the server read them (ms epoch, the server's clock): calls ended since are not in them yet. */
  at: number
  answered: number
  missed: number
  talkSec: number
  pausedSec: number
}

export interface PauseReasonOption {
  code: string
  label: string
  productive: boolean
}

export interface WrapUpCodeOption {
  id: number
  code: string
  label: string
}

/** `GET /api/v1/desk/me`. */
export interface DeskState {
  user: { id: number; displayName: string; extension: string | null; memberInterfaces: string[] }
  /** null when the user has no queue member interface, or no PBX knows it right now. */
  member: DeskMember | null
  today: DeskTodayNumbers | null
  pauseReasons: PauseReasonOption[]
  wrapUpCodes: WrapUpCodeOption[]
  /** The calls on this agent's screen now (ringing, talking, waiting for wrap-up). */
  pops: ScreenPop[]
  /** Whether live telephony is connected at all. */
  telephony: boolean
}

export interface PauseBody {
  reason: string
}

export interface PauseResult {
  member: DeskMember | null
  /** The PBX's own answer (`Interface paused successfully`). */
  message: string
}

/** "Geri aranacak": when (within office hours) and for whom the call back is. */
export interface ScheduledCallbackBody {
  /** ISO 8601 instant. */
  at: string
  /** `me`: the agent's own worklist; `queue`: anyone answering the queue the call came in on. */
  assignTo: 'me' | 'queue'
  note?: string | null
}

export interface WrapUpBody {
  wrapUpCodeId: number
  note?: string | null
  /** Required with the "geri-aranacak" code, refused with any other. */
  callback?: ScheduledCallbackBody
}

export interface WrapUpResult {
  callId: number | null
  /** The SCHEDULED callback made or moved by this wrap-up. */
  callback: { id: number; dueAt: string } | null
}

/**
 * `GET /api/v1/desk/scheduled-callbacks` item: a call back promised at wrap-up ("geri aranacak") whose
 * time has not come yet. From that time on it is on the missed-call list instead (the desk's "Cevapsız
 * çağrılar"); until then this is the only place it shows.
 */
export interface PlannedCallback {
  id: number
  /** ISO instant, within office hours. */
  dueAt: string
  /** For people: `0532 111 22 33`. */
  phone: string
  citizenName: string | null
  /** What the caller is to be told, written at wrap-up. */
  note: string | null
  /** Who promised it; null when it was left to anyone answering the queue. */
  assignedTo: string | null
  /** The queue the call came in on, as people name it. */
  queueLabel: string | null
}

export interface SelectCitizenBody {
  citizenId: number
}

/** `POST /api/v1/desk/pops/:popId/tickets`: a ticket from the call, linked to it. */
export interface PopTicketBody {
  type: 'ISTEK' | 'ONERI' | 'SIKAYET' | 'BILGI_EDINME' | 'TESEKKUR'
  subject: string
  description: string
  category?: string | null
  unitId?: number | null
  priority?: 'DUSUK' | 'NORMAL' | 'YUKSEK' | 'ACIL'
  citizenId?: number | null
}

export interface PopTicketResult {
  ticket: { id: number; number: string }
  /** true: linked to the stored call now; false: it will be linked when the call is stored. */
  linked: boolean
  warnings: string[]
}

/** Click-to-call target: a ticket whose answer is relayed, or a missed caller to call back. */
export type OriginateTarget = { kind: 'ticket'; ticketId: number } | { kind: 'callback'; callbackId: number }

export interface OriginateBody {
  target: OriginateTarget
  /** One of the target's numbers (E.164 or any spelling); default the first. */
  phone?: string
}

export const ORIGINATE_STATES = ['calling', 'connected', 'failed'] as const
export type OriginateState = (typeof ORIGINATE_STATES)[number]

/**
 * What the agent sees of a click-to-call. Pano knows when the agent's own phone answered and the
 * citizen's number was dialled (OriginateResponse), not whether the citizen answered: the agent hears
 * that, and records the outcome. So no label claims more than that.
 */
export const ORIGINATE_STATE_LABELS: Record<OriginateState, string> = {
  calling: 'Telefonunuz çalıyor',
  connected: 'Numara çevrildi',
  failed: 'Arama kurulamadı',
}

export interface OriginateProgress {
  id: string
  target: OriginateTarget
  phoneDisplay: string
  state: OriginateState
  /** Why it failed, for people (e.g. "Dahili hattınız cevap vermedi."). */
  detail: string | null
  /** The OUTBOUND Call row, linked to the ticket (or passed with the callback attempt). */
  callId: number | null
  at: string
}

export const DESK_ROOM_PREFIX = 'agent:'
export function deskRoom(userId: number): string {
  return `${DESK_ROOM_PREFIX}${userId}`
}

/**
 * Where a person is told that the müdür listens to their call (`desk:listened`): the agent on the Çağrı
 * Masası and the operator on the santral console alike, whichever screen is open.
 */
export function listenedRoom(userId: number): string {
  return `listened:${userId}`
}

/** Roles whose calls the müdür may listen to, and who are told so. */
export const LISTENED_ROLES = ['agent', 'operator', 'supervisor'] as const

/** Events the server sends to `agent:<userId>` (names as in DESK_EVENTS). */
export interface DeskServerToClientEvents {
  'desk:pop': (pop: ScreenPop) => void
  'desk:pop-retract': (retracted: PopRetracted) => void
  'desk:member': (member: DeskMember | null) => void
  'desk:originate': (progress: OriginateProgress) => void
  /** A müdür listens, whispers or barges (only when the directorate announces it; contract/supervision.ts). */
  'desk:listened': (listened: DeskListened) => void
}

export interface DeskClientToServerEvents {
  /** The pops on screen now and the member state (a reconnecting client catches up with this). */
  'desk:sync': (ack: (answer: Ack<{ pops: ScreenPop[]; member: DeskMember | null }>) => void) => void
}

export const DESK_EVENTS = {
  pop: 'desk:pop',
  retract: 'desk:pop-retract',
  member: 'desk:member',
  originate: 'desk:originate',
  listened: 'desk:listened',
  sync: 'desk:sync',
} as const

export type { ContactOutcomeCode }

/**
 * Ticket wire shapes (`/api/v1/tickets`, `/units`, `/worklists`): shared by server and client (types and
 * constants only). The string values equal the Prisma enums, so the server passes them through unchanged.
 */
import type { MessageChannelCode, TicketMessageView } from './messaging.ts'
import type { RecordingState } from './recordings.ts'

export const CHANNELS = [
  'CAGRI_MERKEZI',
  'SANTRAL',
  'WHATSAPP',
  'WEB',
  'EPOSTA',
  'MASA',
  'CIMER',
  'BILGI_EDINME',
  'ACIK_KAPI',
] as const
export type ChannelCode = (typeof CHANNELS)[number]

export const TICKET_TYPES = ['ISTEK', 'ONERI', 'SIKAYET', 'BILGI_EDINME', 'TESEKKUR'] as const
export type TicketTypeCode = (typeof TICKET_TYPES)[number]

export const TICKET_STATUSES = [
  'YENI',
  'BIRIME_HAVALE',
  'ISLEMDE',
  'YANITLANDI',
  'VATANDASA_BILDIRILDI',
  'KAPANDI',
] as const
export type TicketStatusCode = (typeof TICKET_STATUSES)[number]

export const PRIORITIES = ['DUSUK', 'NORMAL', 'YUKSEK', 'ACIL'] as const
export type PriorityCode = (typeof PRIORITIES)[number]

export const LEGAL_TRACKS = [
  'BILGI_EDINME_4982',
  'DILEKCE_3071',
  'CIMER',
  'KVKK',
  'ACIK_KAPI',
  'INTERNAL',
] as const
export type LegalTrackCode = (typeof LEGAL_TRACKS)[number]

export const TICKET_EVENT_KINDS = [
  'CREATED',
  'ROUTED',
  'STATUS_CHANGED',
  'UNIT_ANSWERED',
  'RETURNED',
  'CITIZEN_NOTIFIED',
  'COMMENT',
  'CALL_LINKED',
  'EXTENDED',
  'REOPENED',
  'MESSAGE_QUEUED',
  'STAFF_NOTIFIED',
] as const
export type TicketEventKindCode = (typeof TICKET_EVENT_KINDS)[number]

export const CONTACT_OUTCOMES = ['ULASILDI', 'ULASILAMADI', 'MESAJ_BIRAKILDI'] as const
export type ContactOutcomeCode = (typeof CONTACT_OUTCOMES)[number]

/** Deadline badge: shown in colour AND text. */
export const DEADLINE_STATES = ['ok', 'due-soon', 'due-today', 'overdue', 'closed'] as const
export type DeadlineBadge = (typeof DEADLINE_STATES)[number]

/**
 * How long ago a passed deadline passed (`overdueBy` in server/domain/legal-clock.ts): under a day in hours
 * (minutes under an hour), then in iş günü as the badge counts them, in gün when no iş günü has passed since.
 */
export const OVERDUE_UNITS = ['minute', 'hour', 'working-day', 'day'] as const
export type OverdueUnit = (typeof OVERDUE_UNITS)[number]
export interface OverdueBy {
  amount: number
  unit: OverdueUnit
}
/** "2 iş günü önce": Turkish counts take no plural. */
export const OVERDUE_UNIT_LABELS: Record<OverdueUnit, string> = {
  minute: 'dakika',
  hour: 'saat',
  'working-day': 'iş günü',
  day: 'gün',
}

export const CHANNEL_LABELS: Record<ChannelCode, string> = {
  CAGRI_MERKEZI: 'Çağrı Merkezi (444 1 575)',
  SANTRAL: 'Santral',
  WHATSAPP: 'WhatsApp Hattı',
  WEB: 'Web Formu',
  EPOSTA: 'E-posta',
  MASA: 'Hızlı Çözüm Masası',
  CIMER: 'CİMER',
  BILGI_EDINME: 'Bilgi Edinme (4982)',
  ACIK_KAPI: 'Açık Kapı',
}

export const TICKET_TYPE_LABELS: Record<TicketTypeCode, string> = {
  ISTEK: 'İstek',
  ONERI: 'Öneri',
  SIKAYET: 'Şikâyet',
  BILGI_EDINME: 'Bilgi Edinme',
  TESEKKUR: 'Teşekkür',
}

export const TICKET_STATUS_LABELS: Record<TicketStatusCode, string> = {
  YENI: 'Yeni',
  BIRIME_HAVALE: 'Birime havale edildi',
  ISLEMDE: 'İşlemde',
  YANITLANDI: 'Yanıtlandı',
  VATANDASA_BILDIRILDI: 'Vatandaşa bildirildi',
  KAPANDI: 'Kapandı',
}

export const PRIORITY_LABELS: Record<PriorityCode, string> = {
  DUSUK: 'Düşük',
  NORMAL: 'Normal',
  YUKSEK: 'Yüksek',
  ACIL: 'Acil',
}

export const LEGAL_TRACK_LABELS: Record<LegalTrackCode, string> = {
  BILGI_EDINME_4982: 'Bilgi Edinme (4982): 15 iş günü',
  DILEKCE_3071: 'Dilekçe (3071): 30 gün',
  CIMER: 'CİMER: 30 gün',
  KVKK: 'KVKK başvurusu: 30 gün',
  ACIK_KAPI: 'Açık Kapı: 7 gün',
  INTERNAL: 'İç hizmet süresi',
}

export const TICKET_EVENT_LABELS: Record<TicketEventKindCode, string> = {
  CREATED: 'Talep oluşturuldu',
  ROUTED: 'Birime havale edildi',
  STATUS_CHANGED: 'Durum değişti',
  UNIT_ANSWERED: 'Birim yanıtladı',
  RETURNED: 'Birim iade etti',
  CITIZEN_NOTIFIED: 'Vatandaşa bildirim',
  COMMENT: 'Not',
  CALL_LINKED: 'Çağrı bağlandı',
  EXTENDED: 'Süre uzatıldı (4982)',
  REOPENED: 'Yeniden açıldı',
  MESSAGE_QUEUED: 'Yazılı bildirim',
  STAFF_NOTIFIED: 'Hatırlatma gönderildi',
}

export const CONTACT_OUTCOME_LABELS: Record<ContactOutcomeCode, string> = {
  ULASILDI: 'Ulaşıldı',
  ULASILAMADI: 'Ulaşılamadı',
  MESAJ_BIRAKILDI: 'Mesaj bırakıldı',
}

export const DEADLINE_LABELS: Record<DeadlineBadge, string> = {
  ok: 'Süresinde',
  'due-soon': 'Süresi yaklaşıyor',
  'due-today': 'Bugün doluyor',
  overdue: 'Süresi geçti',
  closed: 'Kapandı',
}

/** Which channels need which extra fields on the new-ticket form (the server enforces the same rules). */
export const CHANNEL_RULES: Record<ChannelCode, { needsDesk: boolean; needsExternalRef: boolean }> = {
  CAGRI_MERKEZI: { needsDesk: false, needsExternalRef: false },
  SANTRAL: { needsDesk: false, needsExternalRef: false },
  WHATSAPP: { needsDesk: false, needsExternalRef: false },
  WEB: { needsDesk: false, needsExternalRef: false },
  EPOSTA: { needsDesk: false, needsExternalRef: false },
  MASA: { needsDesk: true, needsExternalRef: false },
  CIMER: { needsDesk: false, needsExternalRef: true },
  BILGI_EDINME: { needsDesk: false, needsExternalRef: false },
  ACIK_KAPI: { needsDesk: false, needsExternalRef: false },
}

/**
 * The citizen as a ticket shows it. Unit staff get `fullName: null` and a masked phone only
 * (docs/design.md §2.8); `id` is null for them too, so they cannot walk to the citizen record.
 */
export interface TicketCitizenView {
  id: number | null
  fullName: string | null
  /** Full national format (`0532 123 45 67`) or masked (`0532 *** ** 67`) depending on the role. */
  phone: string | null
  phoneMasked: boolean
  mahalle: string | null
}

export interface UnitRef {
  id: number
  name: string
}

export interface TicketListItem {
  id: number
  number: string
  type: TicketTypeCode
  channel: ChannelCode
  legalTrack: LegalTrackCode
  category: string | null
  subject: string
  status: TicketStatusCode
  priority: PriorityCode
  unit: UnitRef | null
  /** The deadline in force: the 4982 extended date once extended, else the original. ISO string. */
  dueAt: string
  deadline: DeadlineBadge
  /** Set when `deadline` is 'overdue': how long ago the deadline passed. */
  overdueBy: OverdueBy | null
  /**
   * Unit staff only: the unit has answered (YANITLANDI) and telling the citizen is the directorate's step,
   * so the badge says where the ticket waits instead of sounding the alarm at the unit. False for others.
   */
  withDirectorate: boolean
  createdAt: string
  citizen: TicketCitizenView | null
}

export interface TicketEventView {
  id: number
  kind: TicketEventKindCode
  fromStatus: TicketStatusCode | null
  toStatus: TicketStatusCode | null
  note: string | null
  /** Kind-specific facts, e.g. `{ outcome: 'ULASILDI' }`, `{ unitId, unitName }`, `{ callId }`. */
  data: Record<string, unknown> | null
  actor: { id: number; displayName: string } | null
  at: string
}

export interface LinkedCallView {
  callId: number
  direction: 'INBOUND' | 'OUTBOUND' | 'INTERNAL'
  queue: string | null
  /** The queue as people name it (Queue.label); null when the call was not in a queue. */
  queueLabel: string | null
  /** Masked for unit staff. */
  callerNumber: string | null
  agentName: string | null
  enteredAt: string
  answeredAt: string | null
  waitSec: number
  talkSec: number | null
  outcome: string
  linkedAt: string
  /** The call's recording for roles that may listen (server/contract/recordings.ts); null otherwise. */
  recording: RecordingState
}

export interface TicketDetail extends TicketListItem {
  description: string
  externalRef: string | null
  desk: { id: number; name: string } | null
  unitAnswer: string | null
  originalDueAt: string
  extendedDueAt: string | null
  extensionNoticeDueAt: string | null
  closedAt: string | null
  updatedAt: string
  createdBy: { id: number; displayName: string } | null
  history: TicketEventView[]
  calls: LinkedCallView[]
  /** Written messages of this ticket with their status history (docs/messaging.md §5). */
  messages: TicketMessageView[]
  /** Channels "Vatandaşa bildir" can write on now (consent, a channel that sends, a valid recipient). */
  writableChannels: MessageChannelCode[]
  /** What the caller may do next (the server checks again on every request). */
  allowed: TicketActions
}

/** A status move the user may offer from the ticket screen (close, reopen, accept, …). */
export interface TransitionOption {
  to: TicketStatusCode
  /** Button text. */
  label: string
  /** Whether a reason must be written (it goes into the history). */
  needsReason: boolean
}

export interface TicketActions {
  transitions: TransitionOption[]
  route: boolean
  answer: boolean
  return: boolean
  notify: boolean
  extend: boolean
  comment: boolean
  linkCall: boolean
}

/** `POST /tickets/:id/return`: the unit no longer sees the ticket, so only its number comes back. */
export interface TicketReturnedResponse {
  id: number
  number: string
  status: 'YENI'
}

export interface TicketPage {
  items: TicketListItem[]
  total: number
  page: number
  pageSize: number
}

export interface CreateTicketBody {
  type: TicketTypeCode
  channel: ChannelCode
  subject: string
  description: string
  category?: string | null
  unitId?: number | null
  deskId?: number | null
  priority?: PriorityCode
  citizenId?: number | null
  /** CİMER application number (required for CİMER) or Bilgi Edinme reference. */
  externalRef?: string | null
  /** The call this ticket comes from (screen pop): linked in the same transaction. */
  callId?: number | null
  /** A KVKK data-subject request (art. 11/13) runs on the 30-day KVKK clock (if made in writing). */
  kvkkRequest?: boolean
  /** A signed 3071 petition (e.g. Resmi Dilekçe Masası) runs on the 30-day petition clock. */
  formalPetition?: boolean
}

/** Why the legal clock chosen may not be the one the user expected (shown on the form). */
export const LEGAL_WARNING_LABELS: Record<string, string> = {
  BILGI_EDINME_REQUIRES_WRITTEN_APPLICATION:
    'Telefonla bilgi edinme başvurusu alınamaz (4982): vatandaşı yazılı veya elektronik başvuruya yönlendirin. Talep iç hizmet süresiyle açılır.',
  BILGI_EDINME_CHECK_APPLICANT_DETAILS: 'Başvuruda ad, soyad, imza ve adres bulunduğunu kontrol edin (4982).',
  KVKK_REQUIRES_WRITTEN_APPLICATION:
    'KVKK başvurusu yazılı yapılmalıdır (md. 13): vatandaşı yazılı başvuruya yönlendirin. Talep iç hizmet süresiyle açılır.',
  PETITION_REQUIRES_WRITTEN_APPLICATION:
    'Dilekçe (3071) imzalı ve yazılı olmalıdır: talep iç hizmet süresiyle açılır.',
  HOLIDAYS_NOT_CONFIGURED:
    'Bu yılın resmî tatilleri tanımlı değil: süre tatiller hesaba katılmadan hesaplandı.',
}

export interface DueDatePreview {
  legalTrack: LegalTrackCode
  dueAt: string
  extensionNoticeDueAt: string | null
  /** Human text, e.g. "15 iş günü". */
  rule: string
  /** Codes of LEGAL_WARNING_LABELS. */
  warnings: string[]
}

export interface UnitView {
  id: number
  code: string
  name: string
  /** What callers call its work (unit-words.ts): the ticket forms propose the unit by them. */
  searchWords: string[]
  openTickets: number
  overdueTickets: number
}

export interface DeskView {
  id: number
  code: string
  name: string
}

export interface UnitsResponse {
  units: UnitView[]
  desks: DeskView[]
}

/** "Vatandaşa bildir": a ticket a unit answered whose answer is not yet relayed to the citizen. */
export interface NotifyWorkItem {
  ticket: TicketListItem
  unitAnswer: string | null
  answeredAt: string | null
  attempts: { outcome: ContactOutcomeCode; note: string | null; at: string; by: string | null }[]
}

export interface MissedCallAttemptView {
  id: number
  outcome: ContactOutcomeCode
  note: string | null
  at: string
  by: string | null
}

/**
 * What a call-back list says of a number one of whose calls ended while Pano did not see the PBX
 * (reason OUTCOME_UNKNOWN): the agent asks, since nobody knows whether the citizen was served.
 */
export const OUTCOME_UNKNOWN_HINT =
  'Bir çağrısı santral bağlantısı kesikken bitti: cevaplanıp cevaplanmadığı bilinmiyor, vatandaşa sorun.'

export const outcomeUnknownIn = (item: Pick<MissedCallWorkItem, 'reasons'>): boolean =>
  item.reasons.includes('OUTCOME_UNKNOWN')

/** One caller to call back: every OPEN callback of one normalised number folded into one row. */
export interface MissedCallWorkItem {
  /** The oldest OPEN callback of this number: attempts are recorded against it. */
  id: number
  callbackIds: number[]
  phone: string
  phoneE164: string
  reasons: string[]
  callCount: number
  firstCallAt: string
  lastCallAt: string
  dueAt: string
  /** Call backs promised at wrap-up for a chosen time (only those due now are listed). */
  scheduled: { dueAt: string; assignedTo: string | null; queue: string | null; note: string | null }[]
  citizens: { id: number; fullName: string }[]
  openTickets: { id: number; number: string; subject: string; status: TicketStatusCode; dueAt: string }[]
  attempts: MissedCallAttemptView[]
}

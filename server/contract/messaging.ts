/**
 * Written messages to citizens and staff (docs/messaging.md): wire shapes shared by server and client. A
 * message is queued in the ticket's own transaction and moves queued → sent → delivered/read, or failed.
 */
export const MESSAGE_CHANNELS = ['EMAIL', 'SMS', 'WHATSAPP'] as const
export type MessageChannelCode = (typeof MESSAGE_CHANNELS)[number]

export const MESSAGE_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'READ', 'FAILED'] as const
export type MessageStatusCode = (typeof MESSAGE_STATUSES)[number]

export const TEMPLATE_KEYS = [
  'TICKET_RECEIVED',
  'EXTENSION_NOTICE',
  'ANSWER_RELAYED',
  'TICKET_CLOSED',
] as const
export type TemplateKey = (typeof TEMPLATE_KEYS)[number]

export const MESSAGE_CHANNEL_LABELS: Record<MessageChannelCode, string> = {
  EMAIL: 'E-posta',
  SMS: 'SMS',
  WHATSAPP: 'WhatsApp',
}

export const MESSAGE_STATUS_LABELS: Record<MessageStatusCode, string> = {
  QUEUED: 'Sırada',
  SENT: 'Gönderildi',
  DELIVERED: 'İletildi',
  READ: 'Okundu',
  FAILED: 'Gönderilemedi',
}

/**
 * The services that carry messages, as people name them (server/services/messaging/channels/ names them
 * by id: `demo`, `smtp`, `netgsm`, `whatsapp-cloud`). An id not listed here is shown as it is.
 */
export const PROVIDER_LABELS: Readonly<Record<string, string>> = {
  demo: 'Tanıtım kipi',
  smtp: 'E-posta sunucusu',
  netgsm: 'NetGSM (SMS)',
  'whatsapp-cloud': 'WhatsApp (Meta)',
}

export function providerLabel(provider: string): string {
  return PROVIDER_LABELS[provider] ?? provider
}

export const TEMPLATE_LABELS: Record<TemplateKey, string> = {
  TICKET_RECEIVED: 'Başvurunuz alındı',
  EXTENSION_NOTICE: 'Süre uzatma bildirimi (4982)',
  ANSWER_RELAYED: 'Birimin yanıtı',
  TICKET_CLOSED: 'Başvurunuz kapandı',
}

/**
 * Messages to staff (docs/messaging.md §8): e-mail only, edited in the same Yönetim › Mesaj şablonları
 * screen as the citizens' under "Personele giden", and listed with the citizens' messages.
 */
export const STAFF_TEMPLATE_KEYS = [
  'UNIT_DUE_REMINDER',
  'UNIT_OVERDUE_ESCALATION',
  'UNIT_DIGEST',
  'QUEUE_ALERT',
] as const
export type StaffTemplateKey = (typeof STAFF_TEMPLATE_KEYS)[number]

export const ALL_TEMPLATE_KEYS = [...TEMPLATE_KEYS, ...STAFF_TEMPLATE_KEYS] as const
export type AnyTemplateKey = TemplateKey | StaffTemplateKey

export type TemplateAudience = 'CITIZEN' | 'STAFF'
export const TEMPLATE_AUDIENCE_LABELS: Record<TemplateAudience, string> = {
  CITIZEN: 'Vatandaşa giden',
  STAFF: 'Personele giden',
}

export function isStaffTemplateKey(key: string): key is StaffTemplateKey {
  return (STAFF_TEMPLATE_KEYS as readonly string[]).includes(key)
}

export function templateAudience(key: AnyTemplateKey): TemplateAudience {
  return isStaffTemplateKey(key) ? 'STAFF' : 'CITIZEN'
}

export const STAFF_TEMPLATE_LABELS: Record<StaffTemplateKey, string> = {
  UNIT_DUE_REMINDER: 'Birime süre hatırlatması',
  UNIT_OVERDUE_ESCALATION: 'Müdüre gecikme bildirimi',
  UNIT_DIGEST: 'Birimin günlük özeti',
  QUEUE_ALERT: 'Müdüre kuyruk uyarısı',
}

/** The Turkish name of any template key; an unknown key (an old message) shows as it is. */
export function templateLabel(key: string): string {
  if (isStaffTemplateKey(key)) return STAFF_TEMPLATE_LABELS[key]
  return (TEMPLATE_KEYS as readonly string[]).includes(key) ? TEMPLATE_LABELS[key as TemplateKey] : key
}

/** One line each: who gets the message and when (Yönetim › Mesaj şablonları). */
export const TEMPLATE_WHEN: Record<AnyTemplateKey, string> = {
  TICKET_RECEIVED: 'Vatandaşa, yazılı bildirime onay verdiyse, talebi açılır açılmaz gider.',
  EXTENSION_NOTICE: 'Vatandaşa, 4982 bilgi edinme başvurusunun süresi uzatıldığında gider.',
  ANSWER_RELAYED: 'Vatandaşa, “Vatandaşa bildir” ile birimin yanıtı yazılı iletildiğinde gider.',
  TICKET_CLOSED: 'Vatandaşa, talebi kapatıldığında gider.',
  UNIT_DUE_REMINDER:
    'Birim personeline, birimdeki bir talebin son yanıt tarihine ayarlanan iş günü kaldığında gider.',
  UNIT_OVERDUE_ESCALATION: 'Müdüre, açık bir talebin son yanıt tarihi geçtiğinde gider.',
  UNIT_DIGEST: 'Günlük özeti seçen birim personeline, her iş günü ayarlanan saatte gider.',
  QUEUE_ALERT: 'Müdüre, bir kuyruğun ölçüsü uyarı kuralına göre kırmızıya döndüğünde gider.',
}

/** The variables a template of each key may use, as `{{name}}`; anything else is refused (400). */
export const TEMPLATE_VARIABLES: Record<AnyTemplateKey, readonly string[]> = {
  TICKET_RECEIVED: ['ticketNumber', 'citizenName', 'subject', 'unit', 'dueDate', 'phone'],
  EXTENSION_NOTICE: ['ticketNumber', 'citizenName', 'subject', 'reason', 'dueDate', 'extendedDueDate'],
  ANSWER_RELAYED: ['ticketNumber', 'citizenName', 'subject', 'unit', 'answer'],
  TICKET_CLOSED: ['ticketNumber', 'citizenName', 'subject', 'unit'],
  UNIT_DUE_REMINDER: [
    'ticketNumber',
    'subject',
    'unit',
    'dueDate',
    'daysLeft',
    'timeLeft',
    'legalTrack',
    'ticketLink',
  ],
  UNIT_OVERDUE_ESCALATION: ['ticketNumber', 'subject', 'unit', 'dueDate', 'legalTrack', 'ticketLink'],
  UNIT_DIGEST: ['unit', 'date', 'newCount', 'dueSoonCount', 'overdueCount', 'ticketList', 'ticketsLink'],
  QUEUE_ALERT: ['queue', 'metric', 'alertSummary', 'value', 'threshold', 'raisedAt', 'boardLink'],
}

export const TEMPLATE_VARIABLE_LABELS: Record<string, string> = {
  ticketNumber: 'Talep numarası',
  citizenName: 'Vatandaşın adı',
  subject: 'Talebin konusu',
  unit: 'Birim',
  dueDate: 'Son yanıt tarihi',
  extendedDueDate: 'Uzatılmış son tarih',
  reason: 'Uzatma gerekçesi',
  answer: 'Birimin yanıtı',
  phone: 'Çağrı merkezi numarası',
  daysLeft: 'Kalan iş günü (sayı)',
  timeLeft: 'Kalan süre (“3 iş günü kaldı”, “son iş günü”)',
  legalTrack: 'Yasal süre',
  ticketLink: 'Talebin Pano bağlantısı',
  date: 'Özetin tarihi',
  newCount: 'Yeni talep sayısı',
  dueSoonCount: 'Süresi yaklaşan talep sayısı',
  overdueCount: 'Süresi geçmiş talep sayısı',
  ticketList: 'Talep listesi (yeni, yaklaşan, geçmiş)',
  ticketsLink: 'Birimin talepleri bağlantısı',
  queue: 'Kuyruk',
  metric: 'Ölçü',
  alertSummary: 'Uyarının özeti',
  value: 'Ölçülen değer',
  threshold: 'Kırmızı eşik',
  raisedAt: 'Uyarının zamanı',
  boardLink: 'Canlı pano bağlantısı',
}

export interface MessageStatusEventView {
  status: MessageStatusCode
  detail: string | null
  at: string
}

/** A message as the ticket's history shows it; `recipient` is masked for unit staff. */
export interface TicketMessageView {
  id: number
  channel: MessageChannelCode
  recipient: string
  templateKey: string
  subject: string | null
  body: string
  status: MessageStatusCode
  provider: string | null
  providerId: string | null
  attempts: number
  /** The provider's own words for the last failure. */
  lastError: string | null
  createdAt: string
  history: MessageStatusEventView[]
}

/** Yönetim › Gönderilen mesajlar: one row per message. */
export interface SentMessageView extends TicketMessageView {
  ticket: { id: number; number: string } | null
}

export interface SentMessagesResponse {
  items: SentMessageView[]
}

export interface ChannelStatusView {
  channel: MessageChannelCode
  /** `configured`: a real provider; `demo`: the built-in sink stores what would go; `off`: not set up. */
  state: 'configured' | 'demo' | 'off'
  provider: string | null
  /** What to set to switch it on (Turkish sentence) when off or demo. */
  hint: string | null
}

export interface ChannelsResponse {
  channels: ChannelStatusView[]
}

export interface TemplateView {
  key: AnyTemplateKey
  /** STAFF: e-mail to unit staff or the müdür (e-mail channel only). */
  audience: TemplateAudience
  channel: MessageChannelCode
  subject: string | null
  body: string
  externalName: string | null
  variables: readonly string[]
  /** False: the built-in Turkish default (no admin edit yet). */
  edited: boolean
}

export interface TemplatesResponse {
  templates: TemplateView[]
}

export interface TemplatePreviewBody {
  key: AnyTemplateKey
  channel: MessageChannelCode
  subject?: string | null
  body: string
}

export interface TemplatePreview {
  subject: string | null
  body: string
}

/** `POST /tickets/:id/notify-written`: "Vatandaşa bildir" in writing. */
export interface NotifyWrittenBody {
  channel?: MessageChannelCode
  close?: boolean
}

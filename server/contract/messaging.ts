/**
 * Written messages to citizens (docs/messaging.md): wire shapes shared by server and client. A message is
 * queued in the ticket's own transaction and moves queued → sent → delivered/read, or failed.
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

export const TEMPLATE_LABELS: Record<TemplateKey, string> = {
  TICKET_RECEIVED: 'Başvurunuz alındı',
  EXTENSION_NOTICE: 'Süre uzatma bildirimi (4982)',
  ANSWER_RELAYED: 'Birimin yanıtı',
  TICKET_CLOSED: 'Başvurunuz kapandı',
}

/** Messages to staff (docs/messaging.md §8): fixed texts, listed with the citizens' messages. */
export const STAFF_TEMPLATE_LABELS: Record<string, string> = {
  UNIT_DUE_REMINDER: 'Birime süre hatırlatması',
  UNIT_OVERDUE_ESCALATION: 'Müdüre gecikme bildirimi',
  UNIT_DIGEST: 'Birimin günlük özeti',
  QUEUE_ALERT: 'Müdüre kuyruk uyarısı',
}

/** The variables a template of each key may use, as `{{name}}`; anything else is refused (400). */
export const TEMPLATE_VARIABLES: Record<TemplateKey, readonly string[]> = {
  TICKET_RECEIVED: ['ticketNumber', 'citizenName', 'subject', 'unit', 'dueDate', 'phone'],
  EXTENSION_NOTICE: ['ticketNumber', 'citizenName', 'subject', 'reason', 'dueDate', 'extendedDueDate'],
  ANSWER_RELAYED: ['ticketNumber', 'citizenName', 'subject', 'unit', 'answer'],
  TICKET_CLOSED: ['ticketNumber', 'citizenName', 'subject', 'unit'],
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
  key: TemplateKey
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
  key: TemplateKey
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

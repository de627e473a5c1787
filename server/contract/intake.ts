/**
 * Written intake wire shapes: the public form (`/api/v1/public/…`, no sign-in) and the agents' inbox
 * (`/api/v1/intake/…`). Shared by server and client (types and constants only). docs/intake.md.
 */
import type { PriorityCode, TicketStatusCode, TicketTypeCode, LegalTrackCode } from './tickets.ts'

/** Limits of the form and of mail attachments (the server enforces them; the form says them). */
export const ATTACHMENT_LIMITS = {
  maxFiles: 3,
  maxBytes: 5 * 1024 * 1024,
  /** Detected from the file's first bytes, not from its name. */
  types: ['image/jpeg', 'image/png', 'application/pdf'],
  label: 'JPEG, PNG veya PDF; en çok 3 dosya, her biri en çok 5 MB',
} as const

export const PUBLIC_TEXT_LIMITS = {
  subject: 200,
  text: 5000,
  fullName: 120,
  address: 500,
  email: 254,
} as const

/** The types a citizen may choose, in the form's order (the TicketType enum). */
export const PUBLIC_APPLICATION_TYPES: readonly TicketTypeCode[] = [
  'ISTEK',
  'ONERI',
  'SIKAYET',
  'BILGI_EDINME',
  'TESEKKUR',
]

/** `GET /api/v1/public/challenge`: solve, then send `challenge` and `counter` with the form. */
export interface PowChallenge {
  challenge: string
  /** Leading zero bits SHA-256(`<challenge>:<counter>`) must have. */
  bits: number
  expiresAt: string
}

/** `POST /api/v1/public/applications` → 201. The lookup code is shown once and never stored in clear. */
export interface PublicApplicationReceipt {
  ticketNumber: string
  lookupCode: string
  receivedAt: string
  dueAt: string
  legalTrack: LegalTrackCode
}

/** `POST /api/v1/public/status`: what a citizen may see of their application, and nothing personal. */
export interface PublicStatusView {
  ticketNumber: string
  type: TicketTypeCode
  status: TicketStatusCode
  /** The unit it was routed to, or null while the directorate has it. */
  unit: string | null
  receivedAt: string
  dueAt: string
  /** The unit's answer, once the directorate has relayed it to the citizen. */
  answer: string | null
}

/** The KVKK aydınlatma metni of the form (KVKK md. 10; docs/kvkk.md §4). The version is stored with consent. */
export const KVKK_NOTICE = {
  version: '2026-1',
  title: 'Kişisel Verilerin Korunması Aydınlatma Metni',
  paragraphs: [
    'Veri sorumlusu: Karşıyaka Belediyesi (Halkla İlişkiler Müdürlüğü), 6698 sayılı Kişisel Verilerin Korunması Kanunu (KVKK) kapsamında.',
    'İşlenen veriler: adınız ve soyadınız, iletişim bilgileriniz (telefon, e-posta), mahalleniz, bilgi edinme başvurusunda T.C. kimlik numaranız ve adresiniz, başvurunuzun metni ve eklediğiniz dosyalar.',
    'Amaç: başvurunuzu kaydetmek, ilgili birime iletmek, sonucunu size bildirmek ve yasal sürelerini izlemek. Hukuki sebep: KVKK md. 5/2 (a) kanunlarda açıkça öngörülmesi ve (ç) hukuki yükümlülük (5393 sayılı Belediye Kanunu, 3071 sayılı Dilekçe Hakkının Kullanılmasına Dair Kanun, 4982 sayılı Bilgi Edinme Hakkı Kanunu).',
    'Aktarım: verileriniz yalnızca başvurunuzu yanıtlayacak belediye birimlerine ve kanunen yetkili kamu kurumlarına aktarılır; birim personeli telefon numaranızı maskeli görür.',
    'Toplama yöntemi: bu elektronik form. Saklama: belediyenin saklama ve imha politikasında belirtilen süre boyunca.',
    'Haklarınız (KVKK md. 11): verilerinizin işlenip işlenmediğini öğrenme, bilgi isteme, düzeltilmesini veya silinmesini isteme, itiraz etme ve zararın giderilmesini talep etme. Başvurularınızı Karşıyaka Belediyesi’ne yazılı olarak iletebilirsiniz.',
  ],
  consentLabel:
    'Aydınlatma metnini okudum; başvurumun değerlendirilmesi için kişisel verilerimin işlenmesini kabul ediyorum.',
} as const

export const INTAKE_SOURCES = ['WEB', 'EPOSTA'] as const
export type IntakeSourceCode = (typeof INTAKE_SOURCES)[number]
export const INTAKE_STATUSES = ['BEKLIYOR', 'KABUL', 'SPAM', 'EKLENDI'] as const
export type IntakeStatusCode = (typeof INTAKE_STATUSES)[number]

export const INTAKE_SOURCE_LABELS: Record<IntakeSourceCode, string> = {
  WEB: 'Web formu',
  EPOSTA: 'E-posta',
}
export const INTAKE_STATUS_LABELS: Record<IntakeStatusCode, string> = {
  BEKLIYOR: 'Bekliyor',
  KABUL: 'Talebe dönüştü',
  SPAM: 'İstenmeyen',
  EKLENDI: 'Talebe eklendi',
}

export interface IntakeAttachmentView {
  id: number
  filename: string
  contentType: string
  size: number
}

/** Where a ticket's file came from: the web form or a mail (IntakeAttachment), or a WhatsApp message. */
export const TICKET_ATTACHMENT_SOURCES = ['intake', 'whatsapp'] as const
export type TicketAttachmentSource = (typeof TICKET_ATTACHMENT_SOURCES)[number]

/**
 * `GET /api/v1/intake/tickets/:id/attachments`: one of the ticket's Ekler. `id` is unique only within
 * its source; `url` is the sandboxed download of that source (`/api/v1/intake/attachments/:id` or
 * `/api/v1/whatsapp/media/:id`).
 */
export interface TicketAttachmentView extends IntakeAttachmentView {
  source: TicketAttachmentSource
  url: string
}

/** One row of Talepler › Gelen kutusu. */
export interface IntakeListItem {
  id: number
  source: IntakeSourceCode
  status: IntakeStatusCode
  receivedAt: string
  subject: string
  /** The first characters of the text, as plain text. */
  excerpt: string
  sender: { name: string | null; email: string | null; phone: string | null }
  requestedType: TicketTypeCode | null
  /** Who is handling it; null when nobody has claimed it. */
  claimedBy: { id: number; displayName: string } | null
  claimedAt: string | null
  /** The ticket it has (web: from the start; mail: once accepted). */
  ticket: { id: number; number: string; status: TicketStatusCode; dueAt: string } | null
  attachments: number
  problems: string[]
}

export interface CitizenMatch {
  id: number
  fullName: string
  /** How it matched: the sender's e-mail address or phone number. */
  by: 'email' | 'phone'
}

export interface IntakeDetail extends IntakeListItem {
  text: string
  mahalle: string | null
  /** 4982 applications: the identity the law asks for (T.C. kimlik no masked). */
  identity: { nationalIdMasked: string; address: string } | null
  attachmentList: IntakeAttachmentView[]
  matches: CitizenMatch[]
  decidedBy: { id: number; displayName: string } | null
  decidedAt: string | null
  decisionNote: string | null
}

export interface IntakePage {
  items: IntakeListItem[]
  /** Waiting items in the inbox (also the wallboard's count). */
  waiting: number
  oldestWaitingAt: string | null
}

/** `POST /api/v1/intake/items/:id/accept`. */
export interface IntakeAcceptBody {
  /** Mail only: a web application keeps the type the citizen chose. */
  type?: TicketTypeCode
  unitId?: number | null
  priority?: PriorityCode
  /** An existing citizen record, or `newCitizen` to make one from the sender, or neither. */
  citizenId?: number | null
  newCitizen?: { fullName: string } | null
  subject?: string
}

/** Yönetim › E-posta kutusu: whether the mailbox is read, and what the sweeps did. */
export interface MailboxStatusView {
  configured: boolean
  /** `imap://kullanici@sunucu:port` without the password, or null. */
  target: string | null
  folder: string
  state: 'off' | 'idle' | 'sweeping' | 'error'
  lastSweepAt: string | null
  lastError: string | null
  counts: {
    stored: number
    attachedToTickets: number
    parseErrors: number
    attachmentsRefused: number
    duplicates: number
    scriptsRemoved: number
  }
}

/** What the public form refused and accepted since this server started (Yönetim › Başvuru kanalları). */
export interface PublicFormStatusView {
  enabled: boolean
  powBits: number
  maxPerHour: number
  counts: {
    accepted: number
    rateLimited: number
    honeypot: number
    /** Refused fields other than files (consent, contact, 4982 identity, lengths). */
    invalidFields: number
    /** Refused files: too many, too large, not JPEG/PNG/PDF by their bytes. */
    badAttachments: number
    /** Missing, forged, expired, wrong or reused proof-of-work. */
    badChallenge: number
    lookups: number
    lookupsNotFound: number
    lookupsRateLimited: number
  }
}

/**
 * Yönetim › KVKK: the access log, a data subject's export, erasure on request and the retention periods
 * (`/api/v1/kvkk/…`, docs/api.md; the law: docs/kvkk.md; the periods: the KVKK ADR in docs/decisions/).
 * Types and constants only; shared by server and client.
 */
import type { RecordingState } from './recordings.ts'
import type { Role } from './auth.ts'

/** The directorate's data officer and IT. */
export const KVKK_ROLES = ['admin', 'kvkk'] as const satisfies readonly Role[]

// ── Retention ──────────────────────────────────────────────────────────────────────────────────────

export const RETENTION_KINDS = ['callNumbers', 'recordings', 'citizens', 'auditLog', 'tickets'] as const
export type RetentionKind = (typeof RETENTION_KINDS)[number]

/** Days each kind of record is kept. */
export type RetentionPeriods = Record<RetentionKind, number>

export const DEFAULT_RETENTION: RetentionPeriods = {
  callNumbers: 730,
  recordings: 365,
  citizens: 730,
  auditLog: 730,
  tickets: 3650,
}

/** The bounds a period may take; `min` of tickets is the 10-year limitation period (TBK md. 146). */
export const RETENTION_LIMITS: Record<RetentionKind, { min: number; max: number }> = {
  callNumbers: { min: 30, max: 3650 },
  recordings: { min: 30, max: 3650 },
  citizens: { min: 180, max: 3650 },
  auditLog: { min: 365, max: 3650 },
  tickets: { min: 3650, max: 10950 },
}

/**
 * Records of deletion, destruction and anonymisation are kept at least three years (the deletion
 * regulation, docs/kvkk.md §6), whatever the audit period says.
 */
export const DESTRUCTION_RECORD_MIN_DAYS = 1095

export const RETENTION_LABELS: Record<RetentionKind, { label: string; help: string }> = {
  callNumbers: {
    label: 'Çağrılardaki arayan numaraları',
    help: 'Süresi dolan çağrı ve aktarma kayıtlarında numara maskelenir, arayan adı silinir; kapanmış geri arama kayıtları silinir. Çağrı istatistikleri kalır.',
  },
  recordings: {
    label: 'Ses kayıtları',
    help: 'Çağrı bittikten bu kadar gün sonra kaydın dosyası Pano’nun kayıt klasöründen silinir ve silme kayda geçer; çağrıda “kayıt silindi” yazar. Klasöre bağlı olmayan dosyalar için santralin kendi temizliği bu süreye uyar.',
  },
  citizens: {
    label: 'Açık talebi olmayan vatandaş kayıtları',
    help: 'Son çağrı, talep ya da değişiklikten bu kadar gün sonra: hiç talebi yoksa kayıt silinir, talebi varsa kimlik bilgileri anonimleştirilir.',
  },
  auditLog: {
    label: 'Erişim ve işlem kayıtları (denetim)',
    help: 'Süresi dolan denetim satırları silinir; silme, yok etme ve anonimleştirme kayıtları en az 3 yıl kalır.',
  },
  tickets: {
    label: 'Kapanmış talepler',
    help: 'Genel zamanaşımı (TBK md. 146) 10 yıl: bu süre içindeki talepler silinmez, silme talebinde yalnızca kişisel alanları anonimleştirilir; süresi dolanların metni silinir.',
  },
}

/** What one retention run changed (counts only; no personal data). */
export interface RetentionCounts {
  callNumbersMasked: number
  transferNumbersMasked: number
  callbacksDeleted: number
  /** WhatsApp conversations whose last message is past the numbers' period (docs/intake.md §9). */
  whatsappConversationsDeleted: number
  citizensDeleted: number
  citizensAnonymised: number
  /** Closed tickets past the tickets period whose texts were erased (numbers, dates, statuses stay). */
  ticketsEmptied: number
  auditRowsDeleted: number
  /** Recording files deleted from the recordings folder (docs/recordings.md §6). */
  recordingsDeleted: number
  /** Recording files that could not be deleted (permissions); tried again on the next run. */
  recordingsNotDeleted: number
}

export interface RetentionRunView {
  /** ISO instant the run finished. */
  at: string
  trigger: 'schedule' | 'manual'
  counts: RetentionCounts
  /** Milliseconds the run took. */
  durationMs: number
}

/** `GET /api/v1/kvkk/retention`. */
export interface RetentionView {
  periods: RetentionPeriods
  defaults: RetentionPeriods
  lastRun: RetentionRunView | null
}

/** `PUT /api/v1/kvkk/retention` body: every period in days. */
export type RetentionUpdate = RetentionPeriods

/** `POST /api/v1/kvkk/retention/run` → 200 RetentionRunView, or 409 while another node runs it. */
export type RetentionRunResult = RetentionRunView

// ── Access log ─────────────────────────────────────────────────────────────────────────────────────

/** Turkish names of the audit actions on a citizen record (unknown actions are shown as they are). */
export const ACCESS_ACTION_LABELS: Readonly<Record<string, string>> = {
  'citizen.read': 'Kayıt açıldı',
  'citizen.list': 'Listede gösterildi',
  'citizen.screen-pop': 'Çağrıda ekrana geldi',
  'citizen.switchboard-call': 'Santral konsolunda gösterildi',
  'citizen.read-via-ticket': 'Talep üzerinden görüldü',
  'citizen.create': 'Kayıt oluşturuldu',
  'citizen.update': 'Kayıt değiştirildi',
  'citizen.merge': 'Kayıtlar birleştirildi',
  'citizen.desk-select': 'Çağrı masasında çağrıya bağlandı',
  'citizen.click-to-call': 'Tıkla-ara ile arandı',
  'call.recording-listen': 'Çağrı kaydı dinlendi',
  'callback.phone-reveal': 'Numara birime gösterildi',
  'kvkk.export': 'KVKK dökümü alındı',
  'kvkk.erase': 'KVKK silme / anonimleştirme',
  'kvkk.access-log': 'Erişim kaydında gösterildi',
  'whatsapp.list': 'WhatsApp listesinde gösterildi',
  'whatsapp.read': 'WhatsApp yazışması açıldı',
  'whatsapp.media': 'WhatsApp dosyası indirildi',
}

export interface AccessLogEntry {
  id: number
  /** ISO instant. */
  at: string
  /** Who read it; null for a command run on the server. */
  user: { id: number; username: string; displayName: string } | null
  /** The integration key that read it under `user`'s account; null when the person did. */
  apiToken: { id: number; label: string } | null
  /** The role at the time of the read (`cli` for a server command). */
  role: string | null
  action: string
  actionLabel: string
  citizenId: number
  /**
   * Whose record it is, for the officer to recognise: the name and the first number masked
   * (`0532 *** ** 67`, null when the record holds none); null once the record is erased (anonymised, or
   * deleted by the retention run), shown as "silinmiş kayıt". Naming a citizen here is itself a read of
   * their record, written to the log as `kvkk.access-log`.
   */
  citizen: AccessLogCitizen | null
  ip: string | null
}

export interface AccessLogCitizen {
  fullName: string
  phone: string | null
}

/** How the access log and its CSV name a record that no longer holds a person. */
export const ERASED_CITIZEN_LABEL = 'silinmiş kayıt'

/**
 * `GET /api/v1/kvkk/access-log?citizenId=&phone=&userId=&from=&to=&limit=` (newest first). `phone` is a
 * citizen's number in any spelling (`0505 123 45 67`, `+90 505…`, `5051234567`), matched whole as stored.
 */
export interface AccessLogResponse {
  items: AccessLogEntry[]
  /** Rows that match the filter (the list holds at most `limit`). */
  total: number
  limit: number
  /**
   * Asked by phone: whether any citizen record holds the number ("Bu numarayla kayıtlı vatandaş yok."
   * when not); null when no number was asked. Who holds it is only told by the rows listed.
   */
  phoneMatched: boolean | null
}

/** `GET /api/v1/kvkk/users`: the staff the access log can be filtered by. */
export interface KvkkUserOption {
  id: number
  username: string
  displayName: string
  role: Role
  active: boolean
}

/** The largest `limit` of the JSON list, and the most rows one CSV holds. */
export const ACCESS_LOG_MAX_LIMIT = 1000
export const ACCESS_LOG_CSV_MAX_ROWS = 50_000

// ── Data-subject export ───────────────────────────────────────────────────────────────────────────

export interface ExportTicketEvent {
  at: string
  kind: string
  kindLabel: string
  fromStatus: string | null
  toStatus: string | null
  note: string | null
}

export interface ExportTicket {
  number: string
  type: string
  channel: string
  legalTrack: string
  subject: string
  description: string
  status: string
  statusLabel: string
  unit: string | null
  unitAnswer: string | null
  externalRef: string | null
  createdAt: string
  dueAt: string
  closedAt: string | null
  history: ExportTicketEvent[]
}

export interface ExportCall {
  /** For the player on the data officer's screen (GET /api/v1/calls/:id/recording, each listen logged). */
  callId: number
  enteredAt: string
  direction: string
  queue: string | null
  /** As Pano holds it: the national format, or masked once its period has passed. */
  callerNumber: string | null
  outcome: string
  /** For a call answered while Pano could not see the PBX, only the part of the wait Pano saw. */
  waitSec: number
  talkSec: number | null
  /** Answered and ended while the PBX connection was lost (telephony/state/records.ts answeredUnseen). */
  answeredUnseen: boolean
  /**
   * Ended while the PBX connection was lost, answered or not, nobody can tell (outcome UNKNOWN,
   * telephony/state/resync.ts): its wait is only the part Pano saw, and it has no talk.
   */
  outcomeUnknown: boolean
  wrapUp: string | null
  wrapUpNote: string | null
  /** Whether the call was recorded, and whether retention deleted the file: part of what Pano holds. */
  recording: RecordingState
}

export interface ExportCallback {
  phone: string
  reason: string
  status: string
  createdAt: string
  closedAt: string | null
  attempts: number
}

export interface ExportRead {
  at: string
  action: string
  actionLabel: string
  /** The reader's role in Turkish (staff names stay with the officer: the KVKK ADR). */
  role: string
}

/** `GET /api/v1/kvkk/citizens/:id/export`: everything Pano holds on one person, as JSON. */
export interface ExportMessage {
  channel: 'WhatsApp'
  phone: string
  /** Vatandaştan / Vatandaşa. */
  direction: string
  at: string
  kind: string
  text: string
  /** The name of a file that came with it (the file itself is given on request). */
  file: string | null
}

export interface CitizenExport {
  generatedAt: string
  controller: string
  citizen: {
    id: number
    fullName: string
    phones: { number: string; label: string | null }[]
    email: string | null
    mahalle: string | null
    address: string | null
    kvkkNoticeAt: string | null
    createdAt: string
    updatedAt: string
    anonymizedAt: string | null
    /** Older records of the same person folded into this one. */
    mergedFromIds: number[]
  }
  tickets: ExportTicket[]
  calls: ExportCall[]
  callbacks: ExportCallback[]
  /** WhatsApp messages to and from the person's numbers (docs/intake.md §9), oldest first. */
  messages: ExportMessage[]
  reads: ExportRead[]
  /** What Pano does not hold, in Turkish, for the printed answer. */
  notHeld: string[]
}

/**
 * `GET /api/v1/kvkk/citizens/:id/dokum`: the export as the JSON file handed to the person
 * (`kvkk-dokum-vatandas-12-2026-12-07.json`), everything CitizenExport holds under Turkish keys, every
 * time on Istanbul clocks with its offset (`2026-12-07T04:12:38+03:00`). docs/kvkk.md §5 lists the keys.
 */
export interface CitizenDocument {
  oluşturulma: string
  veriSorumlusu: string
  vatandaş: {
    kayıtNo: number
    adSoyad: string
    telefonlar: { numara: string; etiket: string | null }[]
    ePosta: string | null
    mahalle: string | null
    adres: string | null
    aydınlatmaTarihi: string | null
    kayıtTarihi: string
    güncellemeTarihi: string
    anonimleştirmeTarihi: string | null
    birleştirilenKayıtlar: number[]
  }
  talepler: {
    numara: string
    tür: string
    kanal: string
    yasalSüreç: string
    konu: string
    açıklama: string
    durumKodu: string
    durum: string
    birim: string | null
    birimYanıtı: string | null
    başvuruNo: string | null
    açılış: string
    sonTarih: string
    kapanış: string | null
    geçmiş: {
      zaman: string
      olayKodu: string
      olay: string
      öncekiDurum: string | null
      yeniDurum: string | null
      not: string | null
    }[]
  }[]
  çağrılar: {
    çağrıNo: number
    zaman: string
    yön: string
    hat: string | null
    arayanNumara: string | null
    sonuç: string
    beklemeSaniye: number
    görüşmeSaniye: number | null
    /** Why a figure is missing or only a lower bound; null for a call Pano saw whole. */
    not: string | null
    konu: string | null
    konuNotu: string | null
    /** null: not recorded (or not for this role to hear). */
    sesKaydı: { durum: 'var' } | { durum: 'silindi'; silinme: string } | null
  }[]
  geriAramalar: {
    numara: string
    neden: string
    durum: string
    oluşturulma: string
    kapanış: string | null
    denemeSayısı: number
  }[]
  mesajlar: {
    kanal: 'WhatsApp'
    numara: string
    yön: string
    zaman: string
    tür: string
    metin: string
    dosya: string | null
  }[]
  erişimler: { zaman: string; işlemKodu: string; işlem: string; rol: string }[]
  tutulmayanlar: string[]
}

/** `GET /api/v1/kvkk/citizens?q=`: a person to export or erase (anonymised records included). */
export interface KvkkCitizenHit {
  id: number
  fullName: string
  phones: string[]
  anonymizedAt: string | null
  openTickets: number
}

// ── Erasure ───────────────────────────────────────────────────────────────────────────────────────

/** `POST /api/v1/kvkk/citizens/:id/erase` body. */
export interface EraseRequest {
  /** Why (the request's date and reference, the decision): written to the audit log. */
  reason: string
}

/** A record kept because the law still needs it, and why (Turkish). */
export interface KeptRecord {
  what: string
  reason: string
}

export interface EraseResult {
  citizenId: number
  erasedAt: string
  done: {
    citizensAnonymised: number
    phonesDeleted: number
    callsMasked: number
    transfersMasked: number
    callbacksDeleted: number
    whatsappConversationsDeleted: number
    ticketsAnonymised: number
    ticketsEmptied: number
    /** Files of the person's recorded calls deleted from the recordings folder (0 when Pano has none). */
    recordingsDeleted: number
    /** Files that could not be deleted (permissions): listed in `kept` with what to do. */
    recordingsNotDeleted: number
  }
  kept: KeptRecord[]
}

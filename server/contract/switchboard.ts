/**
 * The switchboard (santral) console's wire contract (docs/design.md §1, §2.4): live calls of the
 * switchboard queues and the operators' lines, the unit directory with lights, transfers and their
 * follow-up. Shared by server and client (types, constants and the one search fold both sides use).
 *
 * Socket: a signed-in operator or supervisor sits in room `switchboard`. `switchboard:sync` answers
 * with the whole state and its sequence number; `switchboard:update` then carries the parts that
 * changed (each part replaced whole) with the next numbers. A gap in `seq` or a new `stream` means:
 * sync again. `switchboard:alert` (an unanswered or failed transfer) and `switchboard:alert-cleared`
 * (`{ transferId }`) go only to the operator who started that transfer, on whichever node their
 * browser is; a sync carries the viewer's own alerts, an update never carries alerts.
 */

export const SWITCHBOARD_ROOM = 'switchboard'

export const SWITCHBOARD_EVENTS = {
  sync: 'switchboard:sync',
  update: 'switchboard:update',
  alert: 'switchboard:alert',
  alertCleared: 'switchboard:alert-cleared',
} as const

/** Who may open the console (HTTP and socket). */
export const SWITCHBOARD_ROLES = ['operator', 'supervisor'] as const

/** bekliyor / çalıyor / görüşmede / aktarılıyor / beklemede */
export type SwitchboardCallState = 'waiting' | 'ringing' | 'talking' | 'transferring' | 'on-hold'

export const CALL_STATE_LABELS: Record<SwitchboardCallState, string> = {
  waiting: 'Bekliyor',
  ringing: 'Çalıyor',
  talking: 'Görüşmede',
  transferring: 'Aktarılıyor',
  'on-hold': 'Beklemede',
}

export interface SwitchboardCallView {
  /** `<pbxId>/<callId>`: what the console sends back to act on the call. */
  key: string
  pbxId: string
  callId: string
  state: SwitchboardCallState
  queue: string | null
  /** The queue as people name it (`Santral`); null when the call is not in a queue. */
  queueLabel: string | null
  /** E.164 where recognisable, else as sent; null when withheld. */
  callerNumber: string | null
  /** The citizen whose phone this is (operators and supervisors only). */
  citizenName: string | null
  /** Caller id name as the network sent it (untrusted text: shown escaped). */
  callerIdName: string | null
  /** Since when the caller is with us (ms epoch): the ticking waiting time counts from here. */
  since: number
  answeredAt: number | null
  /**
   * The operator who has the call (name), or the unit it is being transferred to; null while nobody
   * has it (waiting or ringing in a switchboard queue: any operator may take it or move it on).
   */
  holder: string | null
  holderUserId: number | null
  /** Extension being rung by a transfer or consult, when there is one. */
  transferTarget: string | null
  /** Whose phones a call still in its queue rings now (ringall: every free operator); else empty. */
  ringingAt: Array<{ userId: number | null; name: string }>
  /** The console can transfer it now (answered by an operator, or still waiting: redirect). */
  transferable: boolean
  /** A consult (attended transfer) is running: complete or return. */
  consult: { transferId: number; target: string; answered: boolean } | null
}

export type LightState = 'idle' | 'ringing' | 'busy' | 'unavailable'

export const LIGHT_LABELS: Record<LightState, string> = {
  idle: 'Boş',
  ringing: 'Çalıyor',
  busy: 'Meşgul',
  unavailable: 'Ulaşılamıyor',
}

export interface DirectoryEntryView {
  id: number
  pbxId: string
  number: string
  label: string
  personName: string | null
  unitId: number | null
  unitName: string | null
  presenceNote: string | null
  light: LightState
  favourite: boolean
  /** Folded words to search in (label, person, unit, number). */
  searchText: string
  /** The unit's search words as an admin wrote them (server/contract/unit-words.ts). */
  unitWords: string[]
  /** The same words folded, searched after the names: they say what the unit does, not who it is. */
  wordsText: string
}

export interface DirectoryUnitView {
  id: number
  name: string
  code: string
}

export type TransferOutcomeView =
  'PENDING' | 'ANSWERED' | 'NOT_ANSWERED' | 'RETURNED' | 'CALLER_HUNG_UP' | 'FAILED'

export const OUTCOME_LABELS: Record<TransferOutcomeView, string> = {
  PENDING: 'Bekleniyor',
  ANSWERED: 'Birim cevapladı',
  NOT_ANSWERED: 'Cevaplanmadı',
  RETURNED: 'Geri alındı',
  CALLER_HUNG_UP: 'Arayan kapattı',
  FAILED: 'Başarısız',
}

export interface TransferView {
  id: number
  pbxId: string
  callId: string
  kind: 'BLIND' | 'ATTENDED'
  targetExten: string
  targetLabel: string
  unitName: string | null
  operatorName: string | null
  callerNumber: string | null
  startedAt: number
  answeredAt: number | null
  endedAt: number | null
  outcome: TransferOutcomeView
  /** Not answered within the alert time (the operator was alerted). */
  alerted: boolean
  /** A callback entry was made for the unit. */
  callbackId: number | null
}

/**
 * A transfer an operator made from their own phone (the PBX's blind or attended transfer, not the
 * console), known from the call's record: there is no Transfer row, and whether the unit answered is not
 * followed, so it has no outcome or callback.
 */
export interface PhoneTransferView {
  /** `<pbxId>/<callKey>`: the call record's key. */
  key: string
  pbxId: string
  callId: string
  /** The directory line it went to. */
  targetExten: string
  targetLabel: string
  unitName: string | null
  callerNumber: string | null
  /** When the call left the operator (ms epoch). */
  at: number
}

/**
 * A transfer not answered in time, or ended without the unit: shown to the operator who started it
 * until they dismiss it, the unit answers, or (while the caller is still on the line) the call ends or
 * their next transfer of it succeeds.
 */
export interface TransferAlertView {
  transferId: number
  pbxId: string
  callId: string
  targetLabel: string
  callerNumber: string | null
  startedAt: number
  /** The call can still be taken back (consult running, or a return target is configured). */
  canReturn: boolean
  message: string
}

/**
 * One unit's transfers today. transfers = answered + notAnswered + callerHungUp + returned + failed +
 * pending + fromPhone.
 */
export interface UnitTransferStatsView {
  unitId: number | null
  unitName: string
  transfers: number
  answered: number
  notAnswered: number
  callerHungUp: number
  returned: number
  failed: number
  /** Made from the console and not decided yet. */
  pending: number
  /**
   * Made by an operator from their own phone (the PBX's blind or attended transfer, not the console):
   * known from the call's record; whether the unit answered is not followed, so not in the rate.
   */
  fromPhone: number
  /** answered ÷ (answered + notAnswered + callerHungUp); null when nothing decided yet. */
  answerRatePct: number | null
}

export interface SwitchboardParts {
  calls: SwitchboardCallView[]
  /** Light by directory entry id. */
  lights: Record<number, LightState>
  transfers: TransferView[]
  /**
   * Today's transfers made from an operator's phone to a directory line, newest first: those the figures
   * count as `fromPhone`, so none that `transfers` holds.
   */
  phoneTransfers: PhoneTransferView[]
  /** The viewer's own alerts (a sync only: they reach their operator as `switchboard:alert`). */
  alerts: TransferAlertView[]
  stats: UnitTransferStatsView[]
  /** The PBX is resyncing or down: what is shown may be out of date. */
  stale: boolean
  /**
   * When this node last read the directory (ms epoch): changes with an admin's edit or a presence note,
   * and a console holding an older copy reads `GET /directory` again.
   */
  directoryAt: number
}

export interface SwitchboardSnapshot extends SwitchboardParts {
  stream: string
  seq: number
  /** Server time (ms epoch); ticking clocks count on from here. */
  at: number
  /** Whether this PBX lets Pano hold/park a call (else the UI says so). */
  parkAvailable: boolean
}

export interface SwitchboardUpdate {
  stream: string
  seq: number
  at: number
  parts: Partial<SwitchboardParts>
}

/** `GET /api/v1/directory` */
export interface DirectoryView {
  units: DirectoryUnitView[]
  entries: DirectoryEntryView[]
}

/** `POST /api/v1/switchboard/transfers` body: which call, to which directory entry, how. */
export interface TransferRequest {
  call: string
  extensionId: number
  kind: 'blind' | 'attended'
}

/** Every switchboard action's answer: what happened, in Turkish, and the PBX's own words. */
export interface ActionResultView {
  ok: true
  message: string
  pbxMessage: string
  transfer: TransferView | null
}

/** Turkish-insensitive fold for the directory search: "ZABITA", "zabita", "Zabıta" → "zabita". */
export function foldForSearch(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) out += FOLD[ch] ?? ch
  return out.toLowerCase().replace(/\s+/g, ' ').trim()
}

const FOLD: Record<string, string> = {
  İ: 'i',
  I: 'i',
  ı: 'i',
  Ş: 's',
  ş: 's',
  Ğ: 'g',
  ğ: 'g',
  Ü: 'u',
  ü: 'u',
  Ö: 'o',
  ö: 'o',
  Ç: 'c',
  ç: 'c',
  Â: 'a',
  â: 'a',
  Î: 'i',
  î: 'i',
  Û: 'u',
  û: 'u',
}

/**
 * Ranks directory entries for a typed query: every word must start a word of the entry ("fen is" →
 * Fen İşleri) or of its unit's search words ("çöp" → Temizlik İşleri), or appear in its number or
 * text. A name's word start ranks above a search word's, unit lines and favourites come first.
 * Empty query: all.
 */
export function searchDirectory<
  T extends Pick<DirectoryEntryView, 'searchText' | 'favourite' | 'personName'> & { wordsText?: string },
>(entries: readonly T[], query: string): T[] {
  const words = foldForSearch(query)
    .split(' ')
    .filter((w) => w !== '')
  if (words.length === 0) return [...entries]
  const scored: Array<{ e: T; score: number }> = []
  for (const e of entries) {
    const names = e.searchText.split(' ')
    const topics = e.wordsText === undefined || e.wordsText === '' ? [] : e.wordsText.split(' ')
    let score = 0
    let all = true
    for (const w of words) {
      if (names.some((h) => h.startsWith(w))) score += 3
      else if (topics.some((h) => h.startsWith(w))) score += 2
      else if (e.searchText.includes(w) || (e.wordsText?.includes(w) ?? false)) score += 1
      else {
        all = false
        break
      }
    }
    if (!all) continue
    if (e.favourite) score += 1
    if (e.personName === null) score += 1
    scored.push({ e, score })
  }
  return scored.sort((a, b) => b.score - a.score).map((s) => s.e)
}

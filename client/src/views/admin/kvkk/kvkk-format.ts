/**
 * Yönetim › KVKK without the DOM: the access log's address from the filter form, and the retention
 * periods in words. Pure.
 */
import type { RetentionCounts } from '../../../../../server/contract/kvkk.ts'
import { DAY_FORMAT_MESSAGE, formatDate, parseDate } from '../../../lib/format.ts'

export interface AccessLogFilter {
  /** As typed (the form keeps strings; blanks are left out of the address). */
  citizenId: string
  /** The citizen's phone number as typed; the server reads any Turkish spelling of it. */
  phone: string
  userId: string
  /** Days: typed as `GG.AA.YYYY` in the form, sent as `YYYY-MM-DD` (readDays). */
  from: string
  to: string
}

export const EMPTY_FILTER: AccessLogFilter = { citizenId: '', phone: '', userId: '', from: '', to: '' }

export { DAY_FORMAT_MESSAGE }

export type ReadDays =
  | { ok: true; filter: AccessLogFilter; typed: Pick<AccessLogFilter, 'from' | 'to'> }
  | { ok: false; field: 'from' | 'to' }

/**
 * The filter as the address wants it: the typed days (`5.12.2026`, `05122026`) as `2026-12-05`, and the
 * same days written back the way Pano shows them (`05.12.2026`); the first day field that is not a real
 * day otherwise. A blank day is no limit.
 */
export function readDays(filter: AccessLogFilter): ReadDays {
  const from = filter.from.trim() === '' ? '' : parseDate(filter.from)
  if (from === null) return { ok: false, field: 'from' }
  const to = filter.to.trim() === '' ? '' : parseDate(filter.to)
  if (to === null) return { ok: false, field: 'to' }
  const shown = (day: string) => (day === '' ? '' : formatDate(day))
  return { ok: true, filter: { ...filter, from, to }, typed: { from: shown(from), to: shown(to) } }
}

/**
 * What the record-number field says when a phone number was typed into it: record numbers are `12` or
 * `#12`, never written with a leading 0 or `+`, with spaces between digits, or ten digits long.
 */
export const PHONE_IN_RECORD_FIELD = 'Bu bir telefon numarası: “Telefon” alanına yazın.'

export function looksLikePhone(text: string): boolean {
  const t = text.trim()
  if (!/^\+?[\d\s\-.()/]+$/.test(t)) return false
  const digits = t.replace(/\D/g, '')
  return digits.length >= 10 || (digits.length >= 7 && /^[+0]|\d[\s\-.()/]+\d/.test(t))
}

/** `citizenId=12&phone=0505…&from=2026-03-01` (blanks left out, `#12` read as 12). */
export function accessLogQuery(filter: AccessLogFilter, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams()
  const citizen = filter.citizenId.trim().replace(/^#\s*/, '')
  if (citizen !== '') params.set('citizenId', citizen)
  for (const key of ['phone', 'userId', 'from', 'to'] as const) {
    const value = filter[key].trim()
    if (value !== '') params.set(key, value)
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v)
  return params.toString()
}

export function accessLogCsvUrl(filter: AccessLogFilter): string {
  return `/api/v1/kvkk/access-log?${accessLogQuery(filter, { format: 'csv' })}`
}

/** `730 gün (yaklaşık 2 yıl)`. */
export function daysInWords(days: number): string {
  if (days >= 365 && days % 365 <= 5) return `${days} gün (yaklaşık ${Math.round(days / 365)} yıl)`
  if (days >= 30 && days % 30 === 0) return `${days} gün (${days / 30} ay)`
  return `${days} gün`
}

/** One sentence for what a retention run changed. */
export function countsInWords(c: RetentionCounts): string {
  const parts = [
    `${c.callNumbersMasked} çağrı ve ${c.transferNumbersMasked} aktarma numarası maskelendi`,
    `${c.callbacksDeleted} geri arama kaydı silindi`,
    `${c.whatsappConversationsDeleted} WhatsApp yazışması silindi`,
    `${c.citizensDeleted} vatandaş kaydı silindi, ${c.citizensAnonymised} kayıt anonimleştirildi`,
    `${c.ticketsEmptied} eski talebin metni silindi`,
    `${c.auditRowsDeleted} denetim satırı silindi`,
    `${c.recordingsDeleted} ses kaydı silindi${c.recordingsNotDeleted > 0 ? ` (${c.recordingsNotDeleted} kayıt silinemedi, sonraki çalışmada yeniden denenecek)` : ''}`,
  ]
  return `${parts.join('; ')}.`
}

/**
 * The Turkish texts of the staff e-mails (docs/messaging.md §8). They name the ticket by number,
 * subject, unit and due date, never the citizen: unit staff and the müdür open the ticket in Pano for
 * the rest, where every read of a citizen record is audited.
 */
import { LEGAL_TRACK_LABELS, type LegalTrackCode } from '../../contract/tickets.ts'
import { formatTurkishDate } from '../messaging/queue-message.ts'

const SIGNATURE = 'Pano · Karşıyaka Belediyesi Halkla İlişkiler Müdürlüğü'

export interface AlertTicket {
  number: string
  subject: string
  legalTrack: LegalTrackCode
  dueAt: Date
  unit: string
}

function ticketLink(publicUrl: string | null, number: string): string {
  return publicUrl === null ? `Pano › Talepler › ${number}` : `${publicUrl}/talepler/${number}`
}

export function dueReminderText(
  t: AlertTicket,
  workingDays: number,
  publicUrl: string | null,
): { subject: string; body: string } {
  const left = workingDays === 1 ? 'son iş günü' : `${workingDays} iş günü kaldı`
  return {
    subject: `Hatırlatma: ${t.number} için ${left} (son tarih ${formatTurkishDate(t.dueAt)})`,
    body: [
      `${t.unit} birimine havale edilen ${t.number} numaralı talebin yanıt süresi ${formatTurkishDate(t.dueAt)} tarihinde doluyor.`,
      '',
      `Konu: ${t.subject}`,
      `Süre: ${LEGAL_TRACK_LABELS[t.legalTrack]}`,
      '',
      `Yanıtı Pano'ya yazın: ${ticketLink(publicUrl, t.number)}`,
      '',
      SIGNATURE,
    ].join('\n'),
  }
}

export function overdueEscalationText(
  t: AlertTicket,
  publicUrl: string | null,
): { subject: string; body: string } {
  return {
    subject: `Süresi geçti: ${t.number} (${t.unit})`,
    body: [
      `${t.number} numaralı talebin yanıt süresi ${formatTurkishDate(t.dueAt)} tarihinde doldu; talep hâlâ açık.`,
      '',
      `Birim: ${t.unit}`,
      `Konu: ${t.subject}`,
      `Süre: ${LEGAL_TRACK_LABELS[t.legalTrack]}`,
      '',
      `Talep: ${ticketLink(publicUrl, t.number)}`,
      '',
      SIGNATURE,
    ].join('\n'),
  }
}

export interface DigestInput {
  unit: string
  date: string
  fresh: AlertTicket[]
  dueSoon: AlertTicket[]
  overdue: AlertTicket[]
}

export function digestText(d: DigestInput, publicUrl: string | null): { subject: string; body: string } {
  const line = (t: AlertTicket) => `- ${t.number} · son tarih ${formatTurkishDate(t.dueAt)} · ${t.subject}`
  const section = (title: string, list: AlertTicket[]) =>
    list.length === 0 ? [] : [`${title} (${list.length}):`, ...list.map(line), '']
  return {
    subject: `${d.unit}: günlük talep özeti (${d.date}) — ${d.fresh.length} yeni, ${d.overdue.length} süresi geçmiş`,
    body: [
      `${d.unit} biriminin ${d.date} tarihli talep özeti.`,
      '',
      ...section('Yeni gelen, henüz işleme alınmamış', d.fresh),
      ...section('Süresi yaklaşan', d.dueSoon),
      ...section('Süresi geçmiş', d.overdue),
      `Birimin talepleri: ${publicUrl === null ? 'Pano › Talepler' : `${publicUrl}/talepler`}`,
      '',
      'Bu özeti almak istemiyorsanız Pano yöneticisine bildirin.',
      SIGNATURE,
    ].join('\n'),
  }
}

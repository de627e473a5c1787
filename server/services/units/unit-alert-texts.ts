/**
 * The values of the unit staff e-mails (docs/messaging.md §8.2), filled into their templates (the
 * admin's wording or server/services/messaging/default-staff-templates.ts). They name the ticket by
 * number, subject, unit and due date, never the citizen: unit staff and the müdür open the ticket in
 * Pano for the rest, where every read of a citizen record is audited.
 */
import { LEGAL_TRACK_LABELS, type LegalTrackCode } from '../../contract/tickets.ts'
import { formatTurkishDate } from '../messaging/queue-message.ts'
import { renderStaffText, type StaffText } from '../messaging/staff-templates.ts'

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

function ticketValues(t: AlertTicket, publicUrl: string | null): Record<string, string> {
  return {
    ticketNumber: t.number,
    subject: t.subject,
    unit: t.unit,
    dueDate: formatTurkishDate(t.dueAt),
    legalTrack: LEGAL_TRACK_LABELS[t.legalTrack],
    ticketLink: ticketLink(publicUrl, t.number),
  }
}

export function dueReminderText(
  template: StaffText,
  t: AlertTicket,
  workingDays: number,
  publicUrl: string | null,
): StaffText {
  return renderStaffText('UNIT_DUE_REMINDER', template, {
    ...ticketValues(t, publicUrl),
    daysLeft: String(workingDays),
    timeLeft: workingDays === 1 ? 'son iş günü' : `${workingDays} iş günü kaldı`,
  })
}

export function overdueEscalationText(
  template: StaffText,
  t: AlertTicket,
  publicUrl: string | null,
): StaffText {
  return renderStaffText('UNIT_OVERDUE_ESCALATION', template, ticketValues(t, publicUrl))
}

export interface DigestInput {
  unit: string
  date: string
  fresh: AlertTicket[]
  dueSoon: AlertTicket[]
  overdue: AlertTicket[]
}

/** The digest's `{{ticketList}}`: a titled section per kind that has tickets, each ending in a blank line. */
export function digestTicketList(d: Pick<DigestInput, 'fresh' | 'dueSoon' | 'overdue'>): string {
  const line = (t: AlertTicket) => `- ${t.number} · son tarih ${formatTurkishDate(t.dueAt)} · ${t.subject}`
  const section = (title: string, list: AlertTicket[]) =>
    list.length === 0 ? [] : [`${title} (${list.length}):`, ...list.map(line), '']
  return [
    ...section('Yeni gelen, henüz işleme alınmamış', d.fresh),
    ...section('Süresi yaklaşan', d.dueSoon),
    ...section('Süresi geçmiş', d.overdue),
  ].join('\n')
}

export function digestText(template: StaffText, d: DigestInput, publicUrl: string | null): StaffText {
  return renderStaffText('UNIT_DIGEST', template, {
    unit: d.unit,
    date: d.date,
    newCount: String(d.fresh.length),
    dueSoonCount: String(d.dueSoon.length),
    overdueCount: String(d.overdue.length),
    ticketList: digestTicketList(d),
    ticketsLink: publicUrl === null ? 'Pano › Talepler' : `${publicUrl}/talepler`,
  })
}

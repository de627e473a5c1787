/**
 * A ticket's written messages as the proof a CİMER or 4982 file asks for (docs/messaging.md §5): one
 * row per message with its channel, recipient, wording as sent, provider id and the whole status history
 * with Istanbul times, in the CSV Turkish Excel opens (the reports' own `tableToCsv`). It is built from
 * the ticket's detail view, so unit staff get the same masked recipient and text they see on screen.
 */
import {
  MESSAGE_CHANNEL_LABELS,
  MESSAGE_STATUS_LABELS,
  templateLabel,
  type TicketMessageView,
} from '../../contract/messaging.ts'
import type { ReportColumn } from '../../contract/reports.ts'
import { ISTANBUL_TIME_ZONE } from '../../contract/time-zone.ts'
import { tableToCsv } from '../reports/csv.ts'

const text = (key: string, label: string): ReportColumn => ({ key, label, kind: 'text' })
const COLUMNS: ReportColumn[] = [
  { key: 'id', label: 'Mesaj no', kind: 'int' },
  text('channel', 'Kanal'),
  text('recipient', 'Alıcı'),
  text('template', 'Mesaj'),
  text('subject', 'Konu'),
  text('body', 'Metin'),
  text('provider', 'Sağlayıcı'),
  text('providerId', 'Sağlayıcı no'),
  { key: 'attempts', label: 'Deneme', kind: 'int' },
  text('status', 'Son durum'),
  text('history', 'Durum geçmişi'),
  text('lastError', 'Sağlayıcının son hatası'),
  text('createdAt', 'Oluşturulma'),
]

const dateTime = new Intl.DateTimeFormat('tr-TR', {
  timeZone: ISTANBUL_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

const when = (iso: string) => dateTime.format(new Date(iso))

function historyText(m: TicketMessageView): string {
  return m.history
    .map((h) => `${when(h.at)} ${MESSAGE_STATUS_LABELS[h.status]}${h.detail ? ` (${h.detail})` : ''}`)
    .join(' → ')
}

export function ticketMessagesCsv(messages: readonly TicketMessageView[]): string {
  return tableToCsv({
    columns: COLUMNS,
    rows: messages.map((m) => ({
      id: m.id,
      channel: MESSAGE_CHANNEL_LABELS[m.channel],
      recipient: m.recipient,
      template: templateLabel(m.templateKey),
      subject: m.subject,
      body: m.body,
      provider: m.provider,
      providerId: m.providerId,
      attempts: m.attempts,
      status: MESSAGE_STATUS_LABELS[m.status],
      history: historyText(m),
      lastError: m.lastError,
      createdAt: when(m.createdAt),
    })),
    total: null,
  })
}

/** `talep-2026-000123-yazismalar.csv` */
export function ticketMessagesFileName(number: string): string {
  return `talep-${number}-yazismalar.csv`
}

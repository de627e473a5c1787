/**
 * A ticket's written messages as the proof a CİMER or 4982 file asks for (docs/messaging.md §5): one
 * row per message with its channel, recipient, wording as sent, provider id and the whole status history
 * with Istanbul times, in the CSV Turkish Excel opens (server/services/reports/csv.ts). It is built from
 * the ticket's detail view, so unit staff get the same masked recipient and text they see on screen.
 */
import {
  MESSAGE_CHANNEL_LABELS,
  MESSAGE_STATUS_LABELS,
  templateLabel,
  type TicketMessageView,
} from '../../contract/messaging.ts'
import { ISTANBUL_TIME_ZONE } from '../../contract/time-zone.ts'
import { CSV_BOM, CSV_SEPARATOR, csvNumber, csvText } from '../reports/csv.ts'

const HEADERS = [
  'Mesaj no',
  'Kanal',
  'Alıcı',
  'Mesaj',
  'Konu',
  'Metin',
  'Sağlayıcı',
  'Sağlayıcı no',
  'Deneme',
  'Son durum',
  'Durum geçmişi',
  'Sağlayıcının son hatası',
  'Oluşturulma',
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

function row(m: TicketMessageView): string[] {
  return [
    csvNumber(m.id),
    csvText(MESSAGE_CHANNEL_LABELS[m.channel]),
    csvText(m.recipient),
    csvText(templateLabel(m.templateKey)),
    csvText(m.subject ?? ''),
    csvText(m.body),
    csvText(m.provider ?? ''),
    csvText(m.providerId ?? ''),
    csvNumber(m.attempts),
    csvText(MESSAGE_STATUS_LABELS[m.status]),
    csvText(historyText(m)),
    csvText(m.lastError ?? ''),
    csvText(when(m.createdAt)),
  ]
}

export function ticketMessagesCsv(messages: readonly TicketMessageView[]): string {
  const lines = [HEADERS.map(csvText), ...messages.map(row)].map((cells) => cells.join(CSV_SEPARATOR))
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}

/** `talep-2026-000123-yazismalar.csv` */
export function ticketMessagesFileName(number: string): string {
  return `talep-${number}-yazismalar.csv`
}

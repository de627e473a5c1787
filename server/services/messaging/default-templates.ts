/**
 * The built-in Turkish wording of every message (docs/messaging.md §3). An admin's edit is a
 * MessageTemplate row and wins; these are used for a key and channel without one. SMS texts stay short
 * (one or two Turkish SMS parts); WhatsApp bodies mirror the approved templates' parameters in order.
 */
import type { MessageChannelCode, TemplateKey } from '../../contract/messaging.ts'

export interface TemplateText {
  subject: string | null
  body: string
  /** WhatsApp only: the approved template's name on Meta's side. */
  externalName: string | null
}

const SIGNATURE = 'Karşıyaka Belediyesi Halkla İlişkiler Müdürlüğü'

const EMAIL: Record<TemplateKey, TemplateText> = {
  TICKET_RECEIVED: {
    subject: 'Başvurunuz alındı: {{ticketNumber}}',
    body: [
      'Sayın {{citizenName}},',
      '',
      '“{{subject}}” konulu başvurunuz {{ticketNumber}} numarasıyla kaydedildi.',
      'Yasal yanıt süresi {{dueDate}} tarihinde doluyor.',
      '',
      'Başvurunuzu sormak için {{phone}} numaralı çağrı merkezimizi arayıp başvuru numaranızı söyleyebilirsiniz.',
      '',
      SIGNATURE,
    ].join('\n'),
    externalName: null,
  },
  EXTENSION_NOTICE: {
    subject: 'Başvurunuzun yanıt süresi uzatıldı: {{ticketNumber}}',
    body: [
      'Sayın {{citizenName}},',
      '',
      '{{ticketNumber}} numaralı “{{subject}}” konulu bilgi edinme başvurunuzun yanıt süresi, 4982 sayılı',
      'Bilgi Edinme Hakkı Kanunu md. 11 uyarınca 30 iş gününe uzatılmıştır.',
      '',
      'Gerekçe: {{reason}}',
      'Yeni son yanıt tarihi: {{extendedDueDate}}',
      '',
      SIGNATURE,
    ].join('\n'),
    externalName: null,
  },
  ANSWER_RELAYED: {
    subject: 'Başvurunuz yanıtlandı: {{ticketNumber}}',
    body: [
      'Sayın {{citizenName}},',
      '',
      '{{ticketNumber}} numaralı “{{subject}}” konulu başvurunuza {{unit}} yanıtı:',
      '',
      '{{answer}}',
      '',
      SIGNATURE,
    ].join('\n'),
    externalName: null,
  },
  TICKET_CLOSED: {
    subject: 'Başvurunuz kapatıldı: {{ticketNumber}}',
    body: [
      'Sayın {{citizenName}},',
      '',
      '{{ticketNumber}} numaralı “{{subject}}” konulu başvurunuz sonuçlandırılarak kapatılmıştır.',
      'Bize ulaştığınız için teşekkür ederiz.',
      '',
      SIGNATURE,
    ].join('\n'),
    externalName: null,
  },
}

const SHORT: Record<TemplateKey, string> = {
  TICKET_RECEIVED:
    'Karşıyaka Belediyesi: başvurunuz {{ticketNumber}} numarasıyla alındı. Son yanıt tarihi {{dueDate}}. Bilgi: {{phone}}',
  EXTENSION_NOTICE:
    'Karşıyaka Belediyesi: {{ticketNumber}} numaralı başvurunuzun süresi 4982 md. 11 uyarınca {{extendedDueDate}} tarihine uzatıldı. Gerekçe: {{reason}}',
  ANSWER_RELAYED: 'Karşıyaka Belediyesi: {{ticketNumber}} numaralı başvurunuza {{unit}} yanıtı: {{answer}}',
  TICKET_CLOSED: 'Karşıyaka Belediyesi: {{ticketNumber}} numaralı başvurunuz sonuçlandırılarak kapatıldı.',
}

const WHATSAPP_NAMES: Record<TemplateKey, string> = {
  TICKET_RECEIVED: 'pano_basvuru_alindi',
  EXTENSION_NOTICE: 'pano_sure_uzatma',
  ANSWER_RELAYED: 'pano_yanit',
  TICKET_CLOSED: 'pano_basvuru_kapandi',
}

export function defaultTemplate(key: TemplateKey, channel: MessageChannelCode): TemplateText {
  if (channel === 'EMAIL') return EMAIL[key]
  return {
    subject: null,
    body: SHORT[key],
    externalName: channel === 'WHATSAPP' ? WHATSAPP_NAMES[key] : null,
  }
}

/**
 * The built-in Turkish wording of the e-mails to Pano's own staff (docs/messaging.md §8.2). An admin's
 * edit in Yönetim › Mesaj şablonları ("Personele giden") is a MessageTemplate row with the same key and
 * channel EMAIL and wins. They name the ticket by number, subject, unit and due date, never the citizen:
 * staff open the ticket in Pano for the rest, where every read of a citizen record is audited.
 */
import type { StaffTemplateKey } from '../../contract/messaging.ts'

const SIGNATURE = 'Pano · Karşıyaka Belediyesi Halkla İlişkiler Müdürlüğü'

export const STAFF_DEFAULTS: Record<StaffTemplateKey, { subject: string; body: string }> = {
  UNIT_DUE_REMINDER: {
    subject: 'Hatırlatma: {{ticketNumber}} için {{timeLeft}} (son tarih {{dueDate}})',
    body: [
      '{{unit}} birimine havale edilen {{ticketNumber}} numaralı talebin yanıt süresi {{dueDate}} tarihinde doluyor.',
      '',
      'Konu: {{subject}}',
      'Süre: {{legalTrack}}',
      '',
      "Yanıtı Pano'ya yazın: {{ticketLink}}",
      '',
      SIGNATURE,
    ].join('\n'),
  },
  UNIT_OVERDUE_ESCALATION: {
    subject: 'Süresi geçti: {{ticketNumber}} ({{unit}})',
    body: [
      '{{ticketNumber}} numaralı talebin yanıt süresi {{dueDate}} tarihinde doldu; talep hâlâ açık.',
      '',
      'Birim: {{unit}}',
      'Konu: {{subject}}',
      'Süre: {{legalTrack}}',
      '',
      'Talep: {{ticketLink}}',
      '',
      SIGNATURE,
    ].join('\n'),
  },
  UNIT_DIGEST: {
    subject: '{{unit}}: günlük talep özeti ({{date}}) — {{newCount}} yeni, {{overdueCount}} süresi geçmiş',
    body: [
      '{{unit}} biriminin {{date}} tarihli talep özeti.',
      '',
      '{{ticketList}}',
      'Birimin talepleri: {{ticketsLink}}',
      '',
      'Bu özeti almak istemiyorsanız Pano yöneticisine bildirin.',
      SIGNATURE,
    ].join('\n'),
  },
  QUEUE_ALERT: {
    subject: 'Kuyruk uyarısı: {{queue}} · {{metric}} kırmızıda',
    body: [
      'Sayın Müdür,',
      '',
      '{{raisedAt}} itibarıyla {{alertSummary}}.',
      '',
      'Ölçü: {{metric}}',
      'Değer: {{value}}',
      'Kırmızı eşik: {{threshold}}',
      '',
      'Canlı durum: {{boardLink}}',
      '',
      'Bu ileti Pano tarafından kuyruk uyarı kuralına göre gönderildi (Yönetim › Eşikler).',
    ].join('\n'),
  },
}

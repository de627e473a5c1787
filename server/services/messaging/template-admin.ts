/**
 * Yönetim › Mesaj şablonları: every citizen key × channel and every staff key (e-mail only) with its
 * wording (the admin's edit or the built-in default), saving an edit, and a preview with sample values.
 * A text that uses a variable its key does not know, or a broken `{{ }}`, is refused with 400 at the
 * field, so it is never stored or sent; so is a staff key on a channel other than e-mail.
 */
import {
  MESSAGE_CHANNELS,
  STAFF_TEMPLATE_KEYS,
  TEMPLATE_KEYS,
  TEMPLATE_VARIABLES,
  isStaffTemplateKey,
  type AnyTemplateKey,
  type MessageChannelCode,
  type TemplatePreview,
  type TemplateView,
} from '../../contract/messaging.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { renderTemplate, templateProblems } from '../../domain/message-template.ts'
import { ValidationError, type FieldIssue } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import { STAFF_DEFAULTS } from './default-staff-templates.ts'
import { defaultTemplate } from './default-templates.ts'
import { CALL_CENTRE_NUMBER } from './queue-message.ts'

export const SAMPLE_VALUES: Record<string, string> = {
  ticketNumber: '2026-000123',
  citizenName: 'Ayşe Yılmaz',
  subject: 'Sokak lambası yanmıyor',
  unit: 'Fen İşleri Müdürlüğü',
  dueDate: '16.03.2026',
  extendedDueDate: '30.03.2026',
  reason: 'İstenen bilgi başka bir kurumdan alınacak.',
  answer: 'Arıza giderilmiştir, ilginiz için teşekkür ederiz.',
  phone: CALL_CENTRE_NUMBER,
  daysLeft: '3',
  timeLeft: '3 iş günü kaldı',
  legalTrack: 'Dilekçe (3071): 30 gün',
  ticketLink: 'https://pano.karsiyaka.bel.tr/talepler/2026-000123',
  date: '13 Mart 2026',
  newCount: '2',
  dueSoonCount: '1',
  overdueCount: '1',
  ticketList: [
    'Yeni gelen, henüz işleme alınmamış (2):',
    '- 2026-000123 · son tarih 16.03.2026 · Sokak lambası yanmıyor',
    '- 2026-000124 · son tarih 17.03.2026 · Kaldırım taşı kırık',
    '',
    'Süresi geçmiş (1):',
    '- 2026-000098 · son tarih 11.03.2026 · Parkta kırık bank',
    '',
  ].join('\n'),
  ticketsLink: 'https://pano.karsiyaka.bel.tr/talepler',
  queue: 'Zabıta',
  metric: 'Bekleyen arayan',
  alertSummary: 'Zabıta: Bekleyen arayan 9 (kırmızı eşik ≥ 6)',
  value: '9',
  threshold: '6',
  raisedAt: '13 Mart 2026 10:42',
  boardLink: 'https://pano.karsiyaka.bel.tr/pano',
}

function view(
  key: AnyTemplateKey,
  channel: MessageChannelCode,
  row: { subject: string | null; body: string; externalName: string | null } | undefined,
): TemplateView {
  const t =
    row ??
    (isStaffTemplateKey(key) ? { ...STAFF_DEFAULTS[key], externalName: null } : defaultTemplate(key, channel))
  return {
    key,
    audience: isStaffTemplateKey(key) ? 'STAFF' : 'CITIZEN',
    channel,
    subject: t.subject,
    body: t.body,
    externalName: t.externalName,
    variables: TEMPLATE_VARIABLES[key],
    edited: row !== undefined,
  }
}

/** The citizens' templates (each key × channel), then the staff's (e-mail only). */
export async function listTemplates(prisma: PrismaClient): Promise<TemplateView[]> {
  const rows = await prisma.messageTemplate.findMany()
  const find = (key: string, channel: MessageChannelCode) =>
    rows.find((r) => r.key === key && r.channel === channel)
  const out: TemplateView[] = []
  for (const key of TEMPLATE_KEYS)
    for (const channel of MESSAGE_CHANNELS) out.push(view(key, channel, find(key, channel)))
  for (const key of STAFF_TEMPLATE_KEYS) out.push(view(key, 'EMAIL', find(key, 'EMAIL')))
  return out
}

function check(key: AnyTemplateKey, channel: MessageChannelCode, subject: string | null, body: string): void {
  if (isStaffTemplateKey(key) && channel !== 'EMAIL')
    throw new ValidationError([
      {
        path: 'channel',
        code: 'invalid',
        message: 'Personele giden mesajlar yalnız e-posta ile gönderilir.',
      },
    ])
  const allowed = TEMPLATE_VARIABLES[key]
  const issues: FieldIssue[] = []
  for (const message of templateProblems(body, allowed))
    issues.push({ path: 'body', code: 'template', message })
  if (subject !== null)
    for (const message of templateProblems(subject, allowed))
      issues.push({ path: 'subject', code: 'template', message })
  if (channel === 'EMAIL' && (subject ?? '').trim() === '')
    issues.push({ path: 'subject', code: 'required', message: 'E-posta şablonunun konusu gerekli.' })
  if (issues.length > 0) throw new ValidationError(issues)
}

export async function saveTemplate(
  prisma: PrismaClient,
  actor: Actor,
  now: Date,
  input: {
    key: AnyTemplateKey
    channel: MessageChannelCode
    subject: string | null
    body: string
    externalName: string | null
  },
): Promise<TemplateView> {
  const subject = input.channel === 'EMAIL' ? input.subject : null
  check(input.key, input.channel, subject, input.body)
  const externalName = input.channel === 'WHATSAPP' ? input.externalName : null
  await prisma.$transaction(async (tx) => {
    await tx.messageTemplate.upsert({
      where: { key_channel: { key: input.key, channel: input.channel } },
      create: { ...input, subject, externalName, updatedById: actor.userId, updatedAt: now },
      update: { subject, body: input.body, externalName, updatedById: actor.userId, updatedAt: now },
    })
    await recordAudit(tx, actor, now, [
      {
        action: AUDIT_ACTIONS.templateUpdate,
        entity: 'MessageTemplate',
        entityId: `${input.key}/${input.channel}`,
      },
    ])
  })
  const all = await listTemplates(prisma)
  const saved = all.find((t) => t.key === input.key && t.channel === input.channel)
  if (saved === undefined) throw new Error('template vanished after save')
  return saved
}

export function previewTemplate(input: {
  key: AnyTemplateKey
  channel: MessageChannelCode
  subject: string | null
  body: string
}): TemplatePreview {
  const subject = input.channel === 'EMAIL' ? input.subject : null
  check(input.key, input.channel, subject, input.body)
  return {
    subject: subject === null ? null : renderTemplate(subject, SAMPLE_VALUES),
    body: renderTemplate(input.body, SAMPLE_VALUES),
  }
}

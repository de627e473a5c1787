/**
 * Yönetim › Mesaj şablonları: every key × channel with its wording (the admin's edit or the built-in
 * default), saving an edit, and a preview with sample values. A text that uses a variable its key does
 * not know, or a broken `{{ }}`, is refused with 400 at the field, so it is never stored or sent.
 */
import {
  MESSAGE_CHANNELS,
  TEMPLATE_KEYS,
  TEMPLATE_VARIABLES,
  type MessageChannelCode,
  type TemplateKey,
  type TemplatePreview,
  type TemplateView,
} from '../../contract/messaging.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { renderTemplate, templateProblems } from '../../domain/message-template.ts'
import { ValidationError, type FieldIssue } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
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
}

export async function listTemplates(prisma: PrismaClient): Promise<TemplateView[]> {
  const rows = await prisma.messageTemplate.findMany()
  const out: TemplateView[] = []
  for (const key of TEMPLATE_KEYS)
    for (const channel of MESSAGE_CHANNELS) {
      const row = rows.find((r) => r.key === key && r.channel === channel)
      const t = row ?? defaultTemplate(key, channel)
      out.push({
        key,
        channel,
        subject: t.subject,
        body: t.body,
        externalName: t.externalName,
        variables: TEMPLATE_VARIABLES[key],
        edited: row !== undefined,
      })
    }
  return out
}

function check(key: TemplateKey, channel: MessageChannelCode, subject: string | null, body: string): void {
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
    key: TemplateKey
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
  key: TemplateKey
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

/**
 * The staff e-mails' wording at the moment they are queued (docs/messaging.md §8.2): the admin's edit of
 * the key (MessageTemplate, channel EMAIL) or the built-in default of default-staff-templates.ts, filled
 * with the message's values. Read in the caller's transaction, so a pass or a raise sends the wording
 * that was saved when it ran; the outbox (queue-staff-message.ts) is unchanged.
 */
import { STAFF_TEMPLATE_KEYS, TEMPLATE_VARIABLES, type StaffTemplateKey } from '../../contract/messaging.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { renderTemplate } from '../../domain/message-template.ts'
import { STAFF_DEFAULTS } from './default-staff-templates.ts'

export interface StaffText {
  subject: string
  body: string
}

export type StaffTemplates = Record<StaffTemplateKey, StaffText>

/** Every staff template as it stands now, one read. */
export async function loadStaffTemplates(
  db: Pick<Prisma.TransactionClient, 'messageTemplate'>,
): Promise<StaffTemplates> {
  const rows = await db.messageTemplate.findMany({
    where: { key: { in: [...STAFF_TEMPLATE_KEYS] }, channel: 'EMAIL' },
    select: { key: true, subject: true, body: true },
  })
  const out = { ...STAFF_DEFAULTS }
  for (const row of rows) {
    const key = STAFF_TEMPLATE_KEYS.find((k) => k === row.key)
    if (key !== undefined) out[key] = { subject: row.subject ?? STAFF_DEFAULTS[key].subject, body: row.body }
  }
  return out
}

/** Fills a staff template; only the key's own variables are passed (the rest were refused on save). */
export function renderStaffText(
  key: StaffTemplateKey,
  text: StaffText,
  values: Readonly<Record<string, string>>,
): StaffText {
  const allowed: Record<string, string> = {}
  for (const name of TEMPLATE_VARIABLES[key]) allowed[name] = values[name] ?? ''
  return { subject: renderTemplate(text.subject, allowed), body: renderTemplate(text.body, allowed) }
}

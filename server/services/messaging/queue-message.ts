/**
 * Putting a message in the outbox inside the caller's transaction (docs/decisions/010-outbox-with-pg-boss.md):
 * the Message row, its QUEUED status event, the ticket's MESSAGE_QUEUED history row and the dispatcher's
 * job are written with the ticket change that causes them, or not at all. Who may be written to is
 * decided here: the citizen's consent and preferred channel (KVKK), a channel that can send, and a
 * recipient that is a valid e-mail address or mobile number; otherwise nothing is queued and the reason
 * comes back (the answer is then relayed by phone, from the "Vatandaşa bildir" list).
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { TEMPLATE_VARIABLES, type MessageChannelCode, type TemplateKey } from '../../contract/messaging.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { ISTANBUL_TIME_ZONE } from '../../domain/calendar/istanbul-time.ts'
import { renderTemplate, templateVariables } from '../../domain/message-template.ts'
import { normalizePhone } from '../../domain/phone.ts'
import type { Actor } from '../audit/actor.ts'
import { defaultTemplate } from './default-templates.ts'

export const CALL_CENTRE_NUMBER = '444 1 575'

export interface QueueRequest {
  ticketId: number
  templateKey: TemplateKey
  /** Values beyond the ticket's own (answer, reason, extendedDueDate). */
  values?: Record<string, string>
  actor: Actor | null
  at: Date
  /** A channel chosen by the user ("Vatandaşa bildir"); otherwise the citizen's preferred one. */
  channel?: MessageChannelCode
}

export type QueueResult =
  | { queued: true; messageId: number; channel: MessageChannelCode; recipient: string }
  | { queued: false; reason: string; field: 'citizen' | 'channel' | 'recipient' }

export interface Dispatcher {
  /** Makes the message's delivery durable inside the same transaction (a pg-boss job, or nothing). */
  enqueueInTx(tx: Prisma.TransactionClient, messageId: number): Promise<void>
}

const istanbulDate = new Intl.DateTimeFormat('tr-TR', {
  timeZone: ISTANBUL_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
})

export function formatTurkishDate(d: Date): string {
  return istanbulDate.format(d)
}

const emailSchema = z.email()

/** A recipient for the channel from the citizen's record, or why there is none. */
export function pickRecipient(
  channel: MessageChannelCode,
  citizen: { email: string | null; phones: { e164: string }[] },
): { ok: true; recipient: string } | { ok: false; reason: string } {
  if (channel === 'EMAIL') {
    if (citizen.email === null || citizen.email.trim() === '')
      return { ok: false, reason: 'Vatandaşın e-posta adresi kayıtlı değil.' }
    if (!emailSchema.safeParse(citizen.email.trim()).success)
      return { ok: false, reason: `Kayıtlı e-posta adresi geçersiz: ${citizen.email}` }
    return { ok: true, recipient: citizen.email.trim() }
  }
  for (const p of citizen.phones) {
    const n = normalizePhone(p.e164)
    if (n.ok && n.kind === 'mobile') return { ok: true, recipient: n.e164 }
  }
  return {
    ok: false,
    reason: 'Vatandaşın kayıtlı bir cep telefonu yok (SMS ve WhatsApp yalnızca cep telefonuna gider).',
  }
}

export async function queueMessageInTx(
  tx: Prisma.TransactionClient,
  outbox: { available(channel: MessageChannelCode): boolean; dispatcher: Dispatcher },
  request: QueueRequest,
): Promise<QueueResult> {
  const ticket = await tx.ticket.findUniqueOrThrow({
    where: { id: request.ticketId },
    select: {
      id: true,
      number: true,
      subject: true,
      dueAt: true,
      extendedDueAt: true,
      unit: { select: { name: true } },
      citizen: {
        select: {
          id: true,
          fullName: true,
          email: true,
          preferredChannel: true,
          messagingConsentAt: true,
          anonymizedAt: true,
          phones: { select: { e164: true }, orderBy: { id: 'asc' } },
        },
      },
    },
  })
  const citizen = ticket.citizen
  if (citizen === null || citizen.anonymizedAt !== null)
    return { queued: false, reason: 'Talebe bağlı vatandaş kaydı yok.', field: 'citizen' }
  if (citizen.messagingConsentAt === null)
    return { queued: false, reason: 'Vatandaşın yazılı bildirim onayı yok.', field: 'citizen' }
  const channel = request.channel ?? citizen.preferredChannel
  if (channel === null)
    return { queued: false, reason: 'Vatandaşın tercih ettiği bir yazılı kanal yok.', field: 'channel' }
  if (!outbox.available(channel))
    return { queued: false, reason: 'Bu kanal yapılandırılmamış.', field: 'channel' }
  const recipient = pickRecipient(channel, citizen)
  if (!recipient.ok) return { queued: false, reason: recipient.reason, field: 'recipient' }

  const edited = await tx.messageTemplate.findUnique({
    where: { key_channel: { key: request.templateKey, channel } },
  })
  const template = edited ?? defaultTemplate(request.templateKey, channel)
  const values: Record<string, string> = {
    ticketNumber: ticket.number,
    citizenName: citizen.fullName,
    subject: ticket.subject,
    unit: ticket.unit?.name ?? 'ilgili birim',
    dueDate: formatTurkishDate(ticket.extendedDueAt ?? ticket.dueAt),
    phone: CALL_CENTRE_NUMBER,
    ...request.values,
  }
  const allowed = TEMPLATE_VARIABLES[request.templateKey]
  const params = templateVariables(template.body)
    .filter((v) => allowed.includes(v))
    .map((v) => values[v] ?? '')
  const message = await tx.message.create({
    data: {
      idempotencyKey: randomUUID(),
      ticketId: ticket.id,
      citizenId: citizen.id,
      channel,
      recipient: recipient.recipient,
      templateKey: request.templateKey,
      subject: template.subject === null ? null : renderTemplate(template.subject, values),
      body: renderTemplate(template.body, values),
      params,
      externalName: template.externalName,
      createdById: request.actor?.userId ?? null,
      createdAt: request.at,
      nextAttemptAt: request.at,
      statusEvents: { create: { status: 'QUEUED', at: request.at } },
    },
    select: { id: true },
  })
  await tx.ticketEvent.create({
    data: {
      ticketId: ticket.id,
      kind: 'MESSAGE_QUEUED',
      data: { messageId: message.id, channel, templateKey: request.templateKey },
      actorId: request.actor?.userId ?? null,
      at: request.at,
    },
  })
  await outbox.dispatcher.enqueueInTx(tx, message.id)
  return { queued: true, messageId: message.id, channel, recipient: recipient.recipient }
}

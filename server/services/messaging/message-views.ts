/**
 * Messages → wire shapes with the KVKK rules of server/services/tickets/ticket-view.ts: unit staff see
 * the recipient masked (`a***@alan.com`, `0532 *** ** 67`) and the text without the citizen's name or
 * phone numbers; roles that see personal data get them whole.
 */
import type { Role } from '../../contract/auth.ts'
import type { MessageChannelCode, SentMessageView, TicketMessageView } from '../../contract/messaging.ts'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import { maskPhone } from '../../domain/phone.ts'
import { maskEmail, maskEmailsInText } from '../../domain/email-text.ts'
import { maskPhonesInText } from '../../domain/phone-text.ts'
import { seesPersonalData } from '../audit/actor.ts'
import type { Messaging } from './messaging-service.ts'
import { pickRecipient } from './queue-message.ts'

export const messageInclude = {
  statusEvents: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
  citizen: { select: { fullName: true } },
  ticket: { select: { id: true, number: true } },
} satisfies Prisma.MessageInclude

type MessageRow = Prisma.MessageGetPayload<{ include: typeof messageInclude }>

function maskRecipient(channel: MessageChannelCode, recipient: string): string {
  return channel === 'EMAIL' ? maskEmail(recipient) : maskPhone(recipient)
}

function unitText(text: string, citizenName: string | null): string {
  const withoutName = citizenName ? text.split(citizenName).join('…') : text
  return maskEmailsInText(maskPhonesInText(withoutName))
}

export function toTicketMessageView(m: MessageRow, role: Role): TicketMessageView {
  const full = seesPersonalData(role)
  const name = m.citizen?.fullName ?? null
  return {
    id: m.id,
    channel: m.channel,
    recipient: full ? m.recipient : maskRecipient(m.channel, m.recipient),
    templateKey: m.templateKey,
    subject: m.subject === null || full ? m.subject : unitText(m.subject, name),
    body: full ? m.body : unitText(m.body, name),
    status: m.status,
    provider: m.provider,
    providerId: m.providerId,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
    history: m.statusEvents.map((e) => ({ status: e.status, detail: e.detail, at: e.at.toISOString() })),
  }
}

export function toSentMessageView(m: MessageRow, role: Role): SentMessageView {
  return { ...toTicketMessageView(m, role), ticket: m.ticket }
}

export async function ticketMessages(
  prisma: PrismaClient,
  ticketId: number,
  role: Role,
): Promise<TicketMessageView[]> {
  const rows = await prisma.message.findMany({
    where: { ticketId },
    include: messageInclude,
    orderBy: { id: 'asc' },
  })
  return rows.map((m) => toTicketMessageView(m, role))
}

/** The channels "Vatandaşa bildir" can write on for this ticket's citizen right now. */
export async function writableChannels(
  prisma: PrismaClient,
  messaging: Messaging | undefined,
  citizenId: number | null,
): Promise<MessageChannelCode[]> {
  if (!messaging || citizenId === null) return []
  const citizen = await prisma.citizen.findUnique({
    where: { id: citizenId },
    select: {
      email: true,
      messagingConsentAt: true,
      anonymizedAt: true,
      phones: { select: { e164: true }, orderBy: { id: 'asc' } },
    },
  })
  if (citizen === null || citizen.messagingConsentAt === null || citizen.anonymizedAt !== null) return []
  return (['EMAIL', 'SMS', 'WHATSAPP'] as const).filter(
    (c) => messaging.available(c) && pickRecipient(c, citizen).ok,
  )
}

/**
 * Talepler › WhatsApp (docs/intake.md §9): the conversations waiting first, one conversation with its
 * messages (opening it reads the citizen's number and words, so it is audited, and clears its unread
 * count), a claim so two agents do not answer the same citizen, replies inside the 24-hour window (the
 * approved template outside it), and a conversation turned into a WHATSAPP ticket on the same legal clock
 * as every other ticket (`openTicket`).
 */
import type {
  WhatsappConversationDetail,
  WhatsappConversationPage,
  WhatsappReplyBody,
  WhatsappTicketBody,
} from '../../contract/whatsapp.ts'
import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit, recordCitizenReads } from '../audit/audit-log.ts'
import { createCitizenInTx, normalisePhoneInputs } from '../citizens/citizen-records.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { DIRECTORATE_ROLES } from '../tickets/ticket-access.ts'
import { openTicket } from '../tickets/ticket-create.ts'
import { appendTicketEvents } from '../tickets/ticket-history.ts'
import {
  conversationInclude,
  messageSelect,
  toConversationItem,
  toMessageView,
  windowClosesAt,
  type ConversationRow,
} from './conversation-view.ts'
import type { WhatsappChannel } from './whatsapp-channel.ts'

export type ConversationDeps = ServiceDeps & { whatsapp: WhatsappChannel }

const ENTITY = 'WhatsappConversation'

function assertDirectorate(actor: Actor): void {
  if (!DIRECTORATE_ROLES.includes(actor.role))
    throw new ForbiddenError('WhatsApp yazışmaları Halkla İlişkiler personeline açıktır.')
}

async function load(deps: ConversationDeps, id: number): Promise<ConversationRow> {
  const row = await deps.prisma.whatsappConversation.findUnique({
    where: { id },
    include: conversationInclude,
  })
  if (row === null) throw new NotFoundError('Böyle bir WhatsApp yazışması yok.', 'conversation_not_found')
  return row
}

export async function listConversations(
  deps: ConversationDeps,
  actor: Actor,
  filter: 'waiting' | 'all' = 'all',
): Promise<WhatsappConversationPage> {
  assertDirectorate(actor)
  const waitingWhere = { waitingSince: { not: null } }
  const [rows, waiting, oldest] = await Promise.all([
    deps.prisma.whatsappConversation.findMany({
      where: filter === 'waiting' ? waitingWhere : {},
      include: conversationInclude,
      orderBy: filter === 'waiting' ? { waitingSince: 'asc' } : { lastMessageAt: 'desc' },
      take: 200,
    }),
    deps.prisma.whatsappConversation.count({ where: waitingWhere }),
    deps.prisma.whatsappConversation.findFirst({
      where: waitingWhere,
      orderBy: { waitingSince: 'asc' },
      select: { waitingSince: true },
    }),
  ])
  if (rows.length > 0)
    await recordAudit(deps.prisma, actor, deps.clock.now(), [
      {
        action: AUDIT_ACTIONS.whatsappList,
        entity: ENTITY,
        entityId: 'list',
        detail: { conversationIds: rows.map((r) => r.id) },
      },
    ])
  return {
    items: rows.map(toConversationItem),
    waiting,
    oldestWaitingAt: oldest?.waitingSince?.toISOString() ?? null,
  }
}

/** One conversation with its messages; the read is audited and the unread count cleared. */
export async function getConversation(
  deps: ConversationDeps,
  actor: Actor,
  id: number,
): Promise<WhatsappConversationDetail> {
  assertDirectorate(actor)
  const opened = await deps.prisma.whatsappConversation.updateMany({
    where: { id, unread: { gt: 0 } },
    data: { unread: 0 },
  })
  // The unread mark leaves the colleagues' lists too (server/services/directorate-nudge.ts).
  if (opened.count > 0) deps.whatsapp.onChange()
  const row = await load(deps, id)
  const [messages, matches] = await Promise.all([
    deps.prisma.whatsappMessage.findMany({
      where: { conversationId: id },
      select: messageSelect,
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: 500,
    }),
    deps.prisma.citizen.findMany({
      where: { phones: { some: { e164: row.phone } }, mergedIntoId: null, anonymizedAt: null },
      select: { id: true, fullName: true },
      orderBy: { id: 'asc' },
      take: 10,
    }),
  ])
  const now = deps.clock.now()
  await recordAudit(deps.prisma, actor, now, [
    { action: AUDIT_ACTIONS.whatsappRead, entity: ENTITY, entityId: id },
  ])
  await recordCitizenReads(
    deps.prisma,
    actor,
    now,
    matches.map((c) => c.id),
    AUDIT_ACTIONS.whatsappRead,
    { conversationId: id },
  )
  return {
    ...toConversationItem(row),
    messages: messages.map(toMessageView),
    matches,
    templateAvailable: deps.whatsapp.templateName !== null,
  }
}

function claimedError(row: ConversationRow): ConflictError {
  return new ConflictError(
    `Bu yazışmayı ${row.claimedBy?.displayName ?? 'başka biri'} üstlendi.`,
    'conversation_claimed',
    { claimedBy: row.claimedBy },
  )
}

/** The conversation becomes the actor's; 409 naming who has it (a supervisor or admin may take it over). */
export async function claimConversation(
  deps: ConversationDeps,
  actor: Actor,
  id: number,
  takeOver = false,
): Promise<void> {
  assertDirectorate(actor)
  const mayTakeOver = takeOver && (actor.role === 'supervisor' || actor.role === 'admin')
  const done = await deps.prisma.whatsappConversation.updateMany({
    where: { id, ...(mayTakeOver ? {} : { OR: [{ claimedById: null }, { claimedById: actor.userId }] }) },
    data: { claimedById: actor.userId, claimedAt: deps.clock.now() },
  })
  if (done.count === 1) {
    deps.whatsapp.onChange()
    return
  }
  throw claimedError(await load(deps, id))
}

export async function releaseConversation(deps: ConversationDeps, actor: Actor, id: number): Promise<void> {
  assertDirectorate(actor)
  const done = await deps.prisma.whatsappConversation.updateMany({
    where: { id, claimedById: actor.userId },
    data: { claimedById: null, claimedAt: null },
  })
  if (done.count === 1) {
    deps.whatsapp.onChange()
    return
  }
  // Nobody's (nothing to do) or someone else's: that one is not the actor's to release, as in claiming.
  const row = await load(deps, id)
  if (row.claimedById !== null && row.claimedById !== actor.userId) throw claimedError(row)
}

/** Replies as the actor (claiming the conversation if nobody has it). */
export async function replyToConversation(
  deps: ConversationDeps,
  actor: Actor,
  id: number,
  body: WhatsappReplyBody,
): Promise<void> {
  await claimConversation(deps, actor, id)
  const row = await load(deps, id)
  const now = deps.clock.now()
  const closes = windowClosesAt(row.lastInboundAt)
  let content: { kind: 'text'; text: string } | { kind: 'template'; name: string }
  if (body.template === true) {
    const name = deps.whatsapp.templateName
    if (name === null)
      throw new ConflictError(
        'Onaylı yanıt şablonu tanımlı değil (WHATSAPP_REPLY_TEMPLATE).',
        'no_reply_template',
      )
    content = { kind: 'template', name }
  } else {
    const text = body.text?.trim() ?? ''
    if (text === '')
      throw new ValidationError([{ path: 'text', code: 'required', message: 'Yanıt metni gerekli.' }])
    if (closes === null || closes <= now)
      throw new ConflictError(
        'Vatandaşın son iletisinin üzerinden 24 saat geçti: WhatsApp yalnızca onaylı şablon göndermeye izin veriyor.',
        'window_closed',
        { windowClosesAt: closes?.toISOString() ?? null },
      )
    content = { kind: 'text', text }
  }
  const stored = {
    conversationId: id,
    direction: 'OUT' as const,
    kind: content.kind,
    text: content.kind === 'text' ? content.text : `Onaylı şablon: ${content.name}`,
    at: now,
    sentById: actor.userId,
  }
  let sent: { wamid: string; demo: boolean }
  try {
    sent = await deps.whatsapp.send(row.phone, content)
  } catch (error) {
    // The agent's words are kept with WhatsApp's reason, so nothing typed is lost.
    await deps.prisma.whatsappMessage.create({
      data: { ...stored, status: 'FAILED', error: (error as Error).message },
    })
    throw new UpstreamError(`Yanıt gönderilemedi: ${(error as Error).message}`, { cause: error })
  }
  await deps.prisma.$transaction([
    deps.prisma.whatsappMessage.create({
      data: { ...stored, wamid: sent.wamid, status: sent.demo ? 'DELIVERED' : 'SENT' },
    }),
    deps.prisma.whatsappConversation.update({
      where: { id },
      data: { waitingSince: null, unread: 0, lastMessageAt: now },
    }),
  ])
  deps.whatsapp.onChange()
}

/**
 * The conversation's citizen messages since it last waited (or its last 20) as the ticket's text, and
 * their ids: those not yet in an earlier ticket become this ticket's, so their files are its Ekler
 * (server/services/intake/ticket-attachments.ts).
 */
async function ticketText(
  deps: ConversationDeps,
  row: ConversationRow,
): Promise<{ text: string; messageIds: number[] }> {
  const inbound = await deps.prisma.whatsappMessage.findMany({
    where: {
      conversationId: row.id,
      direction: 'IN',
      ...(row.waitingSince ? { at: { gte: row.waitingSince } } : {}),
    },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: 20,
    select: { id: true, at: true, kind: true, text: true, latitude: true, longitude: true },
  })
  const lines = inbound.reverse().map((m) => {
    const where = m.latitude !== null ? ` (konum: ${m.latitude}, ${m.longitude})` : ''
    const file =
      m.kind === 'image' || m.kind === 'document' ? ` [${m.kind === 'image' ? 'fotoğraf' : 'belge'}]` : ''
    return `${m.text}${file}${where}`.trim()
  })
  const text = lines.filter((l) => l !== '').join('\n')
  return {
    text: (text || '(WhatsApp iletisi metin içermiyor)').slice(0, 5000),
    messageIds: inbound.map((m) => m.id),
  }
}

export async function conversationToTicket(
  deps: ConversationDeps,
  actor: Actor,
  id: number,
  body: WhatsappTicketBody,
): Promise<{ ticketId: number; ticketNumber: string }> {
  await claimConversation(deps, actor, id)
  const row = await load(deps, id)
  const newCitizen = body.citizenId == null ? body.newCitizen : null
  const phones = newCitizen == null ? [] : normalisePhoneInputs([{ number: row.phone }])
  const now = deps.clock.now()
  const { text, messageIds } = await ticketText(deps, row)
  const created = await openTicket(
    deps,
    actor,
    {
      type: body.type,
      channel: 'WHATSAPP',
      subject: body.subject,
      description: text,
      unitId: body.unitId ?? null,
      citizenId: body.citizenId ?? null,
      ...(body.priority ? { priority: body.priority } : {}),
    },
    {
      ...(newCitizen == null
        ? {}
        : {
            newCitizen: async (tx, at) =>
              (await createCitizenInTx(tx, actor, at, { fullName: newCitizen.fullName }, phones)).id,
          }),
      alsoInTx: async (tx, ticket) => {
        await tx.whatsappConversation.update({
          where: { id },
          data: { ticketId: ticket.id, waitingSince: null, unread: 0 },
        })
        await tx.whatsappMessage.updateMany({
          where: { id: { in: messageIds }, conversationId: id, ticketId: null },
          data: { ticketId: ticket.id },
        })
        await appendTicketEvents(tx, ticket.id, actor, now, [
          { kind: 'COMMENT', note: 'WhatsApp yazışmasından açıldı.', data: { whatsappConversationId: id } },
        ])
      },
    },
  )
  deps.whatsapp.onChange()
  return { ticketId: created.id, ticketNumber: created.number }
}

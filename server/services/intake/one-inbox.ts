/**
 * Talepler › Gelen kutusu as one list (server/contract/inbox.ts): web applications and mails
 * (`IntakeItem`, server/services/intake/inbox.ts) and WhatsApp conversations
 * (server/services/whatsapp/conversations.ts) merged by the time they wait since, with counts per
 * channel. The same roles and the same data as those two lists: the directorate sees the sender as
 * there, and the WhatsApp conversations listed are audited as `GET /whatsapp/conversations` audits them.
 */
import {
  INBOX_CHANNELS,
  type InboxChannel,
  type InboxClaimedFilter,
  type InboxEntry,
  type InboxPage,
  type InboxState,
} from '../../contract/inbox.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { ForbiddenError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { DIRECTORATE_ROLES } from '../tickets/ticket-access.ts'
import {
  conversationInclude,
  toConversationItem,
  type ConversationRow,
} from '../whatsapp/conversation-view.ts'
import { inboxInclude, toIntakeListItem, type InboxRow } from './inbox-view.ts'

export interface InboxListQuery {
  channel: InboxChannel | null
  claimed: InboxClaimedFilter
  state: InboxState
  order: 'asc' | 'desc' | null
  offset: number
  limit: number
}

function claimWhere(
  actor: Actor,
  claimed: InboxClaimedFilter,
): { claimedById?: number | null | { not: null } } {
  if (claimed === 'unclaimed') return { claimedById: null }
  if (claimed === 'claimed') return { claimedById: { not: null } }
  if (claimed === 'mine') return { claimedById: actor.userId }
  return {}
}

function intakeWhere(actor: Actor, q: InboxListQuery): Prisma.IntakeItemWhereInput {
  return {
    ...(q.state === 'waiting' ? { status: 'BEKLIYOR' } : { status: { in: ['KABUL', 'SPAM'] } }),
    ...claimWhere(actor, q.claimed),
  }
}

function whatsappWhere(actor: Actor, q: InboxListQuery): Prisma.WhatsappConversationWhereInput {
  return {
    waitingSince: q.state === 'waiting' ? { not: null } : null,
    ...claimWhere(actor, q.claimed),
  }
}

function fromIntake(row: InboxRow): InboxEntry {
  const item = toIntakeListItem(row)
  const waiting = row.status === 'BEKLIYOR'
  return {
    key: `${row.source}:${row.id}`,
    channel: row.source,
    id: row.id,
    waitingSince: waiting ? item.receivedAt : null,
    at: (waiting ? row.receivedAt : (row.decidedAt ?? row.receivedAt)).toISOString(),
    sender: item.sender,
    subject: item.subject,
    preview: item.excerpt,
    claimedBy: item.claimedBy,
    claimedAt: item.claimedAt,
    ticket: item.ticket === null ? null : { id: item.ticket.id, number: item.ticket.number },
    unread: 0,
    attachments: item.attachments,
    outcome: row.status === 'BEKLIYOR' ? null : row.status,
  }
}

function fromWhatsapp(row: ConversationRow): InboxEntry {
  const c = toConversationItem(row)
  return {
    key: `WHATSAPP:${row.id}`,
    channel: 'WHATSAPP',
    id: row.id,
    waitingSince: c.waitingSince,
    at: c.waitingSince ?? c.lastMessageAt,
    sender: { name: c.profileName, email: null, phone: c.phone },
    subject: null,
    preview: c.lastText,
    claimedBy: c.claimedBy,
    claimedAt: c.claimedAt,
    ticket: c.ticket,
    unread: c.unread,
    attachments: 0,
    outcome: c.waitingSince === null ? 'YANITLANDI' : null,
  }
}

/** One page of the merged list: the first `offset + limit` of each table, merged, then the page cut. */
export async function listOneInbox(deps: ServiceDeps, actor: Actor, q: InboxListQuery): Promise<InboxPage> {
  if (!DIRECTORATE_ROLES.includes(actor.role))
    throw new ForbiddenError('Gelen kutusu Halkla İlişkiler personeline açıktır.')
  const asc = (q.order ?? (q.state === 'waiting' ? 'asc' : 'desc')) === 'asc'
  const dir = asc ? 'asc' : 'desc'
  const take = q.offset + q.limit
  const iWhere = intakeWhere(actor, q)
  const wWhere = whatsappWhere(actor, q)
  const wantIntake = q.channel !== 'WHATSAPP'
  const wantWhatsapp = q.channel === null || q.channel === 'WHATSAPP'
  const source = q.channel === 'WEB' || q.channel === 'EPOSTA' ? { source: q.channel } : {}

  const [intakeRows, waRows, intakeCounts, waCount] = await Promise.all([
    wantIntake
      ? deps.prisma.intakeItem.findMany({
          where: { ...iWhere, ...source },
          include: inboxInclude,
          orderBy: [q.state === 'waiting' ? { receivedAt: dir } : { decidedAt: dir }, { id: dir }],
          take,
        })
      : Promise.resolve([]),
    wantWhatsapp
      ? deps.prisma.whatsappConversation.findMany({
          where: wWhere,
          include: conversationInclude,
          orderBy: [q.state === 'waiting' ? { waitingSince: dir } : { lastMessageAt: dir }, { id: dir }],
          take,
        })
      : Promise.resolve([]),
    deps.prisma.intakeItem.groupBy({
      by: ['source'],
      where: iWhere,
      _count: { _all: true },
      _min: { receivedAt: true },
    }),
    deps.prisma.whatsappConversation.aggregate({
      where: wWhere,
      _count: { _all: true },
      _min: { waitingSince: true },
    }),
  ])

  const sign = asc ? 1 : -1
  const merged = [...intakeRows.map(fromIntake), ...waRows.map(fromWhatsapp)].sort(
    (a, b) => sign * (Date.parse(a.at) - Date.parse(b.at)) || a.key.localeCompare(b.key),
  )
  const items = merged.slice(q.offset, q.offset + q.limit)

  const of = (s: 'WEB' | 'EPOSTA') => intakeCounts.find((r) => r.source === s)
  const counts: InboxPage['counts'] = {
    WEB: of('WEB')?._count._all ?? 0,
    EPOSTA: of('EPOSTA')?._count._all ?? 0,
    WHATSAPP: waCount._count._all,
  }
  const selected: readonly InboxChannel[] = q.channel === null ? INBOX_CHANNELS : [q.channel]
  const oldest =
    q.state !== 'waiting'
      ? []
      : selected
          .map((c) => (c === 'WHATSAPP' ? waCount._min.waitingSince : of(c)?._min.receivedAt))
          .filter((d): d is Date => d != null)
          .map((d) => d.getTime())

  const conversationIds = items.filter((i) => i.channel === 'WHATSAPP').map((i) => i.id)
  if (conversationIds.length > 0)
    await recordAudit(deps.prisma, actor, deps.clock.now(), [
      {
        action: AUDIT_ACTIONS.whatsappList,
        entity: 'WhatsappConversation',
        entityId: 'list',
        detail: { conversationIds },
      },
    ])
  return {
    items,
    total: selected.reduce((sum, c) => sum + counts[c], 0),
    offset: q.offset,
    limit: q.limit,
    counts,
    oldestWaitingAt: oldest.length === 0 ? null : new Date(Math.min(...oldest)).toISOString(),
  }
}

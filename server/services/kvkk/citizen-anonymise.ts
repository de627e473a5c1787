/**
 * Taking one person out of Pano, inside the caller's transaction: used by an erasure on request
 * (citizen-erase.ts) and by the retention run (retention-job.ts). The rule (KVKK ADR in docs/decisions/):
 *
 * - the citizen record(s) keep their id, mahalle and the date the notice was given (the controller must
 *   prove it, docs/kvkk.md §4); name, e-mail and address go, phone numbers are deleted;
 * - calls and switchboard transfers from their numbers keep their times (statistics), the number is
 *   masked as unit staff see it and the caller's name is dropped; the agent's note loses the person;
 * - call-back worklist entries for them are deleted (nobody may phone an erased number);
 * - WhatsApp conversations with their numbers are deleted with their messages and files
 *   (docs/intake.md §9); a ticket made from one keeps its text as tickets do;
 * - tickets a law still needs (open, or closed within the tickets period) keep their substance with the
 *   person taken out of every text; older tickets keep only their numbers, dates and statuses;
 * - each ticket gets a history entry saying so. TicketEvent is append-only; its notes are rewritten
 *   under `pano.ticket_event_purge`, the opt-in of prisma/migrations/*_integrity_guards.
 */
import type { Prisma } from '../../db/generated/client.ts'
import {
  ANONYMISED_MARK,
  ANONYMOUS_NAME,
  ERASED_TEXT,
  scrubPersonalText,
  type PersonMarks,
} from '../../domain/anonymise-text.ts'
import { maskPhone } from '../../domain/phone.ts'

type Tx = Prisma.TransactionClient

const DAY_MS = 86_400_000

export interface AnonymiseInput {
  /** The live record and every record merged into it. */
  citizenIds: readonly number[]
  now: Date
  /** Days a closed ticket is kept (RetentionPeriods.tickets). */
  ticketDays: number
  /** Who asked (the officer), or null for the retention run. */
  actorId: number | null
}

export interface AnonymisedTicket {
  number: string
  status: string
  closedAt: Date | null
  /** A law still needs it: its substance stays, without the person. */
  keptByLaw: boolean
  /** Until when a closed ticket is kept (null while it is open). */
  keptUntil: Date | null
}

export interface AnonymiseOutcome {
  citizensAnonymised: number
  phonesDeleted: number
  callsMasked: number
  transfersMasked: number
  callbacksDeleted: number
  whatsappConversationsDeleted: number
  tickets: AnonymisedTicket[]
}

/** A stored caller number as it may be kept after its period: masked, or `***` when not a number. */
export function maskedCaller(number: string): string {
  return number.includes('*') ? number : maskPhone(number)
}

async function maskCalls(tx: Tx, ids: readonly number[], phones: string[], marks: PersonMarks) {
  const calls = await tx.call.findMany({
    where: { OR: [{ citizenId: { in: [...ids] } }, { callerNumber: { in: phones } }] },
    select: { id: true, callerNumber: true, callerName: true, wrapUpNote: true },
  })
  let masked = 0
  for (const c of calls) {
    const callerNumber = c.callerNumber === null ? null : maskedCaller(c.callerNumber)
    const wrapUpNote = scrubPersonalText(c.wrapUpNote, marks)
    if (callerNumber === c.callerNumber && c.callerName === null && wrapUpNote === c.wrapUpNote) continue
    await tx.call.update({ where: { id: c.id }, data: { callerNumber, callerName: null, wrapUpNote } })
    masked++
  }
  let transfers = 0
  for (const e164 of phones) {
    const { count } = await tx.transfer.updateMany({
      where: { callerNumber: e164 },
      data: { callerNumber: maskPhone(e164) },
    })
    transfers += count
  }
  return { masked, transfers }
}

async function deleteCallbacks(tx: Tx, ids: readonly number[], phones: string[]): Promise<number> {
  const where = { OR: [{ citizenId: { in: [...ids] } }, { phoneE164: { in: phones } }] }
  const rows = await tx.callback.findMany({ where, select: { id: true } })
  if (rows.length === 0) return 0
  const callbackIds = rows.map((r) => r.id)
  await tx.callbackAttempt.deleteMany({ where: { callbackId: { in: callbackIds } } })
  await tx.callback.deleteMany({ where: { id: { in: callbackIds } } })
  return rows.length
}

async function anonymiseTickets(
  tx: Tx,
  input: AnonymiseInput,
  marks: PersonMarks,
): Promise<AnonymisedTicket[]> {
  const tickets = await tx.ticket.findMany({
    where: { citizenId: { in: [...input.citizenIds] } },
    include: { events: { select: { id: true, note: true } } },
    orderBy: { id: 'asc' },
  })
  if (tickets.length === 0) return []
  await tx.$executeRawUnsafe(`SET LOCAL pano.ticket_event_purge = 'on'`)
  const out: AnonymisedTicket[] = []
  for (const t of tickets) {
    const keptUntil =
      t.status !== 'KAPANDI' || t.closedAt === null
        ? null
        : new Date(t.closedAt.getTime() + input.ticketDays * DAY_MS)
    const lawNeedsIt = keptUntil === null || keptUntil.getTime() > input.now.getTime()
    const text = (value: string) => (lawNeedsIt ? scrubPersonalText(value, marks) : ERASED_TEXT)
    await tx.ticket.update({
      where: { id: t.id },
      data: {
        subject: scrubPersonalText(t.subject, marks),
        description: text(t.description),
        unitAnswer: t.unitAnswer === null ? null : text(t.unitAnswer),
      },
    })
    for (const e of t.events) {
      const note = e.note === null ? null : lawNeedsIt ? scrubPersonalText(e.note, marks) : null
      if (note !== e.note) await tx.ticketEvent.update({ where: { id: e.id }, data: { note } })
    }
    await tx.ticketEvent.create({
      data: {
        ticketId: t.id,
        kind: 'COMMENT',
        note: lawNeedsIt
          ? 'Vatandaşın kişisel verileri KVKK kapsamında anonimleştirildi; talep yasal saklama süresince tutuluyor.'
          : 'Vatandaşın kişisel verileri ve talep metni KVKK kapsamında silindi.',
        data: { change: 'kvkk-anonymised', kept: lawNeedsIt },
        actorId: input.actorId,
        at: input.now,
      },
    })
    out.push({
      number: t.number,
      status: t.status,
      closedAt: t.closedAt,
      keptByLaw: lawNeedsIt,
      keptUntil,
    })
  }
  return out
}

export async function anonymiseCitizens(tx: Tx, input: AnonymiseInput): Promise<AnonymiseOutcome> {
  const ids = [...input.citizenIds]
  const people = await tx.citizen.findMany({
    where: { id: { in: ids } },
    select: { fullName: true, address: true, email: true, phones: { select: { e164: true } } },
  })
  const marks: PersonMarks = {
    names: people.map((p) => p.fullName).filter((n) => n !== ANONYMOUS_NAME && n !== ANONYMISED_MARK),
    addresses: people.flatMap((p) => (p.address === null ? [] : [p.address])),
  }
  const phones = [...new Set(people.flatMap((p) => p.phones.map((x) => x.e164)))]
  const calls = await maskCalls(tx, ids, phones, marks)
  const callbacksDeleted = await deleteCallbacks(tx, ids, phones)
  const tickets = await anonymiseTickets(tx, input, marks)
  const whatsapp = await tx.whatsappConversation.deleteMany({ where: { phone: { in: phones } } })
  const phonesDeleted = (await tx.citizenPhone.deleteMany({ where: { citizenId: { in: ids } } })).count
  const { count } = await tx.citizen.updateMany({
    where: { id: { in: ids } },
    data: { fullName: ANONYMOUS_NAME, email: null, address: null, anonymizedAt: input.now },
  })
  return {
    citizensAnonymised: count,
    phonesDeleted,
    callsMasked: calls.masked,
    transfersMasked: calls.transfers,
    callbacksDeleted,
    whatsappConversationsDeleted: whatsapp.count,
    tickets,
  }
}

/**
 * Who is calling: the caller's number normalised, then ONE indexed query (findCitizensByPhone: the
 * CitizenPhone(e164) index, open tickets and the last contact in the same statement, audited as
 * `citizen.screen-pop` for the agent whose phone rings). Deadline badges come from the cached
 * working-day calendar, so the pop costs one round trip plus the audit insert.
 */
import type { PopCitizen, PopContact, PopMatch } from '../../contract/agent-desk.ts'
import { TICKET_EVENT_LABELS, TICKET_STATUSES, type TicketStatusCode } from '../../contract/tickets.ts'
import { overdueBy } from '../../domain/legal-clock.ts'
import { formatPhoneTr, normalizePhone } from '../../domain/phone.ts'
import type { Actor } from '../audit/actor.ts'
import { findCitizensByPhone } from '../citizens/citizen-search.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { deadlineBadge } from '../tickets/ticket-view.ts'

/** Caller ids Asterisk uses for "no number". */
const WITHHELD = new Set(['', 'anonymous', 'unknown', '<unknown>', 'restricted', 'private', 'withheld'])

export interface CallerIdentity {
  /** E.164 when readable, else the digits as sent; null when withheld. */
  number: string | null
  display: string
  e164: string | null
}

export function identifyCaller(raw: string | undefined): CallerIdentity {
  const text = (raw ?? '').trim()
  if (WITHHELD.has(text.toLowerCase())) return { number: null, display: 'Gizli numara', e164: null }
  const phone = normalizePhone(text)
  if (phone.ok) return { number: phone.e164, display: formatPhoneTr(phone.e164), e164: phone.e164 }
  // Not a number libphonenumber knows, yet +90 and ten digits reads as every Turkish number does
  // (formatPhoneTr, server/domain/phone.ts); anything else is shown as the PBX sent it.
  return { number: text, display: formatPhoneTr(text), e164: null }
}

function statusOf(value: string): TicketStatusCode {
  return (TICKET_STATUSES as readonly string[]).includes(value) ? (value as TicketStatusCode) : 'YENI'
}

export interface LookupResult {
  match: PopMatch
  candidates: PopCitizen[]
}

export async function lookupCaller(
  deps: ServiceDeps,
  actor: Actor,
  caller: CallerIdentity,
): Promise<LookupResult> {
  if (caller.number === null) return { match: 'withheld', candidates: [] }
  if (caller.e164 === null) return { match: 'none', candidates: [] }
  const [rows, calendar] = await Promise.all([
    findCitizensByPhone(deps, actor, caller.e164),
    deps.calendar.current(),
  ])
  const now = deps.clock.now()
  const candidates = rows.map((c): PopCitizen => ({
    id: c.id,
    fullName: c.fullName,
    mahalle: c.mahalle,
    phones: c.phones.map(formatPhoneTr),
    openTickets: c.openTickets.map((t) => {
      const status = statusOf(t.status)
      const dueAt = new Date(t.dueAt)
      const deadline = deadlineBadge(status, dueAt, now, calendar)
      return {
        id: t.id,
        number: t.number,
        subject: t.subject,
        status,
        dueAt: t.dueAt,
        deadline,
        overdueBy: deadline === 'overdue' ? overdueBy(dueAt, now, calendar) : null,
      }
    }),
    lastContactAt: c.lastContactAt,
  }))
  const match: PopMatch = candidates.length === 0 ? 'none' : candidates.length === 1 ? 'single' : 'several'
  return { match, candidates }
}

const CALL_OUTCOME_TEXT: Record<string, string> = {
  ANSWERED: 'cevaplandı',
  ABANDONED: 'cevapsız kaldı (arayan kapattı)',
  TIMEOUT: 'sırada zaman aşımı',
  EXIT_EMPTY: 'temsilci yoktu',
  EXIT_KEY: 'tuşla çıktı',
  TRANSFERRED: 'aktarıldı',
  NO_ANSWER: 'cevap yok',
  FAILED: 'kurulamadı',
  UNKNOWN: 'santral bağlantısı kesikken bitti, sonucu bilinmiyor',
}

function duration(sec: number | null): string {
  if (sec === null || sec <= 0) return ''
  const m = Math.floor(sec / 60)
  const s = Math.round(sec % 60)
  return m > 0 ? ` · ${m} dk ${s} sn` : ` · ${s} sn`
}

const RECENT = 6

/**
 * The last contacts: earlier calls from this number (Call(callerNumber, enteredAt) index) and the latest
 * steps of the candidates' tickets (TicketEvent(ticketId, at) index). Read after the pop went out.
 */
export async function recentContacts(
  deps: ServiceDeps,
  e164: string | null,
  citizenIds: readonly number[],
  excludeCallKey: string,
): Promise<PopContact[]> {
  const [calls, events] = await Promise.all([
    e164 === null
      ? []
      : deps.prisma.call.findMany({
          where: { callerNumber: e164, callKey: { not: excludeCallKey } },
          orderBy: { enteredAt: 'desc' },
          take: RECENT,
          select: { enteredAt: true, outcome: true, talkSec: true, direction: true, agentName: true },
        }),
    citizenIds.length === 0
      ? []
      : deps.prisma.ticketEvent.findMany({
          where: { ticket: { citizenId: { in: [...citizenIds] } } },
          orderBy: { at: 'desc' },
          take: RECENT,
          select: { at: true, kind: true, ticket: { select: { id: true, number: true } } },
        }),
  ])
  const contacts: PopContact[] = [
    ...calls.map((c) => ({
      kind: 'call' as const,
      at: c.enteredAt.toISOString(),
      text: `${c.direction === 'OUTBOUND' ? 'Giden çağrı' : 'Çağrı'} · ${CALL_OUTCOME_TEXT[c.outcome] ?? c.outcome}${duration(c.talkSec)}${c.agentName ? ` · ${c.agentName}` : ''}`,
      ticketId: null,
    })),
    ...events.map((e) => ({
      kind: 'ticket' as const,
      at: e.at.toISOString(),
      text: `${e.ticket.number} · ${TICKET_EVENT_LABELS[e.kind]}`,
      ticketId: e.ticket.id,
    })),
  ]
  return contacts.sort((a, b) => b.at.localeCompare(a.at)).slice(0, RECENT)
}

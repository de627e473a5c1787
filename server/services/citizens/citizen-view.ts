/** Prisma rows → citizen wire shapes. Pure; the caller decides who may see them and audits the read. */
import type { CitizenPhoneView, CitizenSummary, CitizenView } from '../../contract/citizens.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { formatPhoneTr } from '../../domain/phone.ts'

export const OPEN_TICKET_STATUSES = [
  'YENI',
  'BIRIME_HAVALE',
  'ISLEMDE',
  'YANITLANDI',
  'VATANDASA_BILDIRILDI',
] as const

/** The `include` every citizen read uses, so the projection below always has what it needs. */
export const citizenInclude = {
  phones: { orderBy: { id: 'asc' } },
  _count: { select: { tickets: { where: { status: { in: [...OPEN_TICKET_STATUSES] } } } } },
} satisfies Prisma.CitizenInclude

import type { MessageChannelCode } from '../../contract/messaging.ts'

interface CitizenRow {
  id: number
  fullName: string
  email: string | null
  mahalle: string | null
  address: string | null
  kvkkNoticeAt: Date | null
  preferredChannel: MessageChannelCode | null
  messagingConsentAt: Date | null
  createdAt: Date
  updatedAt: Date
  phones: { id: number; e164: string; label: string | null }[]
  _count: { tickets: number }
}

export function toPhoneView(p: { id: number; e164: string; label: string | null }): CitizenPhoneView {
  return { id: p.id, e164: p.e164, display: formatPhoneTr(p.e164), label: p.label }
}

export function toCitizenSummary(row: CitizenRow): CitizenSummary {
  return {
    id: row.id,
    fullName: row.fullName,
    mahalle: row.mahalle,
    phones: row.phones.map(toPhoneView),
    openTickets: row._count.tickets,
  }
}

export function toCitizenView(
  row: CitizenRow,
  requestedId: number | null,
  mergedFromIds: number[],
): CitizenView {
  return {
    ...toCitizenSummary(row),
    email: row.email,
    address: row.address,
    kvkkNoticeAt: row.kvkkNoticeAt?.toISOString() ?? null,
    preferredChannel: row.preferredChannel,
    messagingConsentAt: row.messagingConsentAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    requestedId,
    mergedFromIds,
  }
}

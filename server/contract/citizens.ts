/**
 * Citizen wire shapes (`/api/v1/citizens`): shared by server and client (types only). Only roles whose
 * work needs personal data reach these routes (agent, operator, supervisor, admin); every read is audited.
 */
import type { MessageChannelCode } from './messaging.ts'
import type { TicketListItem } from './tickets.ts'

export interface CitizenPhoneView {
  id: number
  e164: string
  /** National format for people: `0532 123 45 67`. */
  display: string
  label: string | null
}

export interface CitizenSummary {
  id: number
  fullName: string
  mahalle: string | null
  phones: CitizenPhoneView[]
  openTickets: number
}

export interface CitizenView extends CitizenSummary {
  email: string | null
  address: string | null
  kvkkNoticeAt: string | null
  /** The written channel the citizen asked for (null: by phone). */
  preferredChannel: MessageChannelCode | null
  /** When the citizen agreed to be written to (KVKK); null: no consent. */
  messagingConsentAt: string | null
  createdAt: string
  updatedAt: string
  /** Set when the id asked for was merged: the view is the survivor's, this is the id that was asked. */
  requestedId: number | null
  mergedFromIds: number[]
}

export interface CitizenSearchResult {
  items: CitizenSummary[]
  /** How the query was understood: name words, a phone number or a ticket number. */
  matchedBy: 'name' | 'phone' | 'ticket' | 'none'
}

export interface CitizenPhoneInput {
  number: string
  label?: string | null
}

export interface CreateCitizenBody {
  fullName: string
  phones?: CitizenPhoneInput[]
  email?: string | null
  mahalle?: string | null
  address?: string | null
  /** The KVKK aydınlatma notice was given now (the time is recorded by the server). */
  kvkkNoticeGiven?: boolean
  /** null: told by phone. E-mail needs an address, SMS and WhatsApp a mobile number (400 otherwise). */
  preferredChannel?: MessageChannelCode | null
  /** true: the citizen agrees to be written to (recorded with time and user); false: withdraws it. */
  messagingConsent?: boolean
}

export type UpdateCitizenBody = Partial<CreateCitizenBody>

export interface CreateCitizenResponse {
  citizen: CitizenView
  /** Other records that already hold one of the numbers: candidates to merge. */
  possibleDuplicates: CitizenSummary[]
}

export interface MergeCitizenBody {
  /** The duplicate that is folded into `:id` (the survivor). */
  duplicateId: number
}

/** Screen-pop candidate: what an agent needs the moment the phone rings. */
export interface CitizenCandidate {
  id: number
  fullName: string
  mahalle: string | null
  phones: string[]
  openTickets: { id: number; number: string; subject: string; status: string; dueAt: string }[]
  lastContactAt: string | null
}

export interface CitizenTicketsResponse {
  items: TicketListItem[]
}

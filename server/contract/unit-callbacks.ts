/**
 * The unit's "Geri aranacaklar" list (ADR 007): callers a switchboard transfer to the unit
 * lost, to be phoned back by the unit. Shared by server and client (types and constants only).
 *
 *   GET  /api/v1/worklists/unit-callbacks[?unitId=]        unit: own unit; supervisor/admin: any / all
 *   POST /api/v1/worklists/unit-callbacks/:id/reveal        the full number, written to the audit log
 *   POST /api/v1/worklists/unit-callbacks/:id/attempts      { outcome, note?, close? }
 */
import type { Role } from './auth.ts'
import type { ContactOutcomeCode } from './tickets.ts'

export const UNIT_CALLBACK_ROLES = ['unit', 'supervisor', 'admin'] as const satisfies readonly Role[]

export const CALLBACK_REASON_LABELS: Record<string, string> = {
  TRANSFER_UNANSWERED: 'Santral aktarımı cevaplanmadı',
  ABANDONED: 'Kuyrukta kapattı',
  OUT_OF_HOURS: 'Mesai dışı arama',
  TICKET_NOTIFY: 'Talep sonucu bildirimi',
  SCHEDULED: 'Geri arama sözü verildi',
  OUTCOME_UNKNOWN: 'Santral bağlantısı kesikken bitti, sonucu bilinmiyor',
}

export interface UnitCallbackAttemptView {
  id: number
  outcome: ContactOutcomeCode
  note: string | null
  at: string
  by: string | null
}

export interface UnitCallbackItem {
  id: number
  unit: { id: number; name: string }
  reason: string
  /**
   * Unit staff: masked (`0532 *** ** 67`) until they ask for the number (reveal, audited).
   * Supervisor/admin: the full number.
   */
  phone: string
  /** Present only when `phone` is the full number (supervisor/admin). */
  phoneE164: string | null
  /** The citizen holding the number: supervisor/admin only (unit staff see no names). */
  citizenName: string | null
  /** How many times the caller was lost to this unit since the entry opened. */
  callCount: number
  firstCallAt: string
  lastCallAt: string
  dueAt: string
  attempts: UnitCallbackAttemptView[]
}

export interface UnitCallbackList {
  items: UnitCallbackItem[]
}

export interface UnitCallbackReveal {
  id: number
  phone: string
  phoneE164: string
}

export interface UnitCallbackAttemptBody {
  outcome: ContactOutcomeCode
  note?: string | null
  /** Close the entry even though the caller was not reached (ULASILDI always closes it). */
  close?: boolean
}

export interface UnitCallbackAttemptResult {
  attemptId: number
  closed: boolean
}

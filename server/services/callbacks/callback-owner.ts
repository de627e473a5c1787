/**
 * Who phones a missed caller back: every Callback row has one owner, read from the row itself, so a
 * missed call is on one side's list and counted once.
 *
 * - A unit: the row has a `unitId`. That is a caller the santral transferred to the unit and who was
 *   lost before the unit answered (reason TRANSFER_UNANSWERED, switchboard/transfer-store.ts). It is on
 *   the unit's "Geri aranacaklar" and on the müdür's view of every unit's (callbacks/unit-callbacks.ts,
 *   docs/decisions/007-unit-callbacks-and-kvkk.md).
 * - The call centre: every other row. A 444 caller who gave up or called out of hours
 *   (calls/missed-calls.ts), a call back promised at wrap-up (agent-desk/scheduled-callback.ts), an
 *   answer to relay, and a caller lost on a transfer to an extension of no unit (no unit would call them
 *   back). These are on the call centre's missed-call list (tickets/worklists.ts).
 */
import type { Prisma } from '../../db/generated/client.ts'

/** Rows on the call centre's missed-call list. */
export const CALL_CENTRE_OWNED = { unitId: null } satisfies Prisma.CallbackWhereInput

/** Rows on a unit's list (any unit). */
export const UNIT_OWNED = { unitId: { not: null } } satisfies Prisma.CallbackWhereInput

export function ownedByCallCentre(row: { unitId: number | null }): boolean {
  return row.unitId === null
}

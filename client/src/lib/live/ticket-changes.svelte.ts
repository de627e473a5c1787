/**
 * A nudge that the tickets a list shows may have changed (for unit staff: a ticket reached the unit or
 * left it; for the directorate: any ticket changed, server/services/directorate-nudge.ts). Lists that show tickets read `ticketChanges.version` and read their page again
 * when it moves; the feeds that hear of changes call `ticketsChanged()`.
 */
export const ticketChanges = $state({ version: 0 })

export function ticketsChanged(): void {
  ticketChanges.version++
}

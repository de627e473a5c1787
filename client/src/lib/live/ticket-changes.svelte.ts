/**
 * A nudge that the tickets a list shows may have changed (a ticket reached the user's unit or left it,
 * its counts moved). Lists that show tickets read `ticketChanges.version` and read their page again
 * when it moves; the feeds that hear of changes call `ticketsChanged()`.
 */
export const ticketChanges = $state({ version: 0 })

export function ticketsChanged(): void {
  ticketChanges.version++
}

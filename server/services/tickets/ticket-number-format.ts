/** `2026-000123`: the year of receipt (Istanbul) and the year's running number, six digits. */
export function formatTicketNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`
}

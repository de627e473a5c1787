/** The years the holiday table offers: those that have holidays, this year and the one after the last. Pure. */
export function yearChoices(withHolidays: readonly number[], thisYear: number): number[] {
  const last = Math.max(thisYear, ...withHolidays)
  return [...new Set([...withHolidays, thisYear, last + 1])].sort((a, b) => a - b)
}

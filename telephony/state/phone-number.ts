/**
 * Turkish caller numbers → E.164 (`+90…`). Pure and small on purpose: the server has its own
 * libphonenumber-based normaliser for citizen records; this one only has to make call records
 * consistent. Returns undefined for withheld/empty numbers; other numbers (internal extensions,
 * unrecognised formats) come back as their digits, unchanged.
 *
 * Recognised: `+90 5xx…`, `0090…`, `90` + 10 digits, `05xx…` / `0232…` (trunk prefix 0 + 10 digits),
 * `5xxxxxxxxx` / `232xxxxxxx` (10 digits starting with 2–5), and any other `+<digits>` / `00<digits>`
 * international number.
 */
export function normaliseCallerNumber(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  if (trimmed === '' || /^(anonymous|unknown|restricted|private|<unknown>)$/i.test(trimmed)) return undefined
  const plus = trimmed.startsWith('+')
  const digits = trimmed.replace(/[\s\-().]/g, '').replace(/^\+/, '')
  if (!/^\d+$/.test(digits)) return trimmed
  if (plus) return `+${digits}`
  if (digits.startsWith('0090') && digits.length === 14) return `+${digits.slice(2)}`
  if (digits.startsWith('00') && digits.length > 4) return `+${digits.slice(2)}`
  if (digits.startsWith('90') && digits.length === 12) return `+${digits}`
  if (digits.startsWith('0') && digits.length === 11 && /^0[2-5]/.test(digits)) return `+90${digits.slice(1)}`
  if (digits.length === 10 && /^[2-5]/.test(digits)) return `+90${digits}`
  return digits
}

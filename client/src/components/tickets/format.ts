/** Dates as people in Karşıyaka read them, whatever the browser's time zone. */
export function formatDateTime(iso: string | null): string {
  if (iso === null) return '—'
  return new Date(iso).toLocaleString('tr-TR', {
    timeZone: 'Europe/Istanbul',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A failed call's Turkish message (ApiError carries one), or a generic one. */
export function errorText(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'İşlem yapılamadı.'
}

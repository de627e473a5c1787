/** Dates as people in Karşıyaka read them, whatever the browser's time zone (client/src/lib/format.ts). */
export { formatDateTime } from '../../lib/format.ts'

/** A failed call's Turkish message (ApiError carries one), or a generic one. */
export function errorText(error: unknown): string {
  return error instanceof Error && error.message !== '' ? error.message : 'İşlem yapılamadı.'
}

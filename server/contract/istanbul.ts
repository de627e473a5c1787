/**
 * Europe/Istanbul's offset from UTC, for the server and the browser alike. Türkiye has kept a fixed
 * UTC+03:00 with no daylight saving since 2016-09-07 (server/domain/calendar/istanbul-time.ts holds the
 * day and clock arithmetic built on it), so one constant is exact for every date Pano handles.
 */
export const ISTANBUL_OFFSET_MINUTES = 180
export const ISTANBUL_OFFSET_MS = ISTANBUL_OFFSET_MINUTES * 60_000
/** The offset as ISO 8601 writes it, to turn an Istanbul wall-clock `YYYY-MM-DDTHH:MM` into an instant. */
export const ISTANBUL_UTC_OFFSET = '+03:00'

/**
 * Türkiye's clock, which every date Pano shows or counts is read in: Europe/Istanbul, a fixed UTC+03:00
 * with no DST since 2016-09-07, so a constant offset is exact for every date the product handles. The
 * client formats with these; the server's calendar arithmetic is server/domain/calendar/istanbul-time.ts.
 */

/** For `Intl.DateTimeFormat` and `toLocale…String` options. */
export const ISTANBUL_TIME_ZONE = 'Europe/Istanbul'

export const ISTANBUL_OFFSET_MINUTES = 180

export const ISTANBUL_OFFSET_MS = ISTANBUL_OFFSET_MINUTES * 60_000

/** The offset as ISO 8601 writes it after a wall-clock time: `2026-12-05T14:00:00+03:00`. */
export const ISTANBUL_UTC_OFFSET = '+03:00'

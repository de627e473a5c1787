import { describe, expect, it } from 'vitest'
import {
  ISTANBUL_OFFSET_MINUTES,
  ISTANBUL_TIME_ZONE,
  ISTANBUL_UTC_OFFSET,
} from '../../../server/contract/time-zone.ts'
import {
  istanbulClock,
  istanbulDate,
  istanbulInstant,
} from '../../../server/domain/calendar/istanbul-time.ts'
import { dayStartOf, statsConfig } from '../../../telephony/index.ts'
import { istanbulToday } from '../../../client/src/components/reports/report-format.ts'

// Türkiye's clock is written once (server/contract/time-zone.ts); the telephony core keeps its own default
// because it imports nothing from the server. Every reading of "today" must agree on where a day begins.

const INSTANTS = [
  '2026-12-05T20:59:59.999Z', // 23:59:59 in İzmir
  '2026-12-05T21:00:00.000Z', // midnight: the next day
  '2026-06-30T09:15:00.000Z',
  '2027-01-01T00:30:00.000Z',
].map((s) => new Date(s))

describe("Istanbul's clock, one definition", () => {
  it('the wallboard day (telephony), the server calendar and the report picker start the day together', () => {
    for (const t of INSTANTS) {
      const serverDayStart = istanbulInstant(istanbulDate(t), 0).getTime()
      expect(dayStartOf(t.getTime(), statsConfig())).toBe(serverDayStart)
      expect(dayStartOf(t.getTime(), statsConfig({ utcOffsetMin: ISTANBUL_OFFSET_MINUTES }))).toBe(
        serverDayStart,
      )
      expect(istanbulToday(t)).toBe(istanbulDate(t))
    }
  })

  it('the ISO offset, the minutes and the Intl time zone name say the same thing', () => {
    for (const t of INSTANTS) {
      const wallClock = `${istanbulDate(t)}T${istanbulClock(t)}${ISTANBUL_UTC_OFFSET}`
      expect(new Date(wallClock).getTime()).toBe(Math.floor(t.getTime() / 1000) * 1000)
      const intl = new Intl.DateTimeFormat('en-CA', {
        timeZone: ISTANBUL_TIME_ZONE,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }).format(t)
      expect(intl).toBe(`${istanbulDate(t)}, ${istanbulClock(t)}`)
    }
  })
})

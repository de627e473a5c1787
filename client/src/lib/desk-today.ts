/**
 * The agent's "Bugünkü sayılarım" as of this second. The server counts an answered call and its talk when
 * the call ends (telephony/stats/aggregate.ts), and the desk reads the numbers again a moment after each
 * change; in between, what is still running is added here, so neither a call's talk nor a break stands
 * still on the screen, and a call that ended after the last read is not left out until the next one.
 */
import type { DeskTodayNumbers, ScreenPop } from '../../../server/contract/agent-desk.ts'

export interface DeskTodayClock {
  /** When this browser got the numbers (ms epoch, its own clock). */
  readonly readAt: number
  readonly now: number
  readonly paused: boolean
  /** The calls on the agent's screen (ringing, talking, waiting for a wrap-up). */
  readonly pops: readonly Pick<ScreenPop, 'answeredAt' | 'endedAt'>[]
}

/**
 * What the numbers do not hold yet: the talk of a call going on, and the calls (with their talk) that
 * ended after the server read them. The server counts an answered call when it ends.
 */
function notYetCounted(read: DeskTodayNumbers, clock: DeskTodayClock): { answered: number; talkSec: number } {
  // The pops' times are the server's: compare them with its clock, not this browser's.
  const serverNow = clock.now - (clock.readAt - read.at)
  let answered = 0
  let ms = 0
  for (const pop of clock.pops) {
    if (pop.answeredAt === null) continue
    const ended = pop.endedAt === null ? null : Date.parse(pop.endedAt)
    if (ended !== null && ended <= read.at) continue
    if (ended !== null) answered++
    ms += Math.max(0, (ended ?? serverNow) - Date.parse(pop.answeredAt))
  }
  return { answered, talkSec: ms / 1000 }
}

export function todayAsOf(read: DeskTodayNumbers | null, clock: DeskTodayClock): DeskTodayNumbers | null {
  if (read === null) return null
  // The server counts an open break up to the moment it read the numbers.
  const breakSince = clock.paused ? Math.max(0, clock.now - clock.readAt) / 1000 : 0
  const since = notYetCounted(read, clock)
  return {
    ...read,
    answered: read.answered + since.answered,
    talkSec: read.talkSec + since.talkSec,
    pausedSec: read.pausedSec + breakSince,
  }
}

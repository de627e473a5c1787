/**
 * The missed-call worklist feed (Callback rows, reasons ABANDONED, OUT_OF_HOURS and OUTCOME_UNKNOWN). A
 * caller who was not served — gave up after the short-abandon limit, timed out, or found the queue
 * empty — gets ONE open row per normalised number (callCount and lastCallAt grow with each try).
 * Calling outside office hours (a weekend or a holiday of the Holiday table included) makes it
 * OUT_OF_HOURS. A caller who left while Pano did not see the PBX, answered or not (outcome UNKNOWN,
 * telephony/state/resync.ts), is called back too, as OUTCOME_UNKNOWN: asking costs a call, not asking
 * may leave a citizen unserved. A later call from the same number that an agent ANSWERS closes the
 * open rows (status DONE): the citizen was reached. Runs inside the call recorder's transaction, only
 * for calls inserted by it, so a replayed record never counts twice.
 */
import type { Prisma } from '../../db/generated/client.ts'
import type { WorkingCalendar } from '../../domain/calendar/working-days.ts'
import { answeredUnseen, type FinishedCall } from '../../../telephony/index.ts'

type Tx = Prisma.TransactionClient

/** A missed caller should be called back within this much office time. */
const CALLBACK_WITHIN_MS = 2 * 3600_000

/** Inside office hours of a working day (the holiday table and mesai of docs/operations.md). */
export function isOfficeHours(t: number, calendar: WorkingCalendar): boolean {
  const at = new Date(t)
  if (!calendar.isWorkingDay(at)) return false
  return t >= calendar.startOfWorkingDay(at).getTime() && t < calendar.endOfWorkingDay(at).getTime()
}

/** Next office opening at or after `t` (now, when the office is open): never a weekend or a bayram. */
export function nextOpening(t: number, calendar: WorkingCalendar): number {
  const at = new Date(t)
  if (calendar.isWorkingDay(at)) {
    const open = calendar.startOfWorkingDay(at).getTime()
    if (t < open) return open
    if (t < calendar.endOfWorkingDay(at).getTime()) return t
  }
  return calendar.startOfWorkingDay(calendar.nextWorkingDay(at)).getTime()
}

export type MissedKind = 'ABANDONED' | 'OUT_OF_HOURS' | 'OUTCOME_UNKNOWN'
const MISSED_REASONS: MissedKind[] = ['ABANDONED', 'OUT_OF_HOURS', 'OUTCOME_UNKNOWN']

/** Whether this finished call puts its caller on the worklist, and why. */
export function missedKindOf(
  call: FinishedCall,
  shortAbandonSec: number,
  calendar: WorkingCalendar,
): MissedKind | null {
  if (call.callerNumber === null || !call.callerNumber.startsWith('+')) return null
  if (call.outcome === 'UNKNOWN') return 'OUTCOME_UNKNOWN'
  const missed =
    (call.outcome === 'ABANDONED' && call.waitSec > shortAbandonSec) ||
    call.outcome === 'TIMEOUT' ||
    call.outcome === 'EXIT_EMPTY'
  if (!missed) return null
  return isOfficeHours(call.enteredAt.getTime(), calendar) ? 'ABANDONED' : 'OUT_OF_HOURS'
}

export async function noteMissedCall(
  tx: Tx,
  call: FinishedCall,
  kind: MissedKind,
  citizenId: number | null,
  calendar: WorkingCalendar,
): Promise<void> {
  const e164 = call.callerNumber as string
  const at = call.endedAt
  const open = await tx.callback.findFirst({
    where: { phoneE164: e164, status: 'OPEN', reason: { in: MISSED_REASONS } },
    orderBy: { id: 'asc' },
  })
  if (open !== null) {
    await tx.callback.update({
      where: { id: open.id },
      data: {
        callCount: { increment: 1 },
        lastCallAt: at > open.lastCallAt ? at : open.lastCallAt,
        ...(open.citizenId === null && citizenId !== null ? { citizenId } : {}),
      },
    })
    return
  }
  await tx.callback.create({
    data: {
      phoneE164: e164,
      citizenId,
      reason: kind,
      status: 'OPEN',
      dueAt: new Date(nextOpening(at.getTime(), calendar) + CALLBACK_WITHIN_MS),
      firstCallAt: at,
      lastCallAt: at,
      callCount: 1,
    },
  })
}

/**
 * Of these numbers, those with an open missed-call row: one query for a batch of answered calls, so the
 * closing `UPDATE` runs only for callers who are on the worklist (most answered callers are not).
 */
export async function numbersOnWorklist(tx: Tx, numbers: readonly string[]): Promise<Set<string>> {
  if (numbers.length === 0) return new Set()
  const rows = await tx.callback.findMany({
    where: { phoneE164: { in: [...new Set(numbers)] }, status: 'OPEN', reason: { in: MISSED_REASONS } },
    select: { phoneE164: true },
    distinct: ['phoneE164'],
  })
  return new Set(rows.map((r) => r.phoneE164))
}

/** An answered call from the number closes its open missed-call rows. */
export async function noteAnsweredCall(tx: Tx, call: FinishedCall): Promise<number> {
  // Answered while nobody watched the PBX: no answer time, but answered by its end.
  const answeredBy = call.answeredAt ?? (answeredUnseen(call) ? call.endedAt : null)
  if (call.callerNumber === null || answeredBy === null) return 0
  const closed = await tx.callback.updateMany({
    where: {
      phoneE164: call.callerNumber,
      status: 'OPEN',
      reason: { in: MISSED_REASONS },
      firstCallAt: { lte: answeredBy },
    },
    data: { status: 'DONE', closedAt: answeredBy },
  })
  return closed.count
}

/**
 * The missed-call worklist feed (Callback rows, reasons ABANDONED and OUT_OF_HOURS). A caller who was
 * not served — gave up after the short-abandon limit, timed out, or found the queue empty — gets ONE
 * open row per normalised number (callCount and lastCallAt grow with each try). Calling outside office
 * hours makes it OUT_OF_HOURS. A later call from the same number that an agent ANSWERS closes the
 * open rows (status DONE): the citizen was reached. Runs inside the call recorder's transaction, only
 * for calls inserted by it, so a replayed record never counts twice.
 */
import type { Prisma } from '../../db/generated/client.ts'
import type { FinishedCall } from '../../../telephony/index.ts'

type Tx = Prisma.TransactionClient

/** Mon–Fri, local Istanbul time (UTC+3 all year). Holidays are not considered here. */
export interface OfficeHours {
  readonly openMinute: number
  readonly closeMinute: number
  readonly utcOffsetMin: number
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  openMinute: 8 * 60 + 30,
  closeMinute: 17 * 60 + 30,
  utcOffsetMin: 180,
}

/** A missed caller should be called back within this much office time. */
const CALLBACK_WITHIN_MS = 2 * 3600_000

function local(t: number, h: OfficeHours): { day: number; minute: number; dayStart: number } {
  const shifted = new Date(t + h.utcOffsetMin * 60_000)
  const minute = shifted.getUTCHours() * 60 + shifted.getUTCMinutes()
  const dayStart = t - (minute * 60_000 + shifted.getUTCSeconds() * 1000 + shifted.getUTCMilliseconds())
  return { day: shifted.getUTCDay(), minute, dayStart }
}

export function isOfficeHours(t: number, h: OfficeHours = DEFAULT_OFFICE_HOURS): boolean {
  const l = local(t, h)
  return l.day >= 1 && l.day <= 5 && l.minute >= h.openMinute && l.minute < h.closeMinute
}

/** Next office opening at or after `t`. */
export function nextOpening(t: number, h: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  for (let d = 0; d < 8; d++) {
    const l = local(t + d * 86_400_000, h)
    const open = l.dayStart + h.openMinute * 60_000
    if (l.day >= 1 && l.day <= 5 && open + (h.closeMinute - h.openMinute) * 60_000 > t)
      return Math.max(open, t)
  }
  return t
}

export type MissedKind = 'ABANDONED' | 'OUT_OF_HOURS'

/** Whether this finished call puts its caller on the worklist, and why. */
export function missedKindOf(
  call: FinishedCall,
  shortAbandonSec: number,
  hours: OfficeHours,
): MissedKind | null {
  if (call.callerNumber === null || !call.callerNumber.startsWith('+')) return null
  const missed =
    (call.outcome === 'ABANDONED' && call.waitSec > shortAbandonSec) ||
    call.outcome === 'TIMEOUT' ||
    call.outcome === 'EXIT_EMPTY'
  if (!missed) return null
  return isOfficeHours(call.enteredAt.getTime(), hours) ? 'ABANDONED' : 'OUT_OF_HOURS'
}

export async function noteMissedCall(
  tx: Tx,
  call: FinishedCall,
  kind: MissedKind,
  citizenId: number | null,
  hours: OfficeHours,
): Promise<void> {
  const e164 = call.callerNumber as string
  const at = call.endedAt
  const open = await tx.callback.findFirst({
    where: { phoneE164: e164, status: 'OPEN', reason: { in: ['ABANDONED', 'OUT_OF_HOURS'] } },
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
      dueAt: new Date(nextOpening(at.getTime(), hours) + CALLBACK_WITHIN_MS),
      firstCallAt: at,
      lastCallAt: at,
      callCount: 1,
    },
  })
}

/** An answered call from the number closes its open missed-call rows. */
export async function noteAnsweredCall(tx: Tx, call: FinishedCall): Promise<number> {
  if (call.callerNumber === null || call.answeredAt === null) return 0
  const closed = await tx.callback.updateMany({
    where: {
      phoneE164: call.callerNumber,
      status: 'OPEN',
      reason: { in: ['ABANDONED', 'OUT_OF_HOURS'] },
      firstCallAt: { lte: call.answeredAt },
    },
    data: { status: 'DONE', closedAt: call.answeredAt },
  })
  return closed.count
}

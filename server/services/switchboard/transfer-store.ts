/**
 * Transfer rows: one per transfer the console starts, its outcome when decided, the
 * callback entry for the unit when the caller was lost, today's rows as views and the per-unit answer
 * rates. Every write is here, so the rules are in one place.
 */
import type { TransferOutcomeView, TransferView, UnitTransferStatsView } from '../../contract/switchboard.ts'
import { istanbulDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import type { PrismaClient } from '../../db/generated/client.ts'

/** The unit should call back a lost caller within this long. */
const CALLBACK_WITHIN_MS = 2 * 3600_000
const TODAY_LIMIT = 500

export interface NewTransfer {
  pbxId: string
  callId: string
  kind: 'BLIND' | 'ATTENDED'
  targetExten: string
  targetLabel: string
  unitId: number | null
  unitName: string | null
  operatorId: number | null
  operatorName: string | null
  callerNumber: string | null
  at: number
}

export function startOfIstanbulDay(now: number): Date {
  return istanbulInstant(istanbulDate(new Date(now)), 0)
}

export async function createTransferRow(
  prisma: PrismaClient,
  t: NewTransfer,
  outcome: 'PENDING' | 'FAILED',
): Promise<TransferView> {
  const row = await prisma.transfer.create({
    data: {
      pbxId: t.pbxId,
      linkedId: t.callId,
      kind: t.kind,
      targetExten: t.targetExten,
      targetUnitId: t.unitId,
      operatorId: t.operatorId,
      callerNumber: t.callerNumber,
      startedAt: new Date(t.at),
      outcome,
      ...(outcome === 'FAILED' ? { endedAt: new Date(t.at) } : {}),
    },
  })
  return {
    id: row.id,
    pbxId: t.pbxId,
    callId: t.callId,
    kind: t.kind,
    targetExten: t.targetExten,
    targetLabel: t.targetLabel,
    unitName: t.unitName,
    operatorName: t.operatorName,
    callerNumber: t.callerNumber,
    startedAt: t.at,
    answeredAt: null,
    endedAt: outcome === 'FAILED' ? t.at : null,
    outcome,
    alerted: false,
    callbackId: null,
  }
}

export async function decideTransferRow(
  prisma: PrismaClient,
  id: number,
  outcome: Exclude<TransferOutcomeView, 'PENDING' | 'FAILED'>,
  at: number,
): Promise<void> {
  await prisma.transfer.update({
    where: { id },
    data: {
      outcome,
      endedAt: new Date(at),
      ...(outcome === 'ANSWERED' ? { answeredAt: new Date(at) } : {}),
    },
  })
}

/**
 * The caller of an unanswered transfer was lost: the unit gets a callback entry (one open entry per
 * number and unit; a second loss counts on it).
 */
export async function noteLostCaller(
  prisma: PrismaClient,
  input: { phoneE164: string; unitId: number | null; at: number },
): Promise<number> {
  const at = new Date(input.at)
  return prisma.$transaction(async (tx) => {
    const open = await tx.callback.findFirst({
      where: {
        phoneE164: input.phoneE164,
        unitId: input.unitId,
        reason: 'TRANSFER_UNANSWERED',
        status: 'OPEN',
      },
    })
    if (open !== null) {
      await tx.callback.update({
        where: { id: open.id },
        data: { callCount: { increment: 1 }, lastCallAt: at },
      })
      return open.id
    }
    const citizen = await tx.citizenPhone.findFirst({
      where: { e164: input.phoneE164 },
      select: { citizenId: true },
    })
    const row = await tx.callback.create({
      data: {
        phoneE164: input.phoneE164,
        citizenId: citizen?.citizenId ?? null,
        reason: 'TRANSFER_UNANSWERED',
        unitId: input.unitId,
        dueAt: new Date(input.at + CALLBACK_WITHIN_MS),
        firstCallAt: at,
        lastCallAt: at,
      },
    })
    return row.id
  })
}

/** Today's transfers (Istanbul day), newest first. */
export async function loadTodaysTransfers(prisma: PrismaClient, now: number): Promise<TransferView[]> {
  const rows = await prisma.transfer.findMany({
    where: { startedAt: { gte: startOfIstanbulDay(now) } },
    orderBy: { startedAt: 'desc' },
    take: TODAY_LIMIT,
    include: {
      targetUnit: { select: { name: true } },
      operator: { select: { displayName: true } },
    },
  })
  const labels = new Map(
    (
      await prisma.extension.findMany({
        where: { number: { in: [...new Set(rows.map((r) => r.targetExten))] } },
        select: { pbxId: true, number: true, label: true },
      })
    ).map((e) => [`${e.pbxId}/${e.number}`, e.label]),
  )
  return rows.map((r) => ({
    id: r.id,
    pbxId: r.pbxId,
    callId: r.linkedId,
    kind: r.kind,
    targetExten: r.targetExten,
    targetLabel: labels.get(`${r.pbxId}/${r.targetExten}`) ?? r.targetExten,
    unitName: r.targetUnit?.name ?? null,
    operatorName: r.operator?.displayName ?? null,
    callerNumber: r.callerNumber,
    startedAt: r.startedAt.getTime(),
    answeredAt: r.answeredAt?.getTime() ?? null,
    endedAt: r.endedAt?.getTime() ?? null,
    outcome: r.outcome,
    alerted: false,
    callbackId: null,
  }))
}

/** Per unit: how many transfers and how many the unit answered (pending ones left out of the rate). */
export function unitStats(transfers: readonly TransferView[]): UnitTransferStatsView[] {
  const byUnit = new Map<string, UnitTransferStatsView>()
  for (const t of transfers) {
    const name = t.unitName ?? 'Birimsiz dahili'
    let s = byUnit.get(name)
    if (s === undefined) {
      s = {
        unitId: null,
        unitName: name,
        transfers: 0,
        answered: 0,
        notAnswered: 0,
        callerHungUp: 0,
        returned: 0,
        failed: 0,
        answerRatePct: null,
      }
      byUnit.set(name, s)
    }
    s.transfers++
    if (t.outcome === 'ANSWERED') s.answered++
    else if (t.outcome === 'NOT_ANSWERED') s.notAnswered++
    else if (t.outcome === 'CALLER_HUNG_UP') s.callerHungUp++
    else if (t.outcome === 'RETURNED') s.returned++
    else if (t.outcome === 'FAILED') s.failed++
  }
  for (const s of byUnit.values()) {
    const decided = s.answered + s.notAnswered + s.callerHungUp
    s.answerRatePct = decided === 0 ? null : Math.round((s.answered / decided) * 1000) / 10
  }
  return [...byUnit.values()].sort(
    (a, b) => b.transfers - a.transfers || a.unitName.localeCompare(b.unitName, 'tr'),
  )
}

/**
 * Transfer rows: one per transfer the console starts, its outcome when decided, the
 * callback entry for the unit when the caller was lost, today's rows as views and the per-unit answer
 * rates. Every write is here, so the rules are in one place. A transfer an operator makes from their
 * own phone (the PBX's blind or attended transfer, not the console) has no Transfer row: the call's own
 * record says it was transferred and where to (`Call.transferredTo`), and the per-unit figures count
 * it from there (phoneTransfersIn, unitStats) and the console lists it (phoneTransferViews).
 */
import type {
  PhoneTransferView,
  TransferOutcomeView,
  TransferView,
  UnitTransferStatsView,
} from '../../contract/switchboard.ts'
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

/**
 * A switchboard call an operator answered and transferred from their own phone: its call record, not a
 * Transfer row. Whether the unit then answered is not followed.
 */
export interface PhoneTransfer {
  readonly pbxId: string
  /** The call record's key (Call.callKey): one per caller's stay in the queue. */
  readonly callKey: string
  readonly linkedId: string
  readonly queue: string
  /** Where the PBX's transfer sent the caller (Call.transferredTo): an extension number. */
  readonly target: string
  /** E.164 where recognisable, else as sent; null when withheld (Call.callerNumber). */
  readonly callerNumber: string | null
  readonly at: number
}

/** Whether a call record is a transfer made from the operator's phone, as far as the record tells. */
export function isPhoneTransferRecord(c: {
  outcome: string
  answeredAt: Date | null
  transferredTo: string | null
  queue: string | null
}): boolean {
  // Answered first: a call moved on while it still rang was moved by the console (its Redirect).
  return c.outcome === 'TRANSFERRED' && c.answeredAt !== null && !!c.transferredTo && c.queue !== null
}

/** A call record (stored or just produced by the PBX) as a candidate transfer made from a phone. */
export function phoneTransferOf(c: {
  pbxId: string
  callKey: string
  linkedId: string
  queue: string | null
  transferredTo: string | null
  callerNumber: string | null
  endedAt: Date
}): PhoneTransfer {
  return {
    pbxId: c.pbxId,
    callKey: c.callKey,
    linkedId: c.linkedId,
    queue: c.queue ?? '',
    target: c.transferredTo ?? '',
    callerNumber: c.callerNumber,
    at: c.endedAt.getTime(),
  }
}

/** Transferred call records that ended in [from, to): the candidates for transfers made from a phone. */
export async function loadPhoneTransferCandidates(
  prisma: PrismaClient,
  from: Date,
  to?: Date,
): Promise<PhoneTransfer[]> {
  const rows = await prisma.call.findMany({
    where: {
      outcome: 'TRANSFERRED',
      answeredAt: { not: null },
      transferredTo: { not: null },
      queue: { not: null },
      endedAt: { gte: from, ...(to === undefined ? {} : { lt: to }) },
    },
    select: {
      pbxId: true,
      callKey: true,
      linkedId: true,
      queue: true,
      transferredTo: true,
      callerNumber: true,
      endedAt: true,
    },
  })
  return rows.map(phoneTransferOf)
}

/** A transfer made from a phone, with the directory line it went to (and so its unit). */
export interface FoundPhoneTransfer<L> {
  readonly transfer: PhoneTransfer
  readonly line: L
}

/**
 * Of the transferred call records, those an operator transferred from their phone to a directory line:
 * a switchboard queue's call, to a number in the directory, that no console transfer (other than one
 * the PBX refused) concerns. Each comes with the line it went to and that line's unit.
 */
export function phoneTransfersTo<L extends { pbxId: string; number: string; unitName: string | null }>(
  candidates: Iterable<PhoneTransfer>,
  lines: readonly L[],
  switchboardQueues: ReadonlySet<string>,
  consoleTransfers: ReadonlyArray<Pick<TransferView, 'pbxId' | 'callId' | 'outcome'>>,
): Array<FoundPhoneTransfer<L>> {
  const lineOf = new Map<string, L>()
  for (const l of lines) if (!lineOf.has(`${l.pbxId}/${l.number}`)) lineOf.set(`${l.pbxId}/${l.number}`, l)
  const byConsole = new Set(
    consoleTransfers.filter((t) => t.outcome !== 'FAILED').map((t) => `${t.pbxId}/${t.callId}`),
  )
  const out: Array<FoundPhoneTransfer<L>> = []
  for (const c of candidates) {
    if (!switchboardQueues.has(`${c.pbxId}/${c.queue}`) || byConsole.has(`${c.pbxId}/${c.linkedId}`)) continue
    // A blind transfer names `2001`, an attended one the target's number; `2001@departments` is the same line.
    const line = lineOf.get(`${c.pbxId}/${c.target.split('@')[0] ?? ''}`)
    if (line !== undefined) out.push({ transfer: c, line })
  }
  return out
}

/** Transfers made from a phone as the console lists them, newest first. */
export function phoneTransferViews(
  found: ReadonlyArray<FoundPhoneTransfer<{ number: string; label: string; unitName: string | null }>>,
): PhoneTransferView[] {
  return found
    .map(({ transfer: t, line }) => ({
      key: `${t.pbxId}/${t.callKey}`,
      pbxId: t.pbxId,
      callId: t.linkedId,
      targetExten: line.number,
      targetLabel: line.label,
      unitName: line.unitName,
      callerNumber: t.callerNumber,
      at: t.at,
    }))
    .sort((a, b) => b.at - a.at)
}

/**
 * The transfers operators made from their phones that ended in [from, to), each with the unit of the
 * line it went to (the reports' per-unit table, which counts like the console's).
 */
export async function loadPhoneTransfersIn(
  prisma: PrismaClient,
  from: Date,
  to: Date,
): Promise<Array<{ unitName: string | null }>> {
  const [candidates, lines, queues, transfers] = await Promise.all([
    loadPhoneTransferCandidates(prisma, from, to),
    prisma.extension.findMany({
      select: { pbxId: true, number: true, unit: { select: { name: true } } },
    }),
    prisma.queue.findMany({ where: { kind: 'SWITCHBOARD' }, select: { pbxId: true, name: true } }),
    // A console transfer is written when it starts, before the call ends: a day earlier at most.
    prisma.transfer.findMany({
      where: { startedAt: { gte: new Date(from.getTime() - 86_400_000), lt: to } },
      select: { pbxId: true, linkedId: true, outcome: true },
    }),
  ])
  return phoneTransfersTo(
    candidates,
    lines.map((l) => ({ pbxId: l.pbxId, number: l.number, unitName: l.unit?.name ?? null })),
    new Set(queues.map((q) => `${q.pbxId}/${q.name}`)),
    transfers.map((t) => ({ pbxId: t.pbxId, callId: t.linkedId, outcome: t.outcome })),
  ).map((found) => found.line)
}

/**
 * Per unit: how many transfers and how they ended (pending ones left out of the rate). Transfers made
 * from an operator's phone (`fromPhone`) count in `transfers` but not in the rate: nobody followed them.
 */
export function unitStats(
  transfers: ReadonlyArray<Pick<TransferView, 'unitName' | 'outcome'>>,
  fromPhone: ReadonlyArray<{ unitName: string | null }> = [],
): UnitTransferStatsView[] {
  const byUnit = new Map<string, UnitTransferStatsView>()
  const statsOf = (unitName: string | null): UnitTransferStatsView => {
    const name = unitName ?? 'Birimsiz dahili'
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
        pending: 0,
        fromPhone: 0,
        answerRatePct: null,
      }
      byUnit.set(name, s)
    }
    return s
  }
  for (const t of transfers) {
    const s = statsOf(t.unitName)
    s.transfers++
    if (t.outcome === 'ANSWERED') s.answered++
    else if (t.outcome === 'NOT_ANSWERED') s.notAnswered++
    else if (t.outcome === 'CALLER_HUNG_UP') s.callerHungUp++
    else if (t.outcome === 'RETURNED') s.returned++
    else if (t.outcome === 'FAILED') s.failed++
    else s.pending++
  }
  for (const t of fromPhone) {
    const s = statsOf(t.unitName)
    s.transfers++
    s.fromPhone++
  }
  for (const s of byUnit.values()) {
    const decided = s.answered + s.notAnswered + s.callerHungUp
    s.answerRatePct = decided === 0 ? null : Math.round((s.answered / decided) * 1000) / 10
  }
  return [...byUnit.values()].sort(
    (a, b) => b.transfers - a.transfers || a.unitName.localeCompare(b.unitName, 'tr'),
  )
}

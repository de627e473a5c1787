/**
 * One retention run (KVKK md. 7; the deletion regulation's periodic destruction, docs/kvkk.md §6),
 * inside the caller's transaction, applying each period of retention-settings.ts:
 *
 * - call numbers: calls and transfers older than the period get the masked number (`0532 *** ** 67`)
 *   and lose the caller's name; closed call-back entries older than it are deleted;
 * - citizens with no open ticket and nothing new (call, ticket, change, call-back) within the period:
 *   deleted when they never had a ticket, otherwise anonymised (citizen-anonymise.ts);
 * - closed tickets past the tickets period (TBK md. 146) lose their texts; number, dates, status stay;
 * - audit rows older than the period are deleted, except the records of deletion, destruction and
 *   anonymisation, kept at least three years. AuditLog refuses DELETE unless the transaction opted in
 *   with `SET LOCAL pano.retention = 'on'`, which this run does and nothing else does.
 *
 * - recordings: the files of calls that ended before the recordings period are deleted from the
 *   recordings folder, each deletion in the log (retention-recordings.ts).
 */
import {
  DESTRUCTION_RECORD_MIN_DAYS,
  type RetentionCounts,
  type RetentionPeriods,
} from '../../contract/kvkk.ts'
import { Prisma } from '../../db/generated/client.ts'
import { ERASED_TEXT } from '../../domain/anonymise-text.ts'
import { AUDIT_ACTIONS, type SystemActor } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { RecordingStore } from '../recordings/recording-store.ts'
import { deleteOldRecordings } from './retention-recordings.ts'
import { anonymiseCitizens, maskedCaller } from './citizen-anonymise.ts'

type Tx = Prisma.TransactionClient

const DAY_MS = 86_400_000
/** Distinct numbers masked per UPDATE statement. */
const MASK_BATCH = 500
/** The audit actions that record a deletion, destruction or anonymisation. */
export const DESTRUCTION_ACTIONS: readonly string[] = [
  AUDIT_ACTIONS.kvkkErase,
  AUDIT_ACTIONS.retentionRun,
  AUDIT_ACTIONS.recordingDelete,
]

const cutoffOf = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS)

async function maskNumbers(tx: Tx, table: 'Call' | 'Transfer', cutoff: Date): Promise<number> {
  const table_ = Prisma.raw(`"${table}"`)
  const at = Prisma.raw(table === 'Call' ? '"enteredAt"' : '"startedAt"')
  const rows = await tx.$queryRaw<{ n: string }[]>`
    SELECT DISTINCT "callerNumber" AS n FROM ${table_}
    WHERE ${at} < ${cutoff} AND "callerNumber" IS NOT NULL AND position('*' in "callerNumber") = 0`
  let count = 0
  for (let i = 0; i < rows.length; i += MASK_BATCH) {
    const pairs = rows.slice(i, i + MASK_BATCH).map((r) => Prisma.sql`(${r.n}, ${maskedCaller(r.n)})`)
    const name = table === 'Call' ? Prisma.sql`, "callerName" = NULL` : Prisma.empty
    count += await tx.$executeRaw`
      UPDATE ${table_} AS t SET "callerNumber" = v.masked ${name}
      FROM (VALUES ${Prisma.join(pairs)}) AS v(n, masked)
      WHERE t."callerNumber" = v.n AND t.${at} < ${cutoff}`
  }
  if (table === 'Call')
    await tx.call.updateMany({
      where: { enteredAt: { lt: cutoff }, callerName: { not: null } },
      data: { callerName: null },
    })
  return count
}

async function deleteOldCallbacks(tx: Tx, cutoff: Date): Promise<number> {
  const rows = await tx.callback.findMany({
    where: { status: { not: 'OPEN' }, lastCallAt: { lt: cutoff } },
    select: { id: true },
  })
  if (rows.length === 0) return 0
  const ids = rows.map((r) => r.id)
  await tx.callbackAttempt.deleteMany({ where: { callbackId: { in: ids } } })
  return (await tx.callback.deleteMany({ where: { id: { in: ids } } })).count
}

/** Live, not yet anonymised citizens with no open ticket and nothing within the period. */
async function idleCitizens(tx: Tx, cutoff: Date): Promise<{ id: number; tickets: number }[]> {
  return tx.$queryRaw<{ id: number; tickets: number }[]>`
    SELECT c.id, (SELECT count(*)::int FROM "Ticket" t WHERE t."citizenId" = c.id) AS tickets
    FROM "Citizen" c
    WHERE c."mergedIntoId" IS NULL AND c."anonymizedAt" IS NULL AND c."updatedAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "Ticket" t WHERE t."citizenId" = c.id
        AND (t.status <> 'KAPANDI' OR t."createdAt" >= ${cutoff} OR t."closedAt" IS NULL OR t."closedAt" >= ${cutoff}))
      AND NOT EXISTS (SELECT 1 FROM "Call" k WHERE k."citizenId" = c.id AND k."enteredAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "Callback" b WHERE b."citizenId" = c.id
        AND (b.status = 'OPEN' OR b."lastCallAt" >= ${cutoff}))
    ORDER BY c.id`
}

async function deleteCitizen(tx: Tx, id: number): Promise<void> {
  const ids = [
    id,
    ...(await tx.citizen.findMany({ where: { mergedIntoId: id }, select: { id: true } })).map((m) => m.id),
  ]
  await tx.call.updateMany({ where: { citizenId: { in: ids } }, data: { citizenId: null } })
  await tx.callback.updateMany({ where: { citizenId: { in: ids } }, data: { citizenId: null } })
  await tx.citizen.deleteMany({ where: { mergedIntoId: id } })
  await tx.citizen.delete({ where: { id } })
}

async function retireCitizens(tx: Tx, periods: RetentionPeriods, now: Date) {
  let deleted = 0
  let anonymised = 0
  for (const c of await idleCitizens(tx, cutoffOf(now, periods.citizens))) {
    if (c.tickets === 0) {
      await deleteCitizen(tx, c.id)
      deleted++
      continue
    }
    const merged = await tx.citizen.findMany({ where: { mergedIntoId: c.id }, select: { id: true } })
    await anonymiseCitizens(tx, {
      citizenIds: [c.id, ...merged.map((m) => m.id)],
      now,
      ticketDays: periods.tickets,
      actorId: null,
    })
    anonymised++
  }
  return { deleted, anonymised }
}

async function emptyOldTickets(tx: Tx, periods: RetentionPeriods, now: Date): Promise<number> {
  const rows = await tx.ticket.findMany({
    where: {
      status: 'KAPANDI',
      closedAt: { lt: cutoffOf(now, periods.tickets) },
      description: { not: ERASED_TEXT },
    },
    select: { id: true },
  })
  if (rows.length === 0) return 0
  const ids = rows.map((r) => r.id)
  await tx.$executeRawUnsafe(`SET LOCAL pano.ticket_event_purge = 'on'`)
  await tx.ticket.updateMany({ where: { id: { in: ids } }, data: { description: ERASED_TEXT } })
  await tx.ticket.updateMany({
    where: { id: { in: ids }, unitAnswer: { not: null } },
    data: { unitAnswer: ERASED_TEXT },
  })
  await tx.ticketEvent.updateMany({
    where: { ticketId: { in: ids }, note: { not: null } },
    data: { note: null },
  })
  await tx.ticketEvent.createMany({
    data: ids.map((ticketId) => ({
      ticketId,
      kind: 'COMMENT' as const,
      note: 'Saklama süresi doldu: talep metni KVKK kapsamında silindi.',
      data: { change: 'kvkk-retention' },
      at: now,
    })),
  })
  return ids.length
}

async function deleteOldAuditRows(tx: Tx, periods: RetentionPeriods, now: Date): Promise<number> {
  await tx.$executeRawUnsafe(`SET LOCAL pano.retention = 'on'`)
  const cutoff = cutoffOf(now, periods.auditLog)
  const destructionCutoff = cutoffOf(now, Math.max(periods.auditLog, DESTRUCTION_RECORD_MIN_DAYS))
  const ordinary = await tx.auditLog.deleteMany({
    where: { at: { lt: cutoff }, action: { notIn: [...DESTRUCTION_ACTIONS] } },
  })
  const destruction = await tx.auditLog.deleteMany({
    where: { at: { lt: destructionCutoff }, action: { in: [...DESTRUCTION_ACTIONS] } },
  })
  return ordinary.count + destruction.count
}

export interface RetentionRunContext {
  /** The recordings folder (null: none configured, no file is touched). */
  recordings: RecordingStore | null
  /** Who the run's destruction records name: the job, or the officer who started it. */
  actor: Actor | SystemActor
}

export async function applyRetention(
  tx: Tx,
  periods: RetentionPeriods,
  now: Date,
  context: RetentionRunContext = { recordings: null, actor: { system: 'job' } },
): Promise<RetentionCounts> {
  const recordings = await deleteOldRecordings(
    tx,
    context.recordings,
    cutoffOf(now, periods.recordings),
    now,
    context.actor,
  )
  const numbersCutoff = cutoffOf(now, periods.callNumbers)
  const callNumbersMasked = await maskNumbers(tx, 'Call', numbersCutoff)
  const transferNumbersMasked = await maskNumbers(tx, 'Transfer', numbersCutoff)
  const callbacksDeleted = await deleteOldCallbacks(tx, numbersCutoff)
  // A WhatsApp conversation is a number and its words: it goes with the numbers' period, files and all.
  const whatsapp = await tx.whatsappConversation.deleteMany({
    where: { lastMessageAt: { lt: numbersCutoff } },
  })
  const citizens = await retireCitizens(tx, periods, now)
  const ticketsEmptied = await emptyOldTickets(tx, periods, now)
  const auditRowsDeleted = await deleteOldAuditRows(tx, periods, now)
  return {
    callNumbersMasked,
    transferNumbersMasked,
    callbacksDeleted,
    whatsappConversationsDeleted: whatsapp.count,
    citizensDeleted: citizens.deleted,
    citizensAnonymised: citizens.anonymised,
    ticketsEmptied,
    auditRowsDeleted,
    ...recordings,
  }
}

/**
 * Writes the records the telephony bridge produces (docs/design.md §2.2): every FinishedCall
 * becomes one `Call` row, idempotently — the unique (pbxId, callKey) and `skipDuplicates` mean a replayed
 * or resynced call is stored once, and only calls actually inserted feed the missed-call worklist.
 * Agent users come from their MemberInterface rows and citizens from CitizenPhone.e164, one indexed query
 * each per batch. Closed pause intervals become PauseInterval rows (unique per member and start).
 * Writes are queued one batch after another and nothing handed over is dropped quietly
 * (record-durability.ts): while the database does not answer, a batch is kept and retried with backoff;
 * when it answers but refuses the batch, the records are written one by one and the one it refuses is
 * quarantined with the reason (QuarantinedRecord) while the others are stored.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { FinishedCall, PauseInterval, TelephonyRecords } from '../../../telephony/index.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import { missedKindOf, noteAnsweredCall, noteMissedCall, numbersOnWorklist } from './missed-calls.ts'
import { createDurableWriter, type DurableWriterStatus, type RetryPolicy } from './record-durability.ts'
import { createRecordBatcher } from './record-batching.ts'

export interface CallRecorderOptions {
  prisma: PrismaClient
  logger: Logger
  /** Short-abandon limit per queue (short abandons do not go on the worklist). */
  shortAbandonSecOf: (pbxId: string, queue: string) => number
  /** The working-day calendar (holidays and office hours) the missed-call worklist runs on. */
  calendar: CalendarSource
  /** Backoff while the database does not answer (default 0.5 s doubling to 30 s). */
  retry?: RetryPolicy
  /**
   * Several nodes: run first in every write transaction; throws FencedOutError when this node's lease
   * token for the PBX is no longer the current one (cluster/fenced-writes.ts).
   */
  fence?: ((tx: FenceTx, pbxId: string) => Promise<void>) | undefined
  /** The recording's name inside the recordings folder (recordings/recording-names.ts); absent: none. */
  recordingNameOf?: (call: FinishedCall) => string | null
  /** How long records handed over are gathered into one write (record-batching.ts; default 250 ms). */
  lingerMs?: number
}

const DEFAULT_LINGER_MS = 250
const MAX_BATCH_RECORDS = 500

/** The part of a transaction client the fence check uses. */
export type FenceTx = Pick<PrismaClient, '$queryRaw'>

export interface CallRecorder {
  /** Queues the records for writing; resolves when they are written (never rejects). */
  record(records: TelephonyRecords): Promise<void>
  /** Writes what is gathered now; resolves when everything queued so far is written (or quarantined). */
  whenIdle(): Promise<void>
  /**
   * Writes what is gathered now, without waiting for the window (record-batching.ts); resolves when
   * that is written. For a person waiting on a call that has just ended (the desk's wrap-up).
   */
  writeGathered(): Promise<void>
  /** Told the keys of each batch of calls once its write has ended. */
  onCallsStored(listener: (pbxId: string, callKeys: readonly string[]) => void): () => void
  /**
   * Writes what is gathered and stops retrying: while the database is away, what still waits is logged
   * with its keys and counted as not written.
   */
  close(): Promise<void>
  readonly counters: {
    callsInserted: number
    callsDuplicate: number
    pausesInserted: number
    failedBatches: number
  }
  /** For /health and /metrics: retries, what waits, what was quarantined. */
  status(): DurableWriterStatus
}

export function createCallRecorder(options: CallRecorderOptions): CallRecorder {
  const { prisma } = options
  const log = options.logger.child({ module: 'call-recorder' })
  const counters = { callsInserted: 0, callsDuplicate: 0, pausesInserted: 0, failedBatches: 0 }
  const durable = createDurableWriter({
    prisma,
    log,
    ...(options.retry ? { retry: options.retry } : {}),
    onBatchFailed: () => counters.failedBatches++,
  })

  async function write(records: TelephonyRecords): Promise<void> {
    if (records.finishedCalls.length > 0) await writeCalls(records.finishedCalls)
    if (records.pauses.length > 0) await writePauses(records.pauses)
  }

  async function writeCalls(calls: readonly FinishedCall[]): Promise<void> {
    const interfaces = [
      ...new Set(calls.flatMap((c) => (c.agentInterface === null ? [] : [c.agentInterface]))),
    ]
    const numbers = [
      ...new Set(calls.flatMap((c) => (c.callerNumber?.startsWith('+') ? [c.callerNumber] : []))),
    ]
    const [users, phones] = await Promise.all([
      interfaces.length === 0
        ? []
        : prisma.memberInterface.findMany({
            where: { interface: { in: interfaces } },
            select: { interface: true, userId: true },
          }),
      numbers.length === 0
        ? []
        : prisma.citizenPhone.findMany({
            where: { e164: { in: numbers }, citizen: { mergedIntoId: null, anonymizedAt: null } },
            select: { e164: true, citizenId: true },
          }),
    ])
    const userOf = new Map(users.map((u) => [u.interface, u.userId]))
    const holders = new Map<string, Set<number>>()
    for (const p of phones) holders.set(p.e164, (holders.get(p.e164) ?? new Set()).add(p.citizenId))
    // A number shared by several citizens is not guessed: the agent picks on the screen pop.
    const citizenOf = (n: string | null): number | null => {
      const set = n === null ? undefined : holders.get(n)
      return set?.size === 1 ? ([...set][0] ?? null) : null
    }
    const ordered = [...calls].sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime())
    const calendar = await options.calendar.current()
    await prisma.$transaction(async (tx) => {
      for (const pbxId of new Set(ordered.map((c) => c.pbxId))) await options.fence?.(tx, pbxId)
      const inserted = await tx.call.createManyAndReturn({
        data: ordered.map((c) => ({
          pbxId: c.pbxId,
          callKey: c.callKey,
          linkedId: c.linkedId,
          direction: c.direction,
          queue: c.queue,
          callerNumber: c.callerNumber,
          callerName: c.callerName,
          citizenId: citizenOf(c.callerNumber),
          agentUserId: c.agentInterface === null ? null : (userOf.get(c.agentInterface) ?? null),
          agentName: c.agentName,
          agentInterface: c.agentInterface,
          enteredAt: c.enteredAt,
          answeredAt: c.answeredAt,
          endedAt: c.endedAt,
          waitSec: c.waitSec,
          talkSec: c.talkSec,
          outcome: c.outcome,
          transferredTo: c.transferredTo,
          missedBy: c.missedBy.map((m) => ({ ...m })),
          recordingFile: options.recordingNameOf?.(c) ?? null,
        })),
        skipDuplicates: true,
        select: { callKey: true, pbxId: true },
      })
      counters.callsInserted += inserted.length
      counters.callsDuplicate += calls.length - inserted.length
      const fresh = new Set(inserted.map((r) => `${r.pbxId}\n${r.callKey}`))
      const freshCalls = ordered.filter((c) => fresh.has(`${c.pbxId}\n${c.callKey}`))
      // Numbers on the worklist: those before this batch, and those its own missed calls put there.
      const onWorklist = await numbersOnWorklist(
        tx,
        freshCalls.flatMap((c) => (isAnswered(c) && c.callerNumber !== null ? [c.callerNumber] : [])),
      )
      for (const c of freshCalls) {
        if (isAnswered(c)) {
          if (c.callerNumber !== null && onWorklist.has(c.callerNumber)) await noteAnsweredCall(tx, c)
          continue
        }
        const kind = missedKindOf(c, options.shortAbandonSecOf(c.pbxId, c.queue), calendar)
        if (kind === null || c.callerNumber === null) continue
        await noteMissedCall(tx, c, kind, citizenOf(c.callerNumber), calendar)
        onWorklist.add(c.callerNumber)
      }
    })
  }

  async function writePauses(pauses: readonly PauseInterval[]): Promise<void> {
    const closed = pauses.filter((p) => p.endedAt !== null)
    await prisma.$transaction(async (tx) => {
      for (const pbxId of new Set(closed.map((p) => p.pbxId))) await options.fence?.(tx, pbxId)
      const r = await tx.pauseInterval.createMany({
        data: closed.map((p) => ({
          pbxId: p.pbxId,
          memberInterface: p.memberInterface,
          memberName: p.memberName,
          reason: p.reason,
          startedAt: p.startedAt,
          endedAt: p.endedAt,
        })),
        skipDuplicates: true,
      })
      counters.pausesInserted += r.count
    })
  }

  const storedListeners = new Set<(pbxId: string, callKeys: readonly string[]) => void>()
  const batcher = createRecordBatcher({
    lingerMs: options.lingerMs ?? DEFAULT_LINGER_MS,
    maxRecords: MAX_BATCH_RECORDS,
    write: (records) =>
      enqueue(records).then(() => {
        const keys = records.finishedCalls.map((c) => c.callKey)
        if (keys.length === 0) return
        for (const listener of storedListeners) {
          try {
            listener(records.pbxId, keys)
          } catch (err) {
            log.error({ err }, 'a listener of stored calls failed')
          }
        }
      }),
  })

  function enqueue(records: TelephonyRecords): Promise<void> {
    return durable.enqueue({
      pbxId: records.pbxId,
      items: [
        ...records.finishedCalls.map((c) => ({
          kind: 'call' as const,
          key: c.callKey,
          record: c,
          write: () => writeCalls([c]),
        })),
        ...records.pauses
          .filter((p) => p.endedAt !== null)
          .map((p) => ({
            kind: 'pause' as const,
            key: `${p.memberInterface} ${p.startedAt.toISOString()}`,
            record: p,
            write: () => writePauses([p]),
          })),
      ],
      writeAll: () => write(records),
    })
  }

  return {
    counters,
    record: (records) => batcher.add(records),
    writeGathered: () => batcher.flushAll(),
    whenIdle() {
      void batcher.flushAll()
      return durable.whenIdle()
    },
    onCallsStored(listener) {
      storedListeners.add(listener)
      return () => storedListeners.delete(listener)
    },
    close() {
      void batcher.flushAll()
      return durable.close()
    },
    status() {
      const s = durable.status()
      return { ...s, pending: s.pending + batcher.waiting() }
    },
  }
}

const isAnswered = (c: FinishedCall): boolean => c.outcome === 'ANSWERED' || c.outcome === 'TRANSFERRED'

/**
 * Durable writes of telephony records (used by call-recorder.ts). Batches are written in order. A batch
 * the database does not take is told apart by asking the database whether it answers at all:
 * - it does not answer (down, restarting, network): the batch stays in memory and is retried with
 *   exponential backoff, in order, until it is written;
 * - it answers but refuses the batch: the records are written one by one, and a record it refuses on its
 *   own is quarantined (QuarantinedRecord) with the database's reason, so one odd record never sinks
 *   the calls around it.
 * Nothing handed over is dropped without a log line naming it and a counter: records still waiting when
 * the process stops are logged with their keys and counted as not written.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import { settlesWithin } from '../../settles-within.ts'

export interface RetryPolicy {
  /** First wait after the database did not answer. */
  firstMs: number
  /** Longest wait between attempts (the wait doubles up to it). */
  maxMs: number
}

const DEFAULT_RETRY: RetryPolicy = { firstMs: 500, maxMs: 30_000 }
const PING_TIMEOUT_MS = 5_000
const REASON_MAX = 2_000

export interface DurableItem {
  kind: 'call' | 'pause'
  /** What names the record in logs and in quarantine (a call's callKey). */
  key: string
  record: unknown
  /** Writes this record alone. */
  write: () => Promise<void>
}

export interface DurableBatch {
  pbxId: string
  items: DurableItem[]
  /** Writes the whole batch at once (the usual path). */
  writeAll: () => Promise<void>
}

export interface DurableWriterStatus {
  /** Records handed over and not yet written or quarantined. */
  pending: number
  /** Attempts repeated because the database did not answer. */
  retries: number
  /** Records the database refused on their own, kept in QuarantinedRecord (since start). */
  quarantined: number
  /** Records still waiting when the process stopped (logged with their keys). */
  notWritten: number
  /** Records left to the node that took over the PBX's lease (this node's token was superseded). */
  handedOver: number
  /** Since when the database has not answered the writer (ISO), or null. */
  waitingSince: string | null
  /** The last reason a write waited or was refused. */
  lastError: string | null
}

export interface DurableWriter {
  enqueue(batch: DurableBatch): Promise<void>
  whenIdle(): Promise<void>
  /**
   * Stops retrying: what is queued is still tried once each while the database answers; from the first
   * write that finds it away, the rest is logged with its keys and counted as not written.
   */
  close(): Promise<void>
  status(): DurableWriterStatus
}

/** Thrown inside the writer when it stops while the database still does not answer. */
class StoppedWaiting extends Error {}

/**
 * Thrown by a write whose node no longer holds the PBX's lease (a newer fencing token is in PbxLease):
 * the batch is not this node's to write any more; the node that holds the lease writes it
 * (docs/cluster.md). Neither retried nor quarantined; counted as handed over.
 */
export class FencedOutError extends Error {
  override readonly name = 'FencedOutError'
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e))
// A refused value may hold control characters (a NUL from a hostile PBX): never store them back.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g
const printable = (text: string): string => text.replace(CONTROL, '\ufffd')

export function createDurableWriter(options: {
  prisma: PrismaClient
  log: Logger
  retry?: RetryPolicy
  onBatchFailed?: () => void
}): DurableWriter {
  const { prisma, log } = options
  const retry = options.retry ?? DEFAULT_RETRY
  const st = {
    pending: 0,
    retries: 0,
    quarantined: 0,
    notWritten: 0,
    handedOver: 0,
    waitingSince: null as number | null,
    lastError: null as string | null,
  }
  let tail: Promise<void> = Promise.resolve()
  let closing = false
  /** Set when a stop found the database away: what is queued behind is not tried, only counted. */
  let gaveUp = false
  let wake: (() => void) | null = null

  async function databaseAnswers(): Promise<boolean> {
    try {
      return await settlesWithin(prisma.$queryRaw`SELECT 1`, PING_TIMEOUT_MS)
    } catch {
      return false
    }
  }

  function waitFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        wake = null
        resolve()
      }
      const timer = setTimeout(done, ms)
      wake = done
    })
  }

  /** Runs `attempt` until it succeeds (null) or the database answers and still refuses it (its error). */
  async function untilAnswered(attempt: () => Promise<void>): Promise<unknown> {
    let delay = retry.firstMs
    for (;;) {
      try {
        await attempt()
        st.waitingSince = null
        return null
      } catch (error) {
        if (error instanceof FencedOutError) throw error
        if (await databaseAnswers()) {
          st.waitingSince = null
          return error
        }
        if (closing) {
          gaveUp = true
          throw new StoppedWaiting()
        }
        st.retries++
        st.waitingSince ??= Date.now()
        st.lastError = printable(messageOf(error)).slice(0, REASON_MAX)
        log.warn({ err: error, retryInMs: delay }, 'database not answering: call records kept, retrying')
        await waitFor(delay)
        delay = Math.min(delay * 2, retry.maxMs)
      }
    }
  }

  async function quarantine(pbxId: string, item: DurableItem, error: unknown): Promise<void> {
    const reason = printable(messageOf(error)).slice(0, REASON_MAX)
    st.lastError = reason
    // JSON.stringify writes control characters as \u escapes: the text holds no byte PostgreSQL refuses.
    const payload = JSON.stringify(item.record)
    const recordKey = printable(item.key)
    const refused = await untilAnswered(async () => {
      await prisma.quarantinedRecord.upsert({
        where: { pbxId_kind_recordKey: { pbxId, kind: item.kind, recordKey } },
        create: { pbxId, kind: item.kind, recordKey, payload, reason },
        update: { payload, reason },
      })
    })
    st.quarantined++
    if (refused === null)
      log.error(
        { pbxId, kind: item.kind, key: recordKey, reason },
        'record refused by the database: quarantined',
      )
    else
      log.error(
        { err: refused, pbxId, kind: item.kind, key: recordKey, reason, payload },
        'record refused by the database, and its quarantine too: it is only in this log line',
      )
  }

  async function writeBatch(batch: DurableBatch): Promise<void> {
    const refused = await untilAnswered(batch.writeAll)
    if (refused === null) return
    options.onBatchFailed?.()
    log.warn(
      { err: refused, pbxId: batch.pbxId, records: batch.items.length },
      'database refused a batch of call records: writing them one by one',
    )
    for (const item of batch.items) {
      const itemRefused = await untilAnswered(item.write)
      if (itemRefused !== null) await quarantine(batch.pbxId, item, itemRefused)
    }
  }

  function notWritten(batch: DurableBatch, error?: unknown): void {
    st.notWritten += batch.items.length
    log.error(
      { err: error, pbxId: batch.pbxId, records: batch.items.map((i) => `${i.kind} ${i.key}`) },
      'call records not written: the database did not answer before the stop',
    )
  }

  return {
    enqueue(batch) {
      const count = batch.items.length
      if (count === 0) return tail
      st.pending += count
      const run = tail
        .then(() => (gaveUp ? notWritten(batch) : writeBatch(batch)))
        .catch((error: unknown) => {
          if (error instanceof FencedOutError) {
            st.handedOver += count
            log.warn(
              { pbxId: batch.pbxId, records: count },
              'call records left to the node holding the PBX now',
            )
            return
          }
          notWritten(batch, error instanceof StoppedWaiting ? undefined : error)
        })
        .finally(() => {
          st.pending -= count
        })
      tail = run
      return run
    },
    whenIdle: () => tail,
    async close() {
      closing = true
      wake?.()
      await tail
    },
    status: () => ({
      pending: st.pending,
      retries: st.retries,
      quarantined: st.quarantined,
      notWritten: st.notWritten,
      handedOver: st.handedOver,
      waitingSince: st.waitingSince === null ? null : new Date(st.waitingSince).toISOString(),
      lastError: st.lastError,
    }),
  }
}

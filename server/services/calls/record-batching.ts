/**
 * Gathers the records the bridge hands over within a short window into one write per PBX. The bridge
 * hands over whatever one slice of AMI input finished: at 50 calls a second that was 15 batches of
 * three calls a second, each batch six queries and a transaction, so the holder spent more of its CPU
 * on recording than on anything but writing to sockets (bench/README.md, "Recording in batches";
 * docs/decisions/024-call-records-written-in-batches.md).
 * A call is stored `lingerMs` later at most; the first record of a quiet spell waits as long. The
 * reports and worklists are read over HTTP; an agent's wrap-up of a call that has just ended writes what
 * is gathered at once (agent-desk/desk-service.ts decideOnCall).
 *
 * Nothing is lost by waiting: in a cluster the other nodes keep every record until the holder says it
 * is stored (cluster/record-handoff.ts), and a stop writes what is gathered before it closes.
 */
import type { FinishedCall, PauseInterval, TelephonyRecords } from '../../../telephony/index.ts'

export interface RecordBatcher {
  /** Resolves when the batch these records joined is written (the writer's promise). */
  add(records: TelephonyRecords): Promise<void>
  /** Hands every gathered batch to the writer now; resolves when they are written. */
  flushAll(): Promise<void>
  /** Records gathered and not yet handed to the writer. */
  waiting(): number
}

interface Gathering {
  readonly calls: FinishedCall[]
  readonly pauses: PauseInterval[]
  timer: ReturnType<typeof setTimeout>
  done: Promise<void>
  settle: (written: Promise<void>) => void
}

const sizeOf = (g: Pick<Gathering, 'calls' | 'pauses'>): number => g.calls.length + g.pauses.length

export function createRecordBatcher(options: {
  lingerMs: number
  /** A batch this large is written at once, without waiting for the window to end. */
  maxRecords: number
  write(records: TelephonyRecords): Promise<void>
}): RecordBatcher {
  const gathering = new Map<string, Gathering>()

  function flush(pbxId: string): Promise<void> {
    const g = gathering.get(pbxId)
    if (g === undefined) return Promise.resolve()
    gathering.delete(pbxId)
    clearTimeout(g.timer)
    g.settle(options.write({ pbxId, finishedCalls: g.calls, pauses: g.pauses }))
    return g.done
  }

  function open(pbxId: string): Gathering {
    let settle: (written: Promise<void>) => void = () => {}
    const done = new Promise<void>((resolve) => {
      settle = (written) => resolve(written)
    })
    const timer = setTimeout(() => void flush(pbxId), options.lingerMs)
    const g: Gathering = { calls: [], pauses: [], timer, done, settle }
    gathering.set(pbxId, g)
    return g
  }

  return {
    add(records) {
      if (records.finishedCalls.length + records.pauses.length === 0) return Promise.resolve()
      const g = gathering.get(records.pbxId) ?? open(records.pbxId)
      g.calls.push(...records.finishedCalls)
      g.pauses.push(...records.pauses)
      if (sizeOf(g) >= options.maxRecords) void flush(records.pbxId)
      return g.done
    },
    async flushAll() {
      await Promise.all([...gathering.keys()].map(flush))
    },
    waiting() {
      let n = 0
      for (const g of gathering.values()) n += sizeOf(g)
      return n
    },
  }
}

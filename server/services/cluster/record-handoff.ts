/**
 * Records a node keeps while another node holds the PBX (docs/cluster.md): every node reduces the same
 * events, so every node produces the same finished calls and pauses. Only the holder writes them; the
 * others keep theirs until the holder says they are stored, and a node that takes the lease writes
 * what it still keeps (idempotent on the PBX's own ids), so a holder that died between a call's end and
 * its write loses nothing.
 */
import type { FinishedCall, PauseInterval, TelephonyRecords } from '../../../telephony/index.ts'

export const pauseKeyOf = (p: PauseInterval): string => `${p.memberInterface} ${p.startedAt.toISOString()}`

export interface RecordHandoff {
  keep(records: TelephonyRecords): void
  stored(callKeys: readonly string[], pauseKeys: readonly string[]): void
  /** Everything kept, emptied: the new holder writes it. */
  takeAll(): TelephonyRecords | null
  readonly counters: { kept: number; dropped: number }
}

export function createRecordHandoff(pbxId: string, max = 20_000): RecordHandoff {
  const calls = new Map<string, FinishedCall>()
  const pauses = new Map<string, PauseInterval>()
  const counters = { kept: 0, dropped: 0 }
  const trim = <T>(m: Map<string, T>) => {
    while (m.size > max) {
      const oldest = m.keys().next().value
      if (oldest === undefined) return
      m.delete(oldest)
      counters.dropped++
    }
  }
  const count = () => {
    counters.kept = calls.size + pauses.size
  }
  return {
    counters,
    keep(r) {
      for (const c of r.finishedCalls) calls.set(c.callKey, c)
      for (const p of r.pauses) if (p.endedAt !== null) pauses.set(pauseKeyOf(p), p)
      trim(calls)
      trim(pauses)
      count()
    },
    stored(callKeys, pauseKeys) {
      for (const k of callKeys) calls.delete(k)
      for (const k of pauseKeys) pauses.delete(k)
      count()
    },
    takeAll() {
      if (calls.size === 0 && pauses.size === 0) return null
      const r: TelephonyRecords = { pbxId, finishedCalls: [...calls.values()], pauses: [...pauses.values()] }
      calls.clear()
      pauses.clear()
      count()
      return r
    },
  }
}

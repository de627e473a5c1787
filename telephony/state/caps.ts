/**
 * Bounds on what the state holds, so a broken or hostile PBX (a flood of channels or queue joins that
 * never end) cannot grow memory without limit. Past a cap the oldest entries, by when Pano first saw
 * them, are dropped a tenth of the cap at a time (one pass over the oldest keys: deleting a Map's first
 * key one at a time makes V8 skip ever more tombstones, model.ts) and counted in `state.dropped`;
 * channels in a bridge and callers talking to an agent go last. A dropped queue call leaves no record:
 * its outcome is not known (docs/operations.md).
 */
import { removeChannel } from './channels.ts'
import type { QueueCall, TelephonyState } from './model.ts'

/**
 * The `n` oldest keys, those `expendable` first: a flood of joins or channels that never end must not
 * push out the calls being talked now, which are real (their agent and record depend on them).
 */
function oldestKeys<K, V>(entries: Map<K, V>, n: number, expendable: (v: V) => boolean): K[] {
  const out: K[] = []
  for (const [k, v] of entries) {
    if (out.length >= n) return out
    if (expendable(v)) out.push(k)
  }
  for (const [k, v] of entries) {
    if (out.length >= n) break
    if (!expendable(v)) out.push(k)
  }
  return out
}

const batchOf = (cap: number): number => Math.max(1, Math.ceil(cap / 10))

export function enforceCaps(state: TelephonyState): void {
  const { maxChannels, maxQueueCalls } = state.config
  if (state.channels.size > maxChannels) {
    const excess = state.channels.size - maxChannels
    const notBridged = (c: { bridgeId: string | undefined }) => c.bridgeId === undefined
    for (const id of oldestKeys(state.channels, excess + batchOf(maxChannels), notBridged)) {
      removeChannel(state, id)
      state.dropped.channels++
    }
  }
  if (state.queueCalls.size > maxQueueCalls) {
    const excess = state.queueCalls.size - maxQueueCalls
    const notTalking = (c: QueueCall) => c.phase !== 'connected' && c.phase !== 'completing'
    for (const key of oldestKeys(state.queueCalls, excess + batchOf(maxQueueCalls), notTalking)) {
      dropQueueCall(state, key)
      state.dropped.queueCalls++
    }
  }
}

function dropQueueCall(state: TelephonyState, callKey: string): void {
  const call = state.queueCalls.get(callKey)
  if (call === undefined) return
  state.queueCalls.delete(callKey)
  state.pending.delete(callKey)
  if (state.callKeyByCaller.get(call.uniqueId) === callKey) state.callKeyByCaller.delete(call.uniqueId)
  const q = state.queues.get(call.queue)
  q?.callers.delete(call.uniqueId)
  for (const m of q?.members.values() ?? []) {
    if (m.ringingFor === callKey) {
      m.ringingFor = undefined
      m.ringingSince = undefined
    }
    if (m.onCallKey === callKey) {
      m.onCallKey = undefined
      m.onCallSince = undefined
    }
  }
}

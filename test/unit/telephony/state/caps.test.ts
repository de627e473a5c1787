/**
 * A PBX that floods joins (or never ends its channels) cannot grow the state without limit: past a
 * cap the oldest entries are dropped and counted, the newest are kept, and nothing is recorded for a
 * dropped queue call (its outcome is not known).
 */
import { describe, expect, it } from 'vitest'
import { createTelephonyState, takeRecords } from '../../../../telephony/state/model.ts'
import { reduce } from '../../../../telephony/state/reduce.ts'
import { Q, chan, ev, sec } from './builders.ts'

const caller = (i: number) => chan(`1795668590.${i}`, `PJSIP/trunk-${i.toString(16).padStart(8, '0')}`)

describe('caps on what the state holds', () => {
  it('keeps at most maxQueueCalls waiting callers, dropping and counting the oldest', () => {
    const state = createTelephonyState({ pbxId: 'main', maxQueueCalls: 100, maxChannels: 150 })
    for (let i = 1; i <= 1000; i++) reduce(state, ev.join(caller(i), i), sec(i / 100))
    expect(state.queueCalls.size).toBeLessThanOrEqual(100)
    expect(state.queues.get(Q)?.callers.size).toBe(state.queueCalls.size)
    expect(state.channels.size).toBeLessThanOrEqual(150)
    expect(state.dropped.queueCalls).toBe(1000 - state.queueCalls.size)
    expect(state.dropped.channels).toBe(1000 - state.channels.size)
    // The newest caller is still there; the first is gone, and no record was invented for it.
    expect(state.callKeyByCaller.has('1795668590.1000')).toBe(true)
    expect(state.callKeyByCaller.has('1795668590.1')).toBe(false)
    expect(takeRecords(state).finishedCalls).toEqual([])
  })

  it('drops nothing under the caps', () => {
    const state = createTelephonyState({ pbxId: 'main' })
    for (let i = 1; i <= 500; i++) reduce(state, ev.join(caller(i), i), sec(i))
    expect(state.queueCalls.size).toBe(500)
    expect(state.dropped).toEqual({ channels: 0, queueCalls: 0 })
  })
})

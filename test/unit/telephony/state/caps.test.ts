/**
 * A PBX that floods joins (or never ends its channels) cannot grow the state without limit: past a
 * cap the oldest entries are dropped and counted, the newest are kept, and nothing is recorded for a
 * dropped queue call (its outcome is not known).
 */
import { describe, expect, it } from 'vitest'
import { createTelephonyState, takeRecords } from '../../../../telephony/state/model.ts'
import { reduce } from '../../../../telephony/state/reduce.ts'
import { AGENT, AGENT_IF, CALLER, Q, chan, ev, member, sec, when } from './builders.ts'

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

  it('keeps the call being talked when a flood of joins pushes past the cap, and records it when it ends', () => {
    const state = createTelephonyState({ pbxId: 'main', maxQueueCalls: 100, maxChannels: 150 })
    reduce(state, ev.memberStatus(member(Q, AGENT_IF, 'Ayşe Yılmaz')), sec(0))
    when(state, [
      [0, ev.newchannel(CALLER)],
      [0, ev.join(CALLER)],
      [1, ev.newchannel(AGENT)],
      [3, ev.connect(3)],
      [3, ev.enter('b1', CALLER)],
      [3, ev.enter('b1', AGENT)],
    ])
    for (let i = 1; i <= 1000; i++) reduce(state, ev.join(caller(i), i + 1), sec(4 + i / 100))
    expect(state.queueCalls.size).toBeLessThanOrEqual(100)
    expect(state.channels.has(CALLER.uniqueId)).toBe(true)
    expect(state.channels.has(AGENT.uniqueId)).toBe(true)
    expect(state.queues.get(Q)?.members.get(AGENT_IF)?.onCallKey).toBeDefined()

    when(state, [
      [20, ev.complete(17)],
      [20, ev.hangup(CALLER)],
    ])
    expect(takeRecords(state).finishedCalls).toEqual([
      expect.objectContaining({
        callKey: CALLER.uniqueId,
        outcome: 'ANSWERED',
        agentInterface: AGENT_IF,
        talkSec: 17,
      }),
    ])
  })

  it('drops nothing under the caps', () => {
    const state = createTelephonyState({ pbxId: 'main' })
    for (let i = 1; i <= 500; i++) reduce(state, ev.join(caller(i), i), sec(i))
    expect(state.queueCalls.size).toBe(500)
    expect(state.dropped).toEqual({ channels: 0, queueCalls: 0, outcomeUnknown: 0 })
  })
})

/**
 * A queue call already talking when Pano (re)starts: the resync lists tell who the agent is (the member
 * whose device is in the caller's bridge, InCall in QueueStatus) and not when the agent answered. The
 * state takes the agent over, marks the answer time unknown (no wait shown, none invented), and its
 * AgentComplete's TalkTime and HoldTime give the stored record the real times.
 */
import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { adoptInProgressCalls, completeAdopted } from '../../../../telephony/bridge/adopt-in-progress.ts'
import { createTelephonyState, takeRecords } from '../../../../telephony/state/model.ts'
import { reduce } from '../../../../telephony/state/reduce.ts'
import { applySnapshot, beginResync } from '../../../../telephony/state/resync.ts'
import { memberView } from '../../../../telephony/state/select.ts'
import { liveInputsOf } from '../../../../telephony/stats/live.ts'
import { AGENT, AGENT_IF, CALLER, Q, chan, member, sec } from './builders.ts'

const show = (
  c: typeof CALLER,
  durationSec: number,
  bridgeId: string | undefined,
  app = 'AppDial',
  data = '(Outgoing Line)',
): TelephonyEvent => ({
  type: 'CoreShowChannel',
  channel: c,
  application: app,
  applicationData: data,
  durationSec,
  bridgeId,
  actionId: undefined,
})
const done = (list: 'CoreShowChannels' | 'QueueStatus'): TelephonyEvent => ({
  type: 'ListComplete',
  list,
  actionId: undefined,
  listItems: undefined,
})
const queueMember = (iface: string, name: string, inCall: boolean): TelephonyEvent => ({
  type: 'QueueMember',
  member: member(Q, iface, name, { inCall }),
  actionId: undefined,
})

/** Pano starts at 600 s: the caller has been up 300 s, the agent's leg 240 s; both in bridge b1. */
function restartedMidCall(otherMemberInCall = false) {
  const state = createTelephonyState({ pbxId: 'main' })
  beginResync(state, sec(600))
  const items: TelephonyEvent[] = [
    show(CALLER, 300, 'b1', 'Queue', `${Q},t,,,300`),
    show(AGENT, 240, 'b1'),
    done('CoreShowChannels'),
    queueMember(AGENT_IF, 'Ayşe Yılmaz', true),
    queueMember('PJSIP/1002', 'Mehmet Kaya', otherMemberInCall),
    done('QueueStatus'),
  ]
  applySnapshot(state, items, sec(600))
  const adopted = adoptInProgressCalls(state, items, sec(600))
  return { state, adopted }
}

describe('a queue call talking when Pano restarts', () => {
  it('gets its agent from the bridge peers and the member shows on this call', () => {
    const { state } = restartedMidCall(true)
    const call = [...state.queueCalls.values()][0]
    expect(call).toMatchObject({
      phase: 'connected',
      agentInterface: AGENT_IF,
      agentName: 'Ayşe Yılmaz',
      answeredAtUnknown: true,
    })
    const m = state.queues.get(Q)?.members.get(AGENT_IF)
    if (m === undefined || call === undefined) throw new Error('no member')
    expect(m.onCallKey).toBe(call.callKey)
    // On a call since an unknown time: not since the restart.
    expect(memberView(state, m, sec(601))).toMatchObject({ activity: 'onCall', onCallSince: undefined })
  })

  it('shows no wait and no answer time instead of inventing them', () => {
    const { state } = restartedMidCall()
    expect(liveInputsOf(state, sec(700)).calls).toEqual([
      { queue: Q, enteredAt: sec(300), phase: 'talking', waitSec: null },
    ])
    expect(state.channels.get(CALLER.uniqueId)).toMatchObject({
      answeredAt: undefined,
      answeredAtUnknown: true,
    })
  })

  it('leaves the agent unknown when the bridge peer is no queue member', () => {
    const state = createTelephonyState({ pbxId: 'main' })
    const stranger = chan('100.9', 'PJSIP/2001-00000009', { callId: '100.1' })
    const items: TelephonyEvent[] = [
      show(CALLER, 300, 'b1', 'Queue', Q),
      show(stranger, 240, 'b1'),
      done('CoreShowChannels'),
      queueMember(AGENT_IF, 'Ayşe Yılmaz', false),
      done('QueueStatus'),
    ]
    applySnapshot(state, items, sec(600))
    adoptInProgressCalls(state, items, sec(600))
    expect([...state.queueCalls.values()][0]).toMatchObject({
      agentInterface: undefined,
      answeredAtUnknown: true,
    })
  })

  it("records the call with AgentComplete's talk and hold times", () => {
    const { state, adopted } = restartedMidCall()
    const complete: TelephonyEvent = {
      type: 'AgentComplete',
      caller: CALLER,
      member: AGENT,
      queue: Q,
      interface: AGENT_IF,
      memberName: 'Ayşe Yılmaz',
      holdTimeSec: 20,
      talkTimeSec: 330,
      reason: 'caller',
    }
    if (complete.type !== 'AgentComplete') throw new Error('unreachable')
    completeAdopted(state, complete, adopted, sec(900))
    reduce(state, complete, sec(900))
    const [record] = takeRecords(state).finishedCalls
    expect(record).toMatchObject({
      outcome: 'ANSWERED',
      agentInterface: AGENT_IF,
      answeredAt: new Date(sec(570)),
      waitSec: 20,
      talkSec: 330,
    })
  })
})

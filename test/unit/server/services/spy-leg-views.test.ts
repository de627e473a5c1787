/**
 * The müdür's own listening leg (telephony/spy-leg.ts) stays in the live state, where the spy session
 * follows it, but the lists of live calls leave it out: Panolar › Canlı çağrılar and `/api/v1/calls`
 * (callViews), and the santral console (switchboardCalls), even when the müdür's phone is also an
 * operator's line.
 */
import { describe, expect, it } from 'vitest'
import { callViews } from '../../../../server/services/telephony/live-views.ts'
import { switchboardCalls } from '../../../../server/services/switchboard/switchboard-calls.ts'
import { selectCalls, spyLegIds, type TelephonyBridge } from '../../../../telephony/index.ts'
import { AGENT, CALLER, chan, ev, given, sec, when } from '../../telephony/state/builders.ts'

const LEG = spyLegIds('0b6f1c2e-5d4a-4f3b-9c8d-7e6f5a4b3c2d')

/** The agent talking to a caller of the queue, and the müdür's phone (1009) running ChanSpy on it. */
function listened() {
  const state = given([
    [1, ev.join()],
    [2, ev.called()],
    [2, ev.newchannel(AGENT)],
    [4, ev.connect(3)],
    [4, ev.enter('b-call', CALLER)],
    [4, ev.enter('b-call', AGENT)],
  ])
  // As Asterisk names them: ;1 takes ChannelId, ;2 OtherChannelId, the phone a generated Uniqueid; all
  // three carry ;1's Uniqueid as Linkedid.
  const spy = { callId: LEG.channelId, callerNum: '1009', callerName: 'Pano dinleme' }
  const one = chan(LEG.channelId, 'Local/1009@agents-00000003;1', spy)
  const two = chan(LEG.otherChannelId, 'Local/1009@agents-00000003;2', spy)
  const phone = chan('1764925200.9', 'PJSIP/1009-00000004', { callId: LEG.channelId })
  return when(state, [
    [10, ev.newchannel(one)],
    [10, ev.newchannel(two)],
    [10, ev.newchannel(phone)],
    [11, ev.enter('b-spy', two)],
    [11, ev.enter('b-spy', phone)],
  ])
}

function bridgeOf(state: ReturnType<typeof given>): TelephonyBridge {
  return { pbxId: 'main', state, getStatus: () => ({ stale: false }) } as unknown as TelephonyBridge
}

describe('the müdür’s own listening leg', () => {
  it('is in the live state but not among the live calls', () => {
    const state = listened()
    // The session follows the leg in the state (spy-service.ts), so it must stay there.
    expect(selectCalls(state).map((c) => c.callId)).toEqual([CALLER.callId, LEG.channelId])
    const calls = callViews(bridgeOf(state), sec(20), false)
    expect(calls.map((c) => [c.callId, c.phase, c.agentName])).toEqual([
      [CALLER.callId, 'talking', 'Ayşe Yılmaz'],
    ])
    expect(callViews(bridgeOf(state), sec(20), true).map((c) => c.callId)).toEqual([CALLER.callId])
  })

  it('is not a call on the santral console, even when the müdür’s phone is an operator’s line', () => {
    const state = listened()
    const calls = switchboardCalls({
      pbxId: 'main',
      state,
      switchboardQueues: new Set(['santral']),
      operators: [{ userId: 9, name: 'Operatör Müdür', memberInterfaces: [], extension: '1009' }],
      transfers: new Map(),
      citizenNameOf: () => null,
    })
    expect(calls).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { takeRecords } from '../../../../telephony/state/model.ts'
import { tick } from '../../../../telephony/state/reduce.ts'
import { selectQueues } from '../../../../telephony/state/select.ts'
import { AGENT, AGENT_IF, CALLER, Q, chan, ev, given, member, sec, when } from './builders.ts'

const outcomes = (state: Parameters<typeof takeRecords>[0]) =>
  takeRecords(state).finishedCalls.map((c) => c.outcome)

describe('a queue call, given → when events → then outcome', () => {
  const cases: Array<{
    name: string
    steps: Array<[number, TelephonyEvent]>
    then: string[]
    leaveWhenEmpty?: boolean
    tickAt?: number
  }> = [
    {
      name: 'answered and completed',
      steps: [
        [0, ev.join()],
        [1, ev.called()],
        [4, ev.leave()],
        [4, ev.connect(4)],
        [30, ev.complete(26)],
      ],
      then: ['ANSWERED'],
    },
    {
      name: 'caller hangs up while waiting (hangup request before the abandon)',
      steps: [
        [0, ev.join()],
        [12, ev.hangupRequest(CALLER)],
        [12, ev.abandon(12)],
        [12, ev.leave()],
        [12, ev.hangup(CALLER)],
      ],
      then: ['ABANDONED'],
    },
    {
      name: 'abandon followed by the caller hangup within the grace period',
      steps: [
        [0, ev.join()],
        [3, ev.abandon(3)],
        [3, ev.leave()],
        [3.2, ev.hangup(CALLER)],
      ],
      then: ['ABANDONED'],
    },
    {
      name: 'abandon then the caller continues in the dialplan: timeout',
      steps: [
        [0, ev.join()],
        [120, ev.abandon(120)],
        [120, ev.leave()],
        [120, ev.newexten(CALLER.uniqueId)],
      ],
      then: ['TIMEOUT'],
    },
    {
      name: 'abandon, then nothing for longer than the grace period: timeout',
      steps: [
        [0, ev.join()],
        [120, ev.abandon(120)],
        [120, ev.leave()],
      ],
      tickAt: 122,
      then: ['TIMEOUT'],
    },
    {
      name: 'QUEUESTATUS decides even when the dialplan hangs up right after Queue()',
      steps: [
        [0, ev.join()],
        [60, ev.abandon(60)],
        [60, ev.leave()],
        [60, { type: 'VarSet', uniqueId: CALLER.uniqueId, variable: 'QUEUESTATUS', value: 'LEAVEEMPTY' }],
        [60.1, ev.hangup(CALLER)],
      ],
      then: ['EXIT_EMPTY'],
    },
    {
      name: 'abandon while every member is paused, caller continues, queue not leavewhenempty: timeout',
      steps: [
        [0, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Mola' }))],
        [1, ev.join()],
        [5, ev.abandon(4)],
        [5, ev.leave()],
        [5, ev.newexten(CALLER.uniqueId)],
      ],
      leaveWhenEmpty: false,
      then: ['TIMEOUT'],
    },
    {
      name: 'abandon while every member is paused, caller continues: exit empty',
      steps: [
        [0, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Mola' }))],
        [1, ev.join()],
        [5, ev.abandon(4)],
        [5, ev.leave()],
        [5, ev.newexten(CALLER.uniqueId)],
      ],
      leaveWhenEmpty: true,
      then: ['EXIT_EMPTY'],
    },
    {
      name: 'left without abandon or agent, caller continues: exit with key',
      steps: [
        [0, ev.join()],
        [8, ev.leave()],
        [8, ev.newexten(CALLER.uniqueId, '1')],
      ],
      then: ['EXIT_KEY'],
    },
    {
      name: 'hangup of a waiting caller without any queue event: abandoned',
      steps: [
        [0, ev.join()],
        [9, ev.hangup(CALLER)],
      ],
      then: ['ABANDONED'],
    },
    {
      name: 'duplicated events give one record',
      steps: [
        [0, ev.join()],
        [0, ev.join()],
        [4, ev.leave()],
        [4, ev.connect(4)],
        [4, ev.connect(4)],
        [30, ev.complete(26)],
        [30, ev.complete(26)],
        [31, ev.hangup(CALLER)],
        [31, ev.join()],
      ],
      then: ['ANSWERED'],
    },
  ]

  it.each(cases)('$name', ({ steps, then, tickAt, leaveWhenEmpty }) => {
    const state = given(steps, 5, leaveWhenEmpty ?? false)
    if (tickAt !== undefined) tick(state, sec(tickAt))
    expect(outcomes(state)).toEqual(then)
  })

  it('writes the record the Call table expects', () => {
    const state = given([
      [0, ev.join()],
      [1, ev.called()],
      [3, ev.noAnswer(2000)],
      [4, ev.leave()],
      [4, ev.connect(4)],
      [30.5, ev.complete(26)],
    ])
    expect(takeRecords(state).finishedCalls).toEqual([
      {
        pbxId: 'main',
        callKey: '100.1',
        linkedId: '100.1',
        direction: 'INBOUND',
        queue: Q,
        callerNumber: '+905321234567',
        callerName: "O'Brien",
        agentName: 'Ayşe Yılmaz',
        agentInterface: AGENT_IF,
        enteredAt: new Date(sec(0)),
        answeredAt: new Date(sec(4)),
        endedAt: new Date(sec(30.5)),
        waitSec: 4,
        talkSec: 26.5,
        outcome: 'ANSWERED',
        transferredTo: null,
        missedBy: [
          {
            interface: AGENT_IF,
            memberName: 'Ayşe Yılmaz',
            at: new Date(sec(3)).toISOString(),
            ringMs: 2000,
          },
        ],
      },
    ])
  })

  it('uses the event HoldTime when the capture has no clock (all events at one instant)', () => {
    const state = given([
      [0, ev.join()],
      [0, ev.leave()],
      [0, ev.connect(7)],
      [0, ev.complete(20)],
    ])
    const [call] = takeRecords(state).finishedCalls
    expect([call?.waitSec, call?.talkSec]).toEqual([7, 20])
  })

  it('gives a second queue entry of the same channel its own key', () => {
    const state = given([
      [0, ev.join()],
      [30, ev.abandon(30)],
      [30, ev.leave()],
      [30, { type: 'QueueCallerJoin', caller: CALLER, queue: 'santral', position: 1, count: 1 }],
    ])
    expect(takeRecords(state).finishedCalls.map((c) => [c.callKey, c.outcome])).toEqual([
      ['100.1', 'TIMEOUT'],
    ])
    expect(
      selectQueues(state, sec(31))
        .find((q) => q.name === 'santral')
        ?.waiting.map((w) => w.callKey),
    ).toEqual(['100.1/2'])
  })

  it('follows the Linkedid when it changes during the call', () => {
    const state = given([
      [0, ev.join()],
      [4, ev.leave()],
      [4, ev.connect(4)],
    ])
    when(state, [
      [10, { type: 'Newstate', channel: { ...CALLER, callId: '099.9' } }],
      [20, ev.complete(16)],
    ])
    expect(takeRecords(state).finishedCalls[0]?.linkedId).toBe('099.9')
  })
})

describe('members around a queue call', () => {
  const view = (state: ReturnType<typeof given>, at: number) =>
    selectQueues(state, sec(at))
      .find((q) => q.name === Q)
      ?.members.find((m) => m.interface === AGENT_IF)

  it('rings, talks, then shows wrap-up for the queue wrap-up time', () => {
    const state = given([
      [0, ev.join()],
      [1, ev.called()],
    ])
    expect(view(state, 1)).toMatchObject({ activity: 'ringing', ringing: true })
    when(state, [
      [4, ev.leave()],
      [4, ev.connect(4)],
    ])
    expect(view(state, 5)).toMatchObject({ activity: 'onCall', inCall: true, onCallSince: sec(4) })
    when(state, [[30, ev.complete(26)]])
    expect(view(state, 32)).toMatchObject({ activity: 'wrapUp', wrapUpUntil: sec(35) })
    expect(view(state, 36)).toMatchObject({ activity: 'available', wrapUp: false })
  })

  it('shows the waiting caller with position and waiting-since', () => {
    const state = given([[2, ev.join()]])
    expect(selectQueues(state, sec(12)).find((q) => q.name === Q)?.waiting).toEqual([
      expect.objectContaining({
        uniqueId: '100.1',
        position: 1,
        waitingSince: sec(2),
        waitSec: 10,
        callerName: "O'Brien",
      }),
    ])
  })

  it('marks an autopause apart from a chosen pause and closes one interval per interface', () => {
    const state = given([
      [10, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Auto-Pause' }))],
      [
        10,
        ev.pause(member('santral', AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Auto-Pause' })),
      ],
    ])
    expect(view(state, 11)).toMatchObject({ activity: 'paused', autoPaused: true, pausedSince: sec(10) })
    when(state, [
      [70, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz'))],
      [70, ev.pause(member('santral', AGENT_IF, 'Ayşe Yılmaz'))],
    ])
    expect(takeRecords(state).pauses).toEqual([
      {
        pbxId: 'main',
        memberInterface: AGENT_IF,
        memberName: 'Ayşe Yılmaz',
        reason: 'Auto-Pause',
        startedAt: new Date(sec(10)),
        endedAt: new Date(sec(70)),
      },
    ])
  })

  it('starts a new interval when the pause reason changes', () => {
    const state = given([
      [10, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Mola' }))],
      [40, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz', { paused: true, pausedReason: 'Toplantı' }))],
      [100, ev.pause(member(Q, AGENT_IF, 'Ayşe Yılmaz'))],
    ])
    expect(
      takeRecords(state).pauses.map((p) => [p.reason, (p.endedAt!.getTime() - p.startedAt.getTime()) / 1000]),
    ).toEqual([
      ['Mola', 30],
      ['Toplantı', 60],
    ])
  })
})

describe('channels and calls', () => {
  it('ignores events about a channel after its Hangup', () => {
    const state = given([
      [1, ev.hangup(CALLER)],
      [2, { type: 'Newstate', channel: CALLER }],
    ])
    expect(state.channels.has(CALLER.uniqueId)).toBe(false)
  })

  it('uses the member channel in the bridge', () => {
    const state = given([
      [0, ev.newchannel(AGENT)],
      [1, ev.enter('b1', CALLER)],
      [1, ev.enter('b1', AGENT)],
    ])
    expect([...(state.bridges.get('b1')?.channels ?? [])]).toEqual([CALLER.uniqueId, AGENT.uniqueId])
    when(state, [[5, ev.hangup(AGENT)]])
    expect([...(state.bridges.get('b1')?.channels ?? [])]).toEqual([CALLER.uniqueId])
    expect(chan('x', 'y').state).toBe(6)
  })
})

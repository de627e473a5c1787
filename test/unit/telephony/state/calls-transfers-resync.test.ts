import { describe, expect, it } from 'vitest'
import type { TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { createTelephonyState, takeRecords } from '../../../../telephony/state/model.ts'
import { normaliseCallerNumber } from '../../../../telephony/state/phone-number.ts'
import { applySnapshot, beginResync, isStale } from '../../../../telephony/state/resync.ts'
import {
  selectCalls,
  selectDevices,
  selectExtensions,
  selectQueues,
  selectTransfers,
} from '../../../../telephony/state/select.ts'
import { AGENT, AGENT_IF, CALLER, Q, chan, ev, given, member, sec, when } from './builders.ts'

const blind = (extension: string): TelephonyEvent => ({
  type: 'BlindTransfer',
  result: 'Success',
  transferer: AGENT,
  transferee: CALLER,
  bridge: undefined,
  isExternal: false,
  context: 'departments',
  extension,
})

const answeredCall: Array<[number, TelephonyEvent]> = [
  [0, ev.join()],
  [4, ev.leave()],
  [4, ev.connect(4)],
  [4, ev.newchannel(AGENT)],
  [4, ev.enter('b1', CALLER)],
  [4, ev.enter('b1', AGENT)],
]

describe('transfers', () => {
  it('blind: the queue call ends TRANSFERRED to the extension and the transfer is answered later', () => {
    const state = given([...answeredCall, [20, blind('2001')], [20, ev.complete(16, 'transfer')]])
    expect(takeRecords(state).finishedCalls.map((c) => [c.outcome, c.transferredTo])).toEqual([
      ['TRANSFERRED', '2001'],
    ])
    expect(selectTransfers(state)).toEqual([
      expect.objectContaining({
        kind: 'blind',
        target: '2001@departments',
        transfereeUniqueId: CALLER.uniqueId,
        answered: undefined,
      }),
    ])
    const unit = chan('100.9', 'PJSIP/2001-00000009', { callId: '100.1' })
    when(state, [
      [
        21,
        { type: 'DialBegin', caller: CALLER, dest: unit, dialString: 'PJSIP/2001', dialStatus: undefined },
      ],
      [25, { type: 'DialEnd', caller: CALLER, dest: unit, dialString: undefined, dialStatus: 'ANSWER' }],
    ])
    expect(selectTransfers(state)[0]).toMatchObject({ answered: true, answeredAt: sec(25) })
  })

  it('blind: a target that does not answer is reported as not answered', () => {
    const state = given([...answeredCall, [20, blind('2002')], [20, ev.complete(16, 'transfer')]])
    const unit = chan('100.9', 'PJSIP/2002-00000009')
    when(state, [
      [40, { type: 'DialEnd', caller: CALLER, dest: unit, dialString: undefined, dialStatus: 'NOANSWER' }],
    ])
    expect(selectTransfers(state)[0]?.answered).toBe(false)
  })

  it('AgentComplete(transfer) before the BlindTransfer event still gets the target', () => {
    const state = given([...answeredCall, [20, ev.complete(16, 'transfer')]])
    expect(takeRecords(state).finishedCalls).toEqual([])
    when(state, [[20.01, blind('2003')]])
    expect(takeRecords(state).finishedCalls.map((c) => [c.outcome, c.transferredTo])).toEqual([
      ['TRANSFERRED', '2003'],
    ])
  })

  it('attended: the consult target is recorded as answered', () => {
    const consult = chan('100.5', 'PJSIP/1001-00000005', { callId: '100.5', connectedNum: '2004' })
    const target = chan('100.6', 'PJSIP/2004-00000006', { callId: '100.5', callerNum: '2004' })
    const state = given([
      ...answeredCall,
      [
        30,
        {
          type: 'AttendedTransfer',
          result: 'Success',
          origTransferer: AGENT,
          secondTransferer: consult,
          transferee: CALLER,
          transferTarget: target,
          origBridgeId: 'b1',
          secondBridgeId: 'b2',
          destType: 'Bridge',
          destBridgeId: 'b1',
          destApp: undefined,
          isExternal: false,
        },
      ],
      [30, ev.complete(26, 'transfer')],
    ])
    expect(takeRecords(state).finishedCalls.map((c) => [c.outcome, c.transferredTo])).toEqual([
      ['TRANSFERRED', '2004'],
    ])
    expect(selectTransfers(state)[0]).toMatchObject({ kind: 'attended', answered: true, target: '2004' })
  })
})

describe('call graph', () => {
  it('regroups channels when a Linkedid changes (transfer merges two conversations)', () => {
    const a = chan('1.1', 'PJSIP/a-1', { callId: '1.1' })
    const b = chan('2.1', 'PJSIP/b-1', { callId: '2.1' })
    const state = given([
      [0, ev.newchannel(a)],
      [0, ev.newchannel(b)],
    ])
    const ids = () => selectCalls(state).map((c) => [c.callId, c.participants.map((p) => p.name)])
    expect(ids()).toEqual(
      expect.arrayContaining([
        ['1.1', ['PJSIP/a-1']],
        ['2.1', ['PJSIP/b-1']],
      ]),
    )
    when(state, [[5, ev.enter('b9', { ...b, callId: '1.1' })]])
    expect(ids()).toEqual(expect.arrayContaining([['1.1', ['PJSIP/a-1', 'PJSIP/b-1']]]))
    expect(ids().find(([id]) => id === '2.1')).toBeUndefined()
  })

  it('joins Local halves into one participant and drops them after optimisation', () => {
    const phone = chan('3.1', 'PJSIP/gonzo-1', { callId: '3.1' })
    const one = chan('3.2', 'Local/kermit@default-00000001;1', { callId: '3.1' })
    const two = chan('3.3', 'Local/kermit@default-00000001;2', { callId: '3.1' })
    const kermit = chan('3.4', 'PJSIP/kermit-1', { callId: '3.1' })
    const state = createTelephonyState({ pbxId: 'main' })
    when(state, [
      [0, ev.newchannel(phone)],
      [0, ev.newchannel(one)],
      [0, ev.newchannel(two)],
      [0, { type: 'LocalBridge', one, two, context: 'default', exten: 'kermit', optimization: true }],
      [0, ev.newchannel(kermit)],
      [1, ev.enter('b1', phone)],
      [1, ev.enter('b1', one)],
      [1, ev.enter('b2', two)],
      [1, ev.enter('b2', kermit)],
    ])
    const names = () => selectCalls(state)[0]?.participants.map((p) => [p.kind, p.name, p.uniqueIds.length])
    expect(names()).toEqual([
      ['channel', 'PJSIP/gonzo-1', 1],
      ['local', 'Local/kermit@default-00000001', 2],
      ['channel', 'PJSIP/kermit-1', 1],
    ])
    when(state, [
      [
        2,
        { type: 'LocalOptimizationBegin', one, two, source: phone, destUniqueId: kermit.uniqueId, id: '1' },
      ],
      [2, ev.leaveBridge('b1', phone)],
      [2, ev.enter('b2', phone)],
      [2, { type: 'LocalOptimizationEnd', one, two, success: true, id: '1' }],
      [2, ev.hangup(one)],
      [2, ev.hangup(two)],
    ])
    expect(names()).toEqual([
      ['channel', 'PJSIP/gonzo-1', 1],
      ['channel', 'PJSIP/kermit-1', 1],
    ])
    expect(state.bridges.get('b2')?.channels.size).toBe(2)
    expect(state.localPairs.size).toBe(0)
  })
})

describe('resync in the middle of a call', () => {
  const listDone = (
    list: 'CoreShowChannels' | 'QueueStatus' | 'DeviceStateList' | 'ExtensionStateList',
  ): TelephonyEvent => ({
    type: 'ListComplete',
    list,
    actionId: 'r1',
    listItems: undefined,
  })
  const coreChannel = (c: typeof CALLER, bridgeId?: string): TelephonyEvent => ({
    type: 'CoreShowChannel',
    channel: c,
    application: 'Queue',
    applicationData: Q,
    durationSec: 30,
    bridgeId,
    actionId: 'r1',
  })

  it('keeps a connected call seen before, adopts a new waiting caller, removes what is gone, and ignores late events', () => {
    const ghost = chan('9.9', 'PJSIP/ghost-1')
    const other = chan('200.1', 'PJSIP/trunk-00000007', { callerNum: '2323301000' })
    const state = given([...answeredCall, [5, ev.newchannel(ghost)]])
    beginResync(state, sec(60))
    expect(isStale(state)).toBe(true)
    applySnapshot(
      state,
      [
        coreChannel(CALLER, 'b1'),
        coreChannel(AGENT, 'b1'),
        coreChannel(other),
        listDone('CoreShowChannels'),
        {
          type: 'QueueParams',
          queue: Q,
          strategy: 'rrmemory',
          max: 0,
          calls: 1,
          serviceLevelSec: 20,
          weight: 0,
          completed: undefined,
          abandoned: undefined,
          actionId: 'r1',
        },
        {
          type: 'QueueMember',
          member: member(Q, AGENT_IF, 'Ayşe Yılmaz', { inCall: true, status: 2 }),
          actionId: 'r1',
        },
        {
          type: 'QueueEntry',
          queue: Q,
          position: 1,
          channel: other.channel,
          uniqueId: other.uniqueId,
          callerNum: '2323301000',
          callerName: undefined,
          connectedNum: undefined,
          connectedName: undefined,
          waitSec: 7,
          actionId: 'r1',
        },
        listDone('QueueStatus'),
        { type: 'DeviceStateChange', device: 'PJSIP/2001', state: 'RINGING', actionId: 'r1' },
        listDone('DeviceStateList'),
        {
          type: 'ExtensionStatus',
          exten: '2001',
          context: 'departments',
          hint: 'PJSIP/2001',
          status: 8,
          actionId: 'r1',
        },
        listDone('ExtensionStateList'),
      ],
      sec(61),
    )
    expect(isStale(state)).toBe(false)
    expect(state.channels.has(ghost.uniqueId)).toBe(false)
    const queue = selectQueues(state, sec(61)).find((q) => q.name === Q)
    expect(queue?.waiting).toEqual([expect.objectContaining({ uniqueId: '200.1', waitingSince: sec(54) })])
    expect(queue?.members[0]).toMatchObject({ activity: 'onCall' })
    expect(selectDevices(state)).toEqual({ 'PJSIP/2001': 'ringing' })
    expect(selectExtensions(state)).toEqual([
      { exten: '2001', context: 'departments', hint: 'PJSIP/2001', light: 'ringing' },
    ])
    // Late duplicates from before the snapshot, then the real end of the call.
    when(state, [
      [61, ev.join()],
      [61, ev.connect(4)],
      [61, ev.hangup(ghost)],
      [90, ev.complete(86)],
    ])
    expect(
      takeRecords(state).finishedCalls.map((c) => [c.callKey, c.outcome, c.enteredAt.getTime(), c.waitSec]),
    ).toEqual([['100.1', 'ANSWERED', sec(0), 4]])
  })

  it('finishes a connected call whose caller vanished while Pano was away', () => {
    const state = given(answeredCall)
    beginResync(state, sec(100))
    applySnapshot(state, [listDone('CoreShowChannels'), listDone('QueueStatus')], sec(100))
    expect(takeRecords(state).finishedCalls.map((c) => [c.outcome, c.endedAt.getTime()])).toEqual([
      ['ANSWERED', sec(100)],
    ])
    expect(state.channels.size).toBe(0)
    expect(state.queues.get(Q)?.members.size ?? 0).toBe(0)
  })

  it('leaves a kind untouched when its list did not complete', () => {
    const state = given([
      [0, { type: 'DeviceStateChange', device: 'PJSIP/2002', state: 'INUSE', actionId: undefined }],
    ])
    applySnapshot(state, [listDone('CoreShowChannels')], sec(10))
    expect(selectDevices(state)).toEqual({ 'PJSIP/2002': 'inUse' })
  })
})

describe('normaliseCallerNumber', () => {
  it.each([
    ['05321234567', '+905321234567'],
    ['5321234567', '+905321234567'],
    ['+90 532 123 45 67', '+905321234567'],
    ['00905321234567', '+905321234567'],
    ['905321234567', '+905321234567'],
    ['2323301000', '+902323301000'],
    ['0 (232) 330 10 00', '+902323301000'],
    ['+31150010001', '+31150010001'],
    ['004420123456', '+4420123456'],
    ['1001', '1001'],
    ['anonymous', undefined],
    ['', undefined],
  ])('%s → %s', (raw, e164) => {
    expect(normaliseCallerNumber(raw)).toBe(e164)
  })
})

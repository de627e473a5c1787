import { describe, expect, it } from 'vitest'
import { decodeAmiEvent, type TelephonyEvent } from '../../../../telephony/ami/events.ts'
import { AmiMessage, parseMessageText } from '../../../../telephony/ami/message.ts'
import { allCaptureFiles, loadCapture } from './transcripts.ts'

function decodeAll(file: string) {
  const results = loadCapture(file)
    .messages.filter((m) => m.message.kind === 'event')
    .map((m) => decodeAmiEvent(m.message))
  return {
    events: results.filter((r): r is TelephonyEvent => r.type !== 'unknown' && r.type !== 'decodeError'),
    unknown: results.filter((r) => r.type === 'unknown').map((r) => (r as { name: string }).name),
    errors: results.filter((r) => r.type === 'decodeError'),
  }
}

function only<T extends TelephonyEvent['type']>(events: TelephonyEvent[], type: T) {
  return events.filter((e): e is Extract<TelephonyEvent, { type: T }> => e.type === type)
}

describe('decodeAmiEvent over the Asterisk 22 lab capture of one answered call', () => {
  const { events, unknown, errors } = decodeAll('asterisk-22-lab/02-single-answered.raw')

  it('decodes every event it uses without error and leaves the rest as unknown', () => {
    expect(errors).toEqual([])
    expect(new Set(unknown)).toEqual(new Set(['SuccessfulAuth', 'Cdr']))
    expect(only(events, 'Newchannel')).toHaveLength(4)
    expect(only(events, 'Hangup')).toHaveLength(4)
    expect(only(events, 'VarSet')).toHaveLength(80)
  })

  it('reads the queue caller and the member with domain names and normalised sentinels', () => {
    const [connect] = only(events, 'AgentConnect')
    expect(connect).toMatchObject({
      queue: 'cagri-merkezi',
      memberName: 'Emre Şahin',
      interface: 'Local/1004@agents/n',
      holdTimeSec: 2,
      ringTimeSec: 2,
      caller: {
        channel: 'Local/s@incoming-000000ad;2',
        uniqueId: '1795668590.347',
        callId: '1795668590.346',
        callerNum: '+905465799768',
        callerName: undefined,
        state: 6,
      },
      member: { channel: 'Local/1004@agents-000000ae;1', uniqueId: '1795668590.348' },
    })
    const [complete] = only(events, 'AgentComplete')
    expect(complete).toMatchObject({ talkTimeSec: 6, holdTimeSec: 2, reason: 'agent' })
  })

  it('decodes the Local pair, the member status and the dial end', () => {
    const [callerPair] = only(events, 'LocalBridge')
    expect(callerPair).toMatchObject({
      one: { channel: 'Local/s@incoming-000000ad;1' },
      two: { channel: 'Local/s@incoming-000000ad;2' },
      optimization: true,
    })
    const status = only(events, 'QueueMemberStatus').at(-1)
    expect(status?.member).toMatchObject({
      queue: 'cagri-merkezi',
      memberName: 'Emre Şahin',
      callsTaken: 1,
      status: 1,
      paused: false,
      pausedReason: undefined,
      loginTime: 1795667412,
    })
    const ends = only(events, 'DialEnd').map((e) => [e.caller?.uniqueId, e.dest.uniqueId, e.dialStatus])
    expect(ends).toEqual([
      [undefined, '1795668590.346', 'ANSWER'],
      ['1795668590.347', '1795668590.348', 'ANSWER'],
    ])
  })
})

describe('decodeAmiEvent over the QueueStatus/CoreShowChannels lists', () => {
  const { events, errors } = decodeAll('asterisk-22-lab/05a-mid-traffic-status-events-off.raw')

  it('reads list items with their own field names', () => {
    expect(errors).toEqual([])
    const paused = only(events, 'QueueMember').find((m) => m.member.memberName === 'Ayşe Yılmaz')
    expect(paused?.member).toMatchObject({
      interface: 'Local/1001@agents/n',
      paused: true,
      pausedReason: 'Toplantı',
    })
    const entry = only(events, 'QueueEntry')[0]
    expect(entry).toMatchObject({
      queue: 'cagri-merkezi',
      position: 1,
      uniqueId: '1795668415.289',
      callerName: undefined,
      waitSec: 2,
    })
    const chan = only(events, 'CoreShowChannel').find((c) => c.channel.uniqueId === '1795668403.279')
    expect(chan).toMatchObject({
      application: 'Queue',
      durationSec: 14,
      bridgeId: '912c59de-605f-42d0-aa0c-315a256e4556',
    })
    expect(only(events, 'ListComplete').map((c) => c.list)).toEqual([
      'QueueStatus',
      'QueueSummary',
      'CoreShowChannels',
      'QueueStatus',
      'QueueSummary',
      'CoreShowChannels',
    ])
  })
})

describe('AgentComplete after the caller is gone (Asterisk 22, apps/app_queue.c send_agent_complete)', () => {
  it('decodes without the caller fields, keeping queue, member and the per-call times', () => {
    const { events, errors } = decodeAll('pano-derived__agentcomplete-caller-gone__ast22.raw')
    expect(errors).toEqual([])
    const [complete] = only(events, 'AgentComplete')
    expect(complete).toMatchObject({
      caller: undefined,
      queue: 'cagri-merkezi',
      interface: 'Local/1004@agents/n',
      memberName: 'Emre Şahin',
      holdTimeSec: 2,
      talkTimeSec: 6,
      reason: 'caller',
    })
    expect(complete?.member?.uniqueId).toBe('1795668590.348')
  })

  it('still refuses an AgentComplete without its queue or member', () => {
    const m = parseMessageText('Event: AgentComplete\r\nQueue: cagri-merkezi\r\nHoldTime: 2\r\n')
    expect(decodeAmiEvent(m)).toMatchObject({ type: 'decodeError', reason: 'missing Interface' })
  })
})

describe('decodeAmiEvent on every stored transcript', () => {
  it.each(allCaptureFiles())('%s decodes without errors', (file) => {
    expect(decodeAll(file).errors).toEqual([])
  })

  it('decodes the cacofonisk abandon and transfer events', () => {
    const abandon = only(
      decodeAll('cacofonisk__queue-abandon-queuecallerabandon__ami2.json').events,
      'QueueCallerAbandon',
    )
    expect(abandon).toEqual([
      expect.objectContaining({ queue: '670100-540100', holdTimeSec: 11, originalPosition: 1 }),
    ])
    const blind = only(
      decodeAll('cacofonisk__queue-call-then-blind-transfer__ami2.json').events,
      'BlindTransfer',
    )[0]
    expect(blind).toMatchObject({ result: 'Success', extension: '202', context: 'osvpi_account_transfer' })
    expect(blind?.transferer.uniqueId).toBeTypeOf('string')
    const att = only(
      decodeAll('cacofonisk__attended-transfer-abbcac__ami2.json').events,
      'AttendedTransfer',
    )[0]
    expect(att).toMatchObject({ result: 'Success', destType: 'Bridge' })
    expect(att?.origTransferer.channel).toBe('SIP/150010002-0000002d')
    expect(att?.secondTransferer?.channel).toBe('SIP/150010002-0000002e')
  })
})

const msg = (text: string) => parseMessageText(text)

describe('decodeAmiEvent field rules', () => {
  it('C-unescapes names and channel variables per field, not the caller number', () => {
    const e = decodeAmiEvent(
      msg(
        [
          'Event: Newchannel',
          'Channel: PJSIP/trunk-00000001',
          'ChannelState: 4',
          "CallerIDNum: 0532\\'1",
          'CallerIDName: O\\\'Brien \\"Who\\?\\"',
          'ConnectedLineName: <unknown>',
          'Uniqueid: 1700000000.10',
          'Linkedid: 1700000000.1',
          'ChanVariable: NOTE=a\\tb',
          'ChanVariable: EMPTY=',
        ].join('\n'),
      ),
    )
    expect(e).toMatchObject({
      type: 'Newchannel',
      channel: {
        callerName: 'O\'Brien "Who?"',
        callerNum: "0532\\'1",
        connectedName: undefined,
        uniqueId: '1700000000.10',
        callId: '1700000000.1',
        vars: { NOTE: 'a\tb', EMPTY: '' },
      },
    })
  })

  it('keeps caller names and numbers to 80 characters, cut between characters', () => {
    const name = `${'Ş'.repeat(79)}😀${'x'.repeat(300_000)}`
    const e = decodeAmiEvent(
      msg(
        [
          'Event: Newchannel',
          'Channel: PJSIP/trunk-00000001',
          `CallerIDNum: ${'5'.repeat(200)}`,
          `CallerIDName: ${name}`,
          `ConnectedLineName: ${'Ayşe Yılmaz'}`,
          'Uniqueid: 1700000000.10',
        ].join('\n'),
      ),
    )
    if (e.type !== 'Newchannel') throw new Error(e.type)
    expect(e.channel.callerName).toBe(`${'Ş'.repeat(79)}😀`)
    expect(e.channel.callerNum).toBe('5'.repeat(80))
    expect(e.channel.connectedName).toBe('Ayşe Yılmaz')
  })

  it('reads prefixed snapshots (Transferer*, Transferee*) of a blind transfer', () => {
    const e = decodeAmiEvent(
      msg(
        "Event: BlindTransfer\nResult: Success\nTransfererChannel: PJSIP/1001-1\nTransfererUniqueid: 1.2\nTransfererLinkedid: 1.1\nTransfereeChannel: PJSIP/trunk-1\nTransfereeUniqueid: 1.1\nTransfereeCallerIDName: Ay\\'se\nBridgeUniqueid: b-1\nIsExternal: No\nContext: departments\nExtension: 2001",
      ),
    )
    expect(e).toMatchObject({
      type: 'BlindTransfer',
      transferer: { channel: 'PJSIP/1001-1', uniqueId: '1.2', callId: '1.1' },
      transferee: { channel: 'PJSIP/trunk-1', callerName: "Ay'se", callId: '1.1' },
      bridge: { bridgeId: 'b-1' },
      isExternal: false,
      extension: '2001',
    })
  })

  it('turns a missing required field into a DecodeError value and an unused event into unknown', () => {
    expect(decodeAmiEvent(msg('Event: Hangup\nChannel: PJSIP/x-1'))).toMatchObject({
      type: 'decodeError',
      name: 'Hangup',
    })
    expect(
      decodeAmiEvent(msg('Event: QueueCallerJoin\nChannel: a\nUniqueid: 1.1\nQueue: q\nPosition: x')),
    ).toMatchObject({
      type: 'decodeError',
      reason: expect.stringContaining('Position') as unknown,
    })
    expect(decodeAmiEvent(msg('Event: Cdr\nSource: 1'))).toEqual({ type: 'unknown', name: 'Cdr' })
    expect(decodeAmiEvent(msg('Event: constructor'))).toEqual({ type: 'unknown', name: 'constructor' })
    expect(decodeAmiEvent(msg('Response: Success\nMessage: x'))).toMatchObject({ type: 'decodeError' })
    expect(decodeAmiEvent(new AmiMessage())).toMatchObject({ type: 'decodeError' })
  })

  it('reads the pre-18 QueueMemberPaused with its Reason header as a pause', () => {
    const e = decodeAmiEvent(
      msg(
        'Event: QueueMemberPaused\nQueue: q1\nMemberName: Ali\nInterface: SIP/1001\nPaused: 1\nReason: Mola',
      ),
    )
    expect(e).toMatchObject({
      type: 'QueueMemberPause',
      member: { queue: 'q1', interface: 'SIP/1001', paused: true, pausedReason: 'Mola' },
    })
  })

  it('accepts keys in another case and an event name with trailing blanks', () => {
    const e = decodeAmiEvent(
      msg('Event: BridgeEnter \nbridgeuniqueid: b-2\nCHANNEL: PJSIP/a-1\nuniqueid: 9.9'),
    )
    expect(e).toMatchObject({
      type: 'BridgeEnter',
      bridge: { bridgeId: 'b-2' },
      channel: { uniqueId: '9.9', callId: '9.9' },
    })
  })
})

/** Simulator actions over real TCP: pause, members, transfers, originate, hangup, PBX restart. */
import { afterEach, describe, expect, it } from 'vitest'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/simulator/index.ts'
import { AmiTestClient } from '../../unit/telephony/simulator/support/ami-test-client.ts'

let sim: PbxSimulator | undefined
let clients: AmiTestClient[] = []

async function start(
  options: Parameters<typeof createPbxSimulator>[0] = {},
): Promise<{ sim: PbxSimulator; c: AmiTestClient }> {
  sim = await createPbxSimulator({ clock: 'virtual', noise: 'none', ...options })
  const c = await AmiTestClient.connect(sim.port)
  clients.push(c)
  await c.login()
  return { sim, c }
}

afterEach(async () => {
  for (const c of clients) c.close()
  clients = []
  await sim?.close()
  sim = undefined
})

const AGENT = 'Local/1004@agents/n'

describe('QueuePause, QueueAdd, QueueRemove', () => {
  it('pauses with a reason, reports it in QueueMemberPause after the response, keeps the unpause reason', async () => {
    const { sim, c } = await start()
    const from = c.messages.length
    const res = await c.action(
      [
        ['Action', 'QueuePause'],
        ['Interface', AGENT],
        ['Paused', 'true'],
        ['Reason', 'Toplantı'],
      ],
      'qp1',
    )
    expect(res.get('Message')).toBe('Interface paused successfully')
    const pause = await c.waitFor((m) => m.get('Event') === 'QueueMemberPause', from)
    expect(c.messages.indexOf(pause)).toBeGreaterThan(c.messages.indexOf(res))
    expect([
      pause.get('Queue'),
      pause.get('MemberName'),
      pause.get('Paused'),
      pause.get('PausedReason'),
    ]).toEqual(['cagri-merkezi', 'Emre Şahin', '1', 'Toplantı'])
    await sim.advance(90_000)
    const un = await c.action(
      [
        ['Action', 'QueuePause'],
        ['Interface', AGENT],
        ['Paused', 'false'],
        ['Reason', 'Döndü'],
      ],
      'qp2',
    )
    expect(un.get('Message')).toBe('Interface unpaused successfully')
    const unpause = await c.waitFor((m) => m.get('Event') === 'QueueMemberPause' && m.get('Paused') === '0')
    expect(unpause.get('PausedReason')).toBe('Döndü')
    expect(sim.groundTruth().pauses).toEqual([
      expect.objectContaining({ memberName: 'Emre Şahin', reason: 'Toplantı', durationSec: 90 }),
    ])
    const missing = await c.action(
      [
        ['Action', 'QueuePause'],
        ['Interface', 'Local/9999@agents/n'],
        ['Paused', 'true'],
      ],
      'qp3',
    )
    expect([missing.get('Response'), missing.get('Message')]).toEqual(['Error', 'Interface not found'])
  })

  it('a paused agent is not rung; the caller goes to the next one', async () => {
    const { sim, c } = await start({ loggedIn: ['Ayşe Yılmaz', 'Mehmet Öztürk'] })
    sim.pauseMember('Ayşe Yılmaz', true, 'Mola')
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905001112233', answer: 1000, talkMs: 3000 })
    await sim.advance(1500)
    const connect = await c.waitFor((m) => m.get('Event') === 'AgentConnect')
    expect(connect.get('MemberName')).toBe('Mehmet Öztürk')
  })

  it('adds and removes a dynamic member with the Asterisk messages', async () => {
    const { c } = await start()
    const add = await c.action(
      [
        ['Action', 'QueueAdd'],
        ['Queue', 'santral'],
        ['Interface', 'Local/3003@operators/n'],
        ['MemberName', 'Operatör Deniz'],
      ],
      'a1',
    )
    expect(add.get('Message')).toBe('Added interface to queue')
    expect((await c.waitFor((m) => m.get('Event') === 'QueueMemberAdded')).get('Membership')).toBe('dynamic')
    const again = await c.action(
      [
        ['Action', 'QueueAdd'],
        ['Queue', 'santral'],
        ['Interface', 'Local/3003@operators/n'],
      ],
      'a2',
    )
    expect(again.get('Message')).toBe('Unable to add interface: Already there')
    const staticOne = await c.action(
      [
        ['Action', 'QueueRemove'],
        ['Queue', 'santral'],
        ['Interface', 'Local/3001@operators/n'],
      ],
      'r0',
    )
    expect(staticOne.get('Message')).toBe('Member not dynamic')
    const rm = await c.action(
      [
        ['Action', 'QueueRemove'],
        ['Queue', 'santral'],
        ['Interface', 'Local/3003@operators/n'],
      ],
      'r1',
    )
    expect(rm.get('Message')).toBe('Removed interface from queue')
    await c.waitFor((m) => m.get('Event') === 'QueueMemberRemoved')
  })
})

describe('transfers', () => {
  it('BlindTransfer to a department: Transfer succeeded, BlindTransfer event, AgentComplete transfer, the extension rings and answers', async () => {
    const { sim, c } = await start()
    sim.placeCall({ queue: 'santral', callerNumber: '+905321234567', answer: 1000, talkMs: 60_000 })
    await sim.advance(2000)
    const connect = await c.waitFor((m) => m.get('Event') === 'AgentConnect')
    const agentChannel = connect.get('DestChannel') ?? ''
    const from = c.messages.length
    const res = await c.action(
      [
        ['Action', 'BlindTransfer'],
        ['Channel', agentChannel],
        ['Exten', '2002'],
        ['Context', 'departments'],
      ],
      'bt1',
    )
    expect(res.get('Message')).toBe('Transfer succeeded')
    const ev = await c.waitFor((m) => m.get('Event') === 'BlindTransfer', from)
    expect([
      ev.get('Result'),
      ev.get('TransfererChannel'),
      ev.get('TransfereeChannel'),
      ev.get('Extension'),
    ]).toEqual(['Success', agentChannel, connect.get('Channel'), '2002'])
    expect((await c.waitFor((m) => m.get('Event') === 'AgentComplete', from)).get('Reason')).toBe('transfer')
    const dial = await c.waitFor(
      (m) => m.get('Event') === 'DialBegin' && m.get('DestChannel')?.startsWith('PJSIP/2002-') === true,
      from,
    )
    expect(dial.get('DestLinkedid')).toBe(connect.get('Linkedid'))
    await c.waitFor((m) => m.get('Event') === 'ExtensionStatus' && m.get('StatusText') === 'Ringing', from)
    await sim.advance(5000)
    await c.waitFor((m) => m.get('Event') === 'ExtensionStatus' && m.get('StatusText') === 'InUse', from)
    expect(sim.groundTruth().calls[0]).toMatchObject({
      outcome: 'transferred',
      transfer: { kind: 'blind', target: '2002', answered: true },
    })
    const invalid = await c.action(
      [
        ['Action', 'BlindTransfer'],
        ['Channel', 'Local/nope-00000000;1'],
        ['Exten', '2002'],
      ],
      'bt2',
    )
    expect(invalid.get('Message')).toBe('Channel specified does not exist')
  })

  it('a blind transfer to an extension that never answers is recorded as not answered', async () => {
    const { sim, c } = await start()
    sim.setExtensionBehaviour('2003', 'never-answer')
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '+905321234567',
      answer: 1000,
      talkMs: 60_000,
      transfer: { kind: 'blind', exten: '2003', afterMs: 5000 },
    })
    await sim.advance(40_000)
    const end = await c.waitFor(
      (m) => m.get('Event') === 'DialEnd' && m.get('DestChannel')?.startsWith('PJSIP/2003-') === true,
    )
    expect(end.get('DialStatus')).toBe('NOANSWER')
    expect(sim.groundTruth().calls[0]?.transfer).toMatchObject({ target: '2003', answered: false })
    expect(sim.channels()).toEqual([])
  })

  it('Atxfer consults the extension; hanging up the transferer completes the attended transfer', async () => {
    const { sim, c } = await start()
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905321234567', answer: 1000, talkMs: 60_000 })
    await sim.advance(2000)
    const connect = await c.waitFor((m) => m.get('Event') === 'AgentConnect')
    const agent = connect.get('DestChannel') ?? ''
    const res = await c.action(
      [
        ['Action', 'Atxfer'],
        ['Channel', agent],
        ['Exten', '2001'],
      ],
      'at1',
    )
    expect(res.get('Message')).toBe('Atxfer successfully queued')
    await sim.advance(5000)
    const hung = await c.action(
      [
        ['Action', 'Hangup'],
        ['Channel', agent],
      ],
      'h1',
    )
    expect(hung.get('Message')).toBe('Channel Hungup')
    const at = await c.waitFor((m) => m.get('Event') === 'AttendedTransfer')
    expect([
      at.get('Result'),
      at.get('TransfereeChannel'),
      at.get('TransferTargetChannel')?.startsWith('PJSIP/2001-'),
      at.get('DestType'),
    ]).toEqual(['Success', connect.get('Channel'), true, 'Bridge'])
    expect((await c.waitFor((m) => m.get('Event') === 'AgentComplete')).get('Reason')).toBe('transfer')
    expect(sim.groundTruth().calls[0]).toMatchObject({
      outcome: 'transferred',
      transfer: { kind: 'attended', target: '2001', answered: true },
    })
  })
})

describe('Originate, Hangup, restart', () => {
  it('Async Originate is queued, then OriginateResponse carries the same ActionID and the citizen is dialled', async () => {
    const { sim, c } = await start()
    const res = await c.action(
      [
        ['Action', 'Originate'],
        ['Channel', 'Local/1001@click2call-agent'],
        ['Context', 'click2call-dest'],
        ['Exten', '05321234567'],
        ['Priority', '1'],
        ['CallerID', '"Ayşe" <1001>'],
        ['Async', 'true'],
      ],
      'c2c-1',
    )
    expect(res.get('Message')).toBe('Originate successfully queued')
    await sim.advance(2000)
    const or = await c.waitFor((m) => m.get('Event') === 'OriginateResponse' && m.get('ActionID') === 'c2c-1')
    expect([or.get('Response'), or.get('Reason'), or.get('Exten')]).toEqual(['Success', '4', '05321234567'])
    await sim.advance(5000)
    await c.waitFor(
      (m) =>
        m.get('Event') === 'DialEnd' &&
        m.get('DialStatus') === 'ANSWER' &&
        m.get('DestCallerIDNum') === '05321234567',
    )
    expect(sim.groundTruth().originates[0]).toMatchObject({
      actionId: 'c2c-1',
      agentLeg: 'answered',
      citizenLeg: 'answered',
    })
    const bad = await c.action(
      [
        ['Action', 'Originate'],
        ['Channel', 'Bogus'],
        ['Exten', '1'],
        ['Context', 'x'],
      ],
      'c2c-2',
    )
    expect(bad.get('Message')).toBe('Invalid channel')
  })

  it('Originate with ChannelId and OtherChannelId names the Local pair with them and links the leg under ChannelId, as Asterisk does', async () => {
    const { sim, c } = await start()
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '+905001112233',
      ringMember: 'Emre Şahin',
      answer: 500,
      talkMs: 60_000,
    })
    await sim.advance(2000)
    const agent = sim.channels().find((n) => /^Local\/1004@agents-[0-9a-f]+;1$/.test(n)) ?? ''
    const spy = (id: string, ids: ReadonlyArray<readonly [string, string]>) =>
      c.action(
        [
          ['Action', 'Originate'],
          ['Channel', 'Local/1009@agents'],
          ['Application', 'ChanSpy'],
          ['Data', `${agent},qE`],
          ['CallerID', '"Pano dinleme" <1009>'],
          ['Async', 'true'],
          ...ids,
        ],
        id,
      )
    const from = c.messages.length
    const ids = [
      ['ChannelId', 'pano-spy-s1'],
      ['OtherChannelId', 'pano-spy-s1-2'],
    ] as const
    expect((await spy('spy-1', ids)).get('Message')).toBe('Originate successfully queued')
    await sim.advance(1500)
    const answered = await c.waitFor(
      (m) => m.get('Event') === 'OriginateResponse' && m.get('ActionID') === 'spy-1',
      from,
    )
    expect([answered.get('Response'), answered.get('Uniqueid')]).toEqual(['Success', 'pano-spy-s1'])
    const made = c.messages
      .slice(from)
      .filter((m) => m.get('Event') === 'Newchannel' && m.get('Channel')?.startsWith('Local/1009@agents-'))
      .map((m) => [m.get('Channel')?.slice(-2), m.get('Uniqueid'), m.get('Linkedid')])
    expect(made).toEqual([
      [';1', 'pano-spy-s1', 'pano-spy-s1'],
      [';2', 'pano-spy-s1-2', 'pano-spy-s1'],
    ])
    const spying = await c.waitFor((m) => m.get('Event') === 'ChanSpyStart', from)
    expect([spying.get('SpyerUniqueid'), spying.get('SpyerLinkedid'), spying.get('SpyeeChannel')]).toEqual([
      'pano-spy-s1',
      'pano-spy-s1',
      agent,
    ])
    expect(sim.groundTruth().originates.at(-1)).toMatchObject({
      channelId: 'pano-spy-s1',
      otherChannelId: 'pano-spy-s1-2',
      agentLeg: 'answered',
    })

    // The same id again while the leg lives: Asterisk makes no channel and the Originate fails.
    const again = c.messages.length
    await spy('spy-2', [['ChannelId', 'pano-spy-s1']])
    await sim.advance(100)
    const failed = await c.waitFor(
      (m) => m.get('Event') === 'OriginateResponse' && m.get('ActionID') === 'spy-2',
      again,
    )
    expect([failed.get('Response'), failed.get('Reason'), failed.get('Channel')]).toEqual([
      'Failure',
      '0',
      'Local/1009@agents',
    ])
    expect(c.messages.slice(again).filter((m) => m.get('Event') === 'Newchannel')).toEqual([])
    expect(sim.groundTruth().originates.at(-1)?.agentLeg).toBe('failed')

    // Longer than Asterisk's 149 characters: refused at once.
    const long = await spy('spy-3', [
      ['ChannelId', 'pano-spy-s3'],
      ['OtherChannelId', 'x'.repeat(150)],
    ])
    expect([long.get('Response'), long.get('Message')]).toEqual([
      'Error',
      'Uniqueid length exceeds maximum of 149',
    ])

    // Without OtherChannelId the ;2 half is `<ChannelId>;2` (main/core_unreal.c).
    const third = c.messages.length
    await spy('spy-4', [['ChannelId', 'pano-spy-s2']])
    await sim.advance(1500)
    await c.waitFor((m) => m.get('Event') === 'OriginateResponse' && m.get('ActionID') === 'spy-4', third)
    const second = c.messages
      .slice(third)
      .filter((m) => m.get('Event') === 'Newchannel')
      .map((m) => [m.get('Uniqueid'), m.get('Linkedid')])
    expect(second).toEqual([
      ['pano-spy-s2', 'pano-spy-s2'],
      ['pano-spy-s2;2', 'pano-spy-s2'],
    ])
  })

  it('Hangup of a waiting caller by exact name is an abandon; an unknown name is No such channel', async () => {
    const { sim, c } = await start({ loggedIn: [] })
    const call = sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905001112233' })
    await sim.advance(7000)
    expect(
      (
        await c.action(
          [
            ['Action', 'Hangup'],
            ['Channel', call.channel],
          ],
          'h1',
        )
      ).get('Message'),
    ).toBe('Channel Hungup')
    const abandon = await c.waitFor((m) => m.get('Event') === 'QueueCallerAbandon')
    expect([abandon.get('Position'), abandon.get('OriginalPosition'), abandon.get('HoldTime')]).toEqual([
      '1',
      '1',
      '7',
    ])
    const leave = await c.waitFor((m) => m.get('Event') === 'QueueCallerLeave')
    expect(c.messages.indexOf(leave)).toBeGreaterThan(c.messages.indexOf(abandon))
    expect(sim.groundTruth().calls[0]).toMatchObject({
      outcome: 'abandoned',
      abandonEventEmitted: true,
      waitSec: 7,
    })
    expect(
      (
        await c.action(
          [
            ['Action', 'Hangup'],
            ['Channel', call.channel],
          ],
          'h2',
        )
      ).get('Message'),
    ).toBe('No such channel')
  })

  it('stopPbx drops connections and refuses new ones; startPbx comes back with reset channel counters', async () => {
    const { sim, c } = await start()
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905001112233', answer: false })
    await sim.advance(1000)
    await sim.stopPbx()
    await c.waitClosed()
    await expect(AmiTestClient.connect(sim.port)).rejects.toThrow()
    expect(sim.groundTruth().calls[0]).toMatchObject({ outcome: 'abandoned', hangupBy: 'pbx-restart' })
    await sim.startPbx()
    const again = await AmiTestClient.connect(sim.port)
    clients.push(again)
    await again.login()
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '+905001112244', answer: false })
    await sim.advance(100)
    const join = await again.waitFor((m) => m.get('Event') === 'QueueCallerJoin')
    expect(join.get('Channel')).toBe('Local/s@incoming-00000000;2')
  })
})

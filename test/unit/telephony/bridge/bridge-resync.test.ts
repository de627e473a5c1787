/**
 * The bridge's resync and bookkeeping, driven through an in-memory AMI client with the real Asterisk 22
 * lab capture of one answered queue call as live traffic.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  createTelephonyBridge,
  type FinishedCall,
  type TelephonyChange,
} from '../../../../telephony/index.ts'
import { captureEvents, FakeAmiClient, message } from './fake-ami-client.ts'

const T0 = Date.parse('2026-11-26T08:00:00Z')
const ANSWERED = captureEvents('asterisk-22-lab/02-single-answered.raw')

const silent = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silent,
}

function setup() {
  const client = new FakeAmiClient()
  let now = T0
  const bridge = createTelephonyBridge({
    pbxId: 'lab',
    client,
    logger: silent,
    clock: { now: () => now },
    reconcileIntervalMs: 0,
    tickIntervalMs: 0,
  })
  const records: FinishedCall[] = []
  const changes: TelephonyChange[] = []
  bridge.onRecords((r) => records.push(...r.finishedCalls))
  bridge.onChange((c) => changes.push(c))
  bridge.start()
  /** Plays the capture as live events, 100 ms apart. */
  const play = () => {
    for (const m of ANSWERED) client.live(m, (now += 100))
  }
  return { client, bridge, records, changes, play, setNow: (t: number) => (now = t) }
}

const settle = () => new Promise((r) => setImmediate(r))

describe('bridge resync', () => {
  it('asks for the four lists on login and stays stale until they are in', async () => {
    const { client, bridge } = setup()
    client.login()
    expect([...client.pendingLists.keys()].sort()).toEqual([
      'CoreShowChannels',
      'DeviceStateList',
      'ExtensionStateList',
      'QueueStatus',
    ])
    expect(bridge.getStatus()).toMatchObject({ phase: 'resyncing', stale: true })
    client.answerAllLists()
    await settle()
    expect(bridge.getStatus()).toMatchObject({ phase: 'live', stale: false, resyncs: 1 })
  })

  it('holds live events back while the lists are gathered, then applies them', async () => {
    const { client, bridge, records, play } = setup()
    client.login()
    play()
    // Nothing applied yet: the snapshot comes first.
    expect(bridge.state.channels.size).toBe(0)
    expect(records).toEqual([])
    client.answerAllLists()
    await settle()
    bridge.tick(T0 + 3_600_000)
    expect(records.map((r) => [r.outcome, r.queue, r.callerNumber, r.agentName])).toEqual([
      ['ANSWERED', 'cagri-merkezi', '+905465799768', 'Emre Şahin'],
    ])
  })

  it('drops a resync cut off by a disconnect and starts over on the next login', async () => {
    const { client, bridge } = setup()
    client.login()
    client.answerList('QueueStatus')
    client.drop()
    await settle()
    expect(bridge.getStatus()).toMatchObject({ phase: 'connecting', stale: true, resyncs: 0 })
    client.login()
    client.answerAllLists()
    await settle()
    expect(bridge.getStatus()).toMatchObject({ phase: 'live', stale: false, resyncs: 1 })
  })
})

describe('bridge bookkeeping', () => {
  it('counts unknown events and unreadable ones, and goes on', async () => {
    const { client, bridge, records, play } = setup()
    client.login()
    client.answerAllLists()
    await settle()
    client.live(message('Event: Cdr\nSource: 1001'), T0)
    client.live(message('Event: Hangup\nChannel: PJSIP/1001-00000001'), T0)
    play()
    bridge.tick(T0 + 3_600_000)
    expect(bridge.getStatus()).toMatchObject({ decodeErrors: 1 })
    expect(bridge.getStatus().unknownEvents).toBeGreaterThanOrEqual(1)
    expect(records).toHaveLength(1)
  })

  it('stamps each change with the receivedAt of the event behind it', async () => {
    const { client, changes, play } = setup()
    client.login()
    client.answerAllLists()
    await settle()
    changes.length = 0
    play()
    const join = ANSWERED.findIndex((m) => m.get('Event') === 'QueueCallerJoin')
    const joinedAt = T0 + (join + 1) * 100
    expect(changes.find((c) => c.receivedAt === joinedAt)?.kinds).toEqual(['calls', 'queues'])
  })

  it('does not count a call again that the stored history already holds (restart)', async () => {
    const first = setup()
    first.client.login()
    first.client.answerAllLists()
    await settle()
    first.play()
    first.bridge.tick(T0 + 3_600_000)
    expect(first.records).toHaveLength(1)

    const second = setup()
    second.bridge.loadHistory(first.records, [])
    second.client.login()
    second.client.answerAllLists()
    await settle()
    second.play()
    second.bridge.tick(T0 + 3_600_000)
    expect(second.records).toEqual([])
    expect(second.bridge.stats(T0 + 3_600_000).today.queues['cagri-merkezi']).toMatchObject({
      offered: 1,
      answered: 1,
    })
  })

  it('sends QueuePause with the reason and hands back the PBX message', async () => {
    const { client, bridge } = setup()
    const r = await bridge.actions.pauseMember({
      interface: 'Local/1004@agents/n',
      paused: true,
      reason: 'Mola',
    })
    expect(r).toEqual({ ok: true, value: { message: 'done' } })
    expect(client.sent.at(-1)).toEqual({
      name: 'QueuePause',
      fields: [
        ['Interface', 'Local/1004@agents/n'],
        ['Paused', 'true'],
        ['Reason', 'Mola'],
      ],
    })
    const refused = await bridge.actions.pauseMember({
      interface: 'Local/1004@agents/n\r\nAction: Hangup',
      paused: true,
    })
    expect(refused.ok).toBe(false)
    expect(client.sent).toHaveLength(1)
  })
})

describe('periodic reconciliation', () => {
  it('re-reads QueueStatus while live, holding events meanwhile, and drops members Asterisk no longer has', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const client = new FakeAmiClient()
      const bridge = createTelephonyBridge({
        pbxId: 'lab',
        client,
        logger: silent,
        clock: { now: () => T0 },
        reconcileIntervalMs: 60_000,
        tickIntervalMs: 0,
      })
      bridge.start()
      client.login()
      const member = (name: string, iface: string) =>
        message(
          `Event: QueueMember\nQueue: cagri-merkezi\nName: ${name}\nLocation: ${iface}\nStateInterface: ${iface}\nMembership: static\nPenalty: 0\nCallsTaken: 0\nLastCall: 0\nLastPause: 0\nLoginTime: 0\nInCall: 0\nStatus: 1\nPaused: 0\nPausedReason: \nWrapuptime: 0`,
        )
      client.answerList('QueueStatus', [
        member('Ayşe Yılmaz', 'Local/1001@agents/n'),
        member('Emre Şahin', 'Local/1004@agents/n'),
      ])
      client.answerAllLists()
      await settle()
      const members = () => [...(bridge.state.queues.get('cagri-merkezi')?.members.keys() ?? [])].sort()
      expect(members()).toEqual(['Local/1001@agents/n', 'Local/1004@agents/n'])

      vi.advanceTimersByTime(60_000)
      expect([...client.pendingLists.keys()]).toEqual(['QueueStatus'])
      // Arrives while the list is pending: held, then applied after it.
      client.live(
        message(
          'Event: QueueMemberPause\nQueue: cagri-merkezi\nMemberName: Ayşe Yılmaz\nInterface: Local/1001@agents/n\nStateInterface: Local/1001@agents/n\nMembership: static\nPenalty: 0\nCallsTaken: 0\nLastCall: 0\nLastPause: 0\nLoginTime: 0\nInCall: 0\nStatus: 1\nPaused: 1\nPausedReason: Mola\nWrapuptime: 0',
        ),
        T0,
      )
      expect(bridge.state.queues.get('cagri-merkezi')?.members.get('Local/1001@agents/n')?.paused).toBe(false)
      client.answerList('QueueStatus', [member('Ayşe Yılmaz', 'Local/1001@agents/n')])
      await settle()
      expect(members()).toEqual(['Local/1001@agents/n'])
      expect(bridge.state.queues.get('cagri-merkezi')?.members.get('Local/1001@agents/n')).toMatchObject({
        paused: true,
        pausedReason: 'Mola',
      })
      await bridge.stop()
    } finally {
      vi.useRealTimers()
    }
  })
})

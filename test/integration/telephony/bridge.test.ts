/**
 * The telephony bridge over real TCP against the PBX simulator: resync on connect, live state, one
 * record per finished call, a network drop in the middle of a call, and an Asterisk restart.
 */
import { afterEach, describe, expect, it } from 'vitest'
import {
  createPbxSimulator,
  createTelephonyBridge,
  selectQueues,
  type AmiPhase,
  type FinishedCall,
  type PbxSimulator,
  type TelephonyBridge,
  type TelephonyChange,
} from '../../../telephony/index.ts'
import {
  advanceTogether,
  eventually,
  silentLogger,
  startProxy,
  type CuttableProxy,
} from './bridge-support.ts'

let sim: PbxSimulator | undefined
let bridge: TelephonyBridge | undefined
let proxy: CuttableProxy | undefined

afterEach(async () => {
  await bridge?.stop()
  await proxy?.close()
  await sim?.close()
  bridge = sim = proxy = undefined
})

interface Harness {
  sim: PbxSimulator
  bridge: TelephonyBridge
  phases: AmiPhase[]
  calls: FinishedCall[]
  changes: TelephonyChange[]
}

async function connect(options: { viaProxy?: boolean } = {}): Promise<Harness> {
  const s = await createPbxSimulator({ clock: 'virtual', noise: 'none', seed: 7 })
  sim = s
  let port = s.port
  if (options.viaProxy) {
    proxy = await startProxy(s.port)
    port = proxy.port
  }
  const b = createTelephonyBridge({
    pbxId: 'main',
    ami: {
      host: '127.0.0.1',
      port,
      username: 'dashboard',
      secret: 'dashboard-secret',
      reconnect: { initialMs: 20, maxMs: 50 },
    },
    logger: silentLogger(),
    clock: { now: () => s.now() },
    reconcileIntervalMs: 0,
    tickIntervalMs: 0,
  })
  bridge = b
  const phases: AmiPhase[] = []
  const calls: FinishedCall[] = []
  const changes: TelephonyChange[] = []
  b.onChange((c) => {
    changes.push(c)
    const phase = b.getStatus().phase
    if (phases.at(-1) !== phase) phases.push(phase)
  })
  b.onRecords((r) => calls.push(...r.finishedCalls))
  b.start()
  await eventually('bridge live', () => b.getStatus().phase === 'live')
  return { sim: s, bridge: b, phases, calls, changes }
}

const queueNamed = (b: TelephonyBridge, name: string) =>
  selectQueues(b.state, b.state.lastEventAt ?? 0).find((q) => q.name === name)

describe('telephony bridge', () => {
  it('rebuilds the queues from the lists on connect, then follows a call to one answered record', async () => {
    const { sim, bridge, phases, calls, changes } = await connect()
    expect(phases).toEqual(expect.arrayContaining(['resyncing', 'live']))
    expect(bridge.getStatus()).toMatchObject({ phase: 'live', stale: false, resyncs: 1, decodeErrors: 0 })
    // Members came from QueueStatus, before any live event about them.
    expect(queueNamed(bridge, 'cagri-merkezi')?.members.map((m) => m.name)).toContain('Emre Şahin')

    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321234567',
      ringMember: 'Emre Şahin',
      answer: 3000,
      talkMs: 20_000,
    })
    await advanceTogether(sim, [bridge], 1000)
    expect(queueNamed(bridge, 'cagri-merkezi')?.waiting).toHaveLength(1)
    // The queue change is stamped with the receivedAt of the QueueCallerJoin that caused it.
    const enteredAt = [...bridge.state.queueCalls.values()][0]?.enteredAt
    expect(changes.some((c) => c.kinds.includes('queues') && c.receivedAt === enteredAt)).toBe(true)

    await advanceTogether(sim, [bridge], 30_000)
    bridge.tick(sim.now() + 5_000)
    const truth = sim.groundTruth().calls[0]
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({
      pbxId: 'main',
      queue: 'cagri-merkezi',
      outcome: 'ANSWERED',
      callerNumber: '+905321234567',
      agentName: 'Emre Şahin',
    })
    // Within one 100 ms step of what the simulator did.
    expect(Math.abs((calls[0]?.waitSec ?? -1) - (truth?.waitSec ?? 0))).toBeLessThanOrEqual(0.100001)
    expect(Math.abs((calls[0]?.talkSec ?? -1) - (truth?.talkSec ?? 0))).toBeLessThanOrEqual(0.100001)
    expect(bridge.stats().today.queues['cagri-merkezi']).toMatchObject({ offered: 1, answered: 1 })
  })

  it('after a network drop mid-call resyncs and still records the call exactly once', async () => {
    const { sim, bridge, phases, calls } = await connect({ viaProxy: true })
    sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321234567',
      ringMember: 'Emre Şahin',
      answer: 2000,
      talkMs: 60_000,
    })
    await sim.advance(10_000)
    await eventually('call connected', () =>
      [...bridge.state.queueCalls.values()].some((c) => c.phase === 'connected'),
    )
    proxy?.cut()
    await eventually('link lost', () => bridge.getStatus().phase !== 'live')
    expect(bridge.getStatus().stale).toBe(true)
    await eventually(
      'live again',
      () => bridge.getStatus().phase === 'live' && bridge.getStatus().resyncs === 2,
    )
    expect(phases.slice(phases.indexOf('connecting'))).toEqual(
      expect.arrayContaining(['connecting', 'resyncing', 'live']),
    )
    // The call survived the resync as one connected queue call.
    expect([...bridge.state.queueCalls.values()].map((c) => c.phase)).toEqual(['connected'])

    await sim.advance(70_000)
    await eventually('record', () => calls.length >= 1)
    bridge.tick(sim.now() + 60_000)
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ outcome: 'ANSWERED', agentName: 'Emre Şahin' })
    expect(bridge.stats().today.queues['cagri-merkezi']).toMatchObject({ offered: 1, answered: 1 })
    expect(bridge.getStatus().counters.reconnects).toBe(1)
  })

  it('reports down/connecting while Asterisk restarts, then resyncs to what the new Asterisk has', async () => {
    const { sim, bridge, calls } = await connect()
    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321234567', answer: 2000, talkMs: 120_000 })
    await sim.advance(10_000)
    await eventually('call connected', () => bridge.state.channels.size > 0)
    await sim.stopPbx()
    await eventually('link lost', () => bridge.getStatus().phase === 'connecting')
    expect(bridge.getStatus()).toMatchObject({ stale: true })
    await sim.startPbx()
    await eventually(
      'live again',
      () => bridge.getStatus().phase === 'live' && bridge.getStatus().resyncs === 2,
    )
    // Nothing from before the restart is trusted: the lost call's channels are gone, and it was
    // finished once as answered (its agent had connected), as the simulator's ground truth says.
    expect(bridge.state.channels.size).toBe(0)
    expect(calls.map((c) => c.outcome)).toEqual(['ANSWERED'])
    expect(sim.groundTruth().calls[0]?.outcome).toBe('answered')

    sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05551112233', answer: 2000, talkMs: 5_000 })
    await sim.advance(20_000)
    await eventually('second record', () => calls.length === 2)
    expect(bridge.stats().today.queues['cagri-merkezi']).toMatchObject({ offered: 2, answered: 2 })
  })

  it('originates a click-to-call and resolves with its OriginateResponse; refuses a bad number unsent', async () => {
    const { sim, bridge } = await connect()
    const pending = bridge.actions.originate({
      channel: 'Local/1001@click2call-agent',
      context: 'click2call-dest',
      exten: '05321234567',
      callerId: 'Ayşe <1001>',
    })
    await advanceTogether(sim, [bridge], 3000)
    const r = await pending
    expect(r.ok && [r.value.success, r.value.reason]).toEqual([true, 4])
    expect(sim.groundTruth().originates).toHaveLength(1)

    const bad = await bridge.actions.originate({
      channel: 'Local/1001@click2call-agent',
      context: 'click2call-dest',
      exten: '0532\r\nAction: Hangup',
    })
    expect(bad.ok).toBe(false)
    expect(sim.groundTruth().originates).toHaveLength(1)
  })
})

/**
 * A TV kiosk token's socket receives no personal data anywhere (docs/design.md §2.8): every packet it is sent
 * during a busy simulated period (calls waiting, answered, abandoned, transferred; agents pausing) is
 * captured raw and searched for every caller number, in every spelling, and every name the simulator
 * used: callers' and agents'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewSnapshot } from '../../../server/contract/events.ts'
import { DEMO_QUEUES } from '../../../telephony/index.ts'
import { startLivePano, until, type LivePano } from './live-harness.ts'

let live: LivePano

beforeAll(async () => {
  live = await startLivePano({ sim: { speed: 10 } })
})

afterAll(async () => {
  await live?.close()
})

const CALLERS = Array.from({ length: 12 }, (_, i) => ({
  national: `0532${String(4_400_000 + i * 7_919).padStart(7, '0')}`,
  name: `Vatandaş${i} Soyadıoğlu${i}`,
}))

/** 05324400000 → the spellings a view could carry it in. */
function spellings(national: string): string[] {
  const digits = national.slice(1)
  return [national, `+90${digits}`, `90${digits}`, digits, `${digits.slice(0, 3)} ${digits.slice(3, 6)}`]
}

describe('kiosk sockets', () => {
  it('are sent no caller number or name and no agent name, however busy the call centre is', async () => {
    const { token } = await live.kioskToken(['queues', 'agents'])
    const kiosk = await live.socket({ token })
    const raw: string[] = []
    kiosk.io.engine.on('packet', (packet: { data?: unknown }) => {
      if (typeof packet.data === 'string') raw.push(packet.data)
    })
    const answers = await Promise.all(
      (['wallboard', 'agents'] as const).map((view): Promise<Ack<ViewSnapshot>> =>
        kiosk.emitWithAck('view:subscribe', { view }),
      ),
    )
    expect(answers.map((a) => a.ok)).toEqual([true, true])

    // The same period as a signed-in supervisor sees it, to prove the data was there to leak.
    const supervisor = await live.socket({ cookie: await live.cookieFor('mudur') })
    const fullRaw: string[] = []
    supervisor.io.engine.on('packet', (packet: { data?: unknown }) => {
      if (typeof packet.data === 'string') fullRaw.push(packet.data)
    })
    await supervisor.emitWithAck('view:subscribe', { view: 'calls' })
    await supervisor.emitWithAck('view:subscribe', { view: 'agents' })

    CALLERS.forEach((c, i) => {
      const member = DEMO_QUEUES[0]?.members[i % 5]?.memberName
      if (i === 3 && member) live.sim.pauseMember(member, true, 'Yemek arası')
      live.sim.placeCall({
        queue: i % 4 === 0 ? 'santral' : 'cagri-merkezi',
        callerNumber: c.national,
        callerName: c.name,
        answer: i % 5 === 4 ? false : 1_000 + i * 200,
        talkMs: 4_000,
        patienceMs: 3_000,
        ...(i % 6 === 1 ? { transfer: { kind: 'blind' as const, exten: '2001', afterMs: 1_000 } } : {}),
      })
    })
    const truth = () => live.sim.groundTruth()
    await until(
      () => truth().calls.filter((c) => c.endedAt !== undefined).length,
      (n) => n >= CALLERS.length,
      'every call to end',
      30_000,
    )
    // The last batch (BROADCAST_INTERVAL_MS 20) has gone out once the agents board shows no call.
    await until(
      () => live.telephony.agents(),
      (agents) => agents.every((a) => a.state !== 'on-call' && a.state !== 'ringing'),
      'agents to be free',
      30_000,
    )

    const kioskText = raw.join('\n')
    const supervisorText = fullRaw.join('\n')
    const agentNames = DEMO_QUEUES.flatMap((q) => q.members.map((m) => m.memberName))
    // Non-vacuous: the kiosk got a moving board, and the supervisor's socket did carry the numbers.
    expect(raw.length).toBeGreaterThan(10)
    expect(supervisorText).toContain(spellings(CALLERS[1]?.national ?? '')[1])
    expect(supervisorText).toContain(agentNames[0])

    const leaks: string[] = []
    for (const c of CALLERS) {
      for (const s of spellings(c.national)) if (kioskText.includes(s)) leaks.push(s)
      for (const part of [c.name, ...c.name.split(' ')]) if (kioskText.includes(part)) leaks.push(part)
    }
    for (const name of agentNames) {
      for (const part of [name, ...name.split(' ').filter((p) => p.length > 3 && p !== 'Operatör')])
        if (kioskText.includes(part)) leaks.push(part)
    }
    expect(leaks).toEqual([])
  })
})

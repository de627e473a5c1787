/**
 * The santral console's KVKK audit through the real app: operators' sockets in room `switchboard` are
 * the viewers of each update (read through the socket.io adapter), a `switchboard:sync` and a
 * `GET /api/v1/switchboard` are reads by whoever asks; one row per (call, citizen, user) all the same.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWITCHBOARD_EVENTS, type SwitchboardUpdate } from '../../../server/contract/switchboard.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
const updates: SwitchboardUpdate[] = []
let santral1: Socket
const ids: Record<string, number> = {}

beforeAll(async () => {
  live = await startLivePano()
  for (const username of ['santral1', 'santral2', 'mudur']) {
    ids[username] = (await live.pano.prisma.user.findUniqueOrThrow({ where: { username } })).id
  }
  // Two operators have the console open; the müdür has not.
  santral1 = await live.socket({ cookie: await live.cookieFor('santral1') })
  await live.socket({ cookie: await live.cookieFor('santral2') })
  santral1.on(SWITCHBOARD_EVENTS.update, (u: SwitchboardUpdate) => updates.push(u))
})
afterAll(async () => {
  await live?.close()
})

async function readsOf(callKey: string | undefined): Promise<Record<number, number>> {
  await live.pano.switchboard?.whenIdle()
  const rows = await live.pano.prisma.auditLog.findMany({ where: { action: 'citizen.switchboard-call' } })
  const counts: Record<number, number> = {}
  for (const r of rows) {
    if ((r.detail as { call?: unknown } | null)?.call !== callKey || r.actorId === null) continue
    counts[r.actorId] = (counts[r.actorId] ?? 0) + 1
  }
  return counts
}

const sync = (socket: Socket) =>
  new Promise<unknown>((resolve) => socket.emit(SWITCHBOARD_EVENTS.sync, (ack: unknown) => resolve(ack)))

describe('switchboard audit over socket.io and HTTP', () => {
  it('audits a known caller once per operator with the console open, and once for a GET', async () => {
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321112233',
      ringMember: 'Local/3001@operators/n',
      answer: 300,
      talkMs: 600_000,
    })
    const named = (state: string) =>
      until(
        () => updates.flatMap((u) => u.parts.calls ?? []),
        (calls) =>
          calls.some((c) => c.callId === placed.linkedid && c.citizenName !== null && c.state === state),
        `the call ${state} with the citizen's name`,
      )
    await named('talking')
    const callKey = updates.flatMap((u) => u.parts.calls ?? []).find((c) => c.callId === placed.linkedid)?.key
    expect(callKey).toBeDefined()
    await sync(santral1)
    expect(await readsOf(callKey)).toEqual({ [ids['santral1'] ?? 0]: 1, [ids['santral2'] ?? 0]: 1 })

    const cookie = await live.cookieFor('mudur')
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${live.pano.url}/api/v1/switchboard`, { headers: { cookie } })
      expect(res.status).toBe(200)
    }
    expect(await readsOf(callKey)).toEqual({
      [ids['santral1'] ?? 0]: 1,
      [ids['santral2'] ?? 0]: 1,
      [ids['mudur'] ?? 0]: 1,
    })
    live.sim.hangup(placed.channel)
  })

  it('writes nothing for an unknown caller', async () => {
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05329990022',
      ringMember: 'Local/3001@operators/n',
      answer: 300,
      talkMs: 600_000,
    })
    const calls = await until(
      () => updates.flatMap((u) => u.parts.calls ?? []),
      (cs) => cs.some((c) => c.callId === placed.linkedid && c.state === 'talking'),
      'the unknown caller talking',
    )
    const view = calls.find((c) => c.callId === placed.linkedid)
    expect(view?.citizenName).toBeNull()
    await sync(santral1)
    expect(view).toBeDefined()
    expect(await readsOf(view?.key)).toEqual({})
    live.sim.hangup(placed.channel)
  })
})

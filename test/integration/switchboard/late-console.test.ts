/**
 * The santral console is computed only while someone on the node has it open
 * (server/services/switchboard/switchboard-service.ts): an operator who signs in while calls are
 * already up gets them in the first sync, and the updates that follow apply to it.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack } from '../../../server/contract/events.ts'
import {
  SWITCHBOARD_EVENTS,
  type SwitchboardSnapshot,
  type SwitchboardUpdate,
} from '../../../server/contract/switchboard.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
beforeAll(async () => {
  live = await startLivePano()
})
afterAll(async () => {
  await live?.close()
})

const sync = (socket: Socket) =>
  new Promise<Ack<SwitchboardSnapshot>>((resolve) => socket.emit(SWITCHBOARD_EVENTS.sync, resolve))

describe('a santral console opened late', () => {
  it('gets the calls already up in its first sync, then the updates that follow', async () => {
    // Nobody has the console open: a call comes in and is answered.
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05324440011',
      ringMember: 'Local/3001@operators/n',
      answer: 300,
      talkMs: 600_000,
    })
    await until(
      () => live.telephony.calls().find((c) => c.callId === placed.linkedid),
      (c) => c?.phase === 'talking',
      'the call talking in the live state',
    )

    const santral1: Socket = await live.socket({ cookie: await live.cookieFor('santral1') })
    const updates: SwitchboardUpdate[] = []
    santral1.on(SWITCHBOARD_EVENTS.update, (u: SwitchboardUpdate) => updates.push(u))
    const first = await sync(santral1)
    if (!first.ok) throw new Error(`sync refused: ${first.error.message}`)
    expect(first.data.calls.find((c) => c.callId === placed.linkedid)?.state).toBe('talking')

    // The caller hangs up: the open console is told, numbered right after its sync.
    live.sim.hangup(placed.channel)
    const gone = await until(
      () => updates.find((u) => u.parts.calls?.every((c) => c.callId !== placed.linkedid) === true),
      (u) => u !== undefined,
      'an update without the call',
    )
    const afterSync = updates.filter((u) => u.stream === first.data.stream && u.seq > first.data.seq)
    expect(afterSync[0]?.seq).toBe(first.data.seq + 1)
    expect(afterSync).toContain(gone)
  })
})

/**
 * Queue statistics are computed once per state change and shared by whoever reads them in that moment
 * (telephony/bridge.ts `stats`), and the queue alerts read them at most every few hundred ms
 * (server/services/queue-alerts/alert-monitor.ts). Neither may hold a TV back: once the PBX's event is
 * in the live state, the first flush of the broadcaster puts it on a kiosk's wallboard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueView } from '../../../server/contract/views.ts'
import { ViewFeed } from '../../../client/src/lib/live/view-feed.ts'
import { startLivePano, until, type LivePano } from './live-harness.ts'

let live: LivePano

beforeAll(async () => {
  live = await startLivePano()
})

afterAll(async () => {
  await live?.close()
})

describe('a queue change on a kiosk wallboard', () => {
  it('is on the board after the first flush that follows it', async () => {
    const { token } = await live.kioskToken(['queues'])
    const socket = await live.socket({ token })
    let board: QueueView | undefined
    const feed = new ViewFeed(socket, 'wallboard', {
      onData: (u) => (board = u.data.queues.find((q) => q.name === 'cagri-merkezi')),
    })
    feed.start()
    await until(
      () => feed.status,
      (s) => s === 'live',
      'the feed to be live',
    )
    const broadcaster = live.pano.realtime.broadcaster()
    if (broadcaster === null) throw new Error('no broadcaster')

    for (const [i, callerNumber] of ['05327770011', '05327770022'].entries()) {
      // Someone reads the statistics just before the change (a desk, the alerts, GET /queues).
      const before = live.telephony.queues().find((q) => q.name === 'cagri-merkezi')?.waiting ?? 0
      expect(before).toBe(i)
      const placed = live.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber,
        answer: false,
        patienceMs: 600_000,
      })
      // The caller is in the live state (read without the statistics) …
      await until(
        () => live.telephony.calls().find((c) => c.callId === placed.linkedid),
        (c) => c?.phase === 'waiting',
        'the caller waiting in the live state',
      )
      // … so whichever flush comes first (the one scheduled, or this one) sends it, and a round trip on
      // the same connection has everything sent before it arrive first.
      broadcaster.flushNow()
      await socket.emitWithAck('view:subscribe', { view: 'agents' })
      expect(board?.waiting).toBe(i + 1)
    }
  })
})

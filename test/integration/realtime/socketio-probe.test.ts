/**
 * The fan-out bench measures with its own minimal Socket.IO client (`bench/_socketio-probe.ts`); this
 * keeps it honest against the real server: the kiosk handshake, the subscribe ack, numbered deltas
 * that rebuild the same board a fresh snapshot shows, and a refused token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectProbe, type ProbeSocket } from '../../../bench/_socketio-probe.ts'
import { applyItemPatch } from '../../../server/contract/item-patch.ts'
import type { Ack, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import type { QueueView } from '../../../server/contract/views.ts'
import { startLivePano, until, type LivePano } from './live-harness.ts'

let live: LivePano
const probes: ProbeSocket[] = []

beforeAll(async () => {
  live = await startLivePano()
})

afterAll(async () => {
  for (const p of probes) p.disconnect()
  await live?.close()
})

describe('the bench probe client', () => {
  it('subscribes with a kiosk token and follows the numbered deltas of a call', async () => {
    const { token } = await live.kioskToken(['queues'])
    const probe = await connectProbe(live.pano.url, { token })
    probes.push(probe)
    const deltas: ViewDelta<'wallboard'>[] = []
    probe.on('wallboard:changed', (d) => deltas.push(d as ViewDelta<'wallboard'>))
    const answer = (await probe.emitWithAck('view:subscribe', { view: 'wallboard' })) as Ack<ViewSnapshot>
    if (!answer.ok) throw new Error(answer.error.message)
    const start = answer.data as ViewSnapshot<'wallboard'>
    let board = start.data.queues.find((q) => q.name === 'cagri-merkezi')
    const offeredBefore = board?.offered ?? 0

    live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05329998877', answer: 300, talkMs: 300 })
    const mine = () => deltas.filter((d) => d.stream === start.stream && d.seq > start.seq)
    await until(mine, (ds) => ds.some((d) => d.changes.queues !== undefined), 'a queue delta')

    const seqs = mine().map((d) => d.seq)
    expect(seqs).toEqual(seqs.map((_, i) => start.seq + 1 + i))
    for (const d of mine()) {
      const q = d.changes.queues
      const key = `${board?.pbxId}/cagri-merkezi`
      const whole = q?.upsert.find((u) => u.name === 'cagri-merkezi')
      if (whole) board = whole
      const ops = q?.patch?.[key]
      if (ops && board) board = applyItemPatch<QueueView>(board, ops) ?? undefined
    }
    expect(board?.offered).toBe(offeredBefore + 1)
    // The kiosk variant: the caller's number is nowhere in what the probe received.
    expect(JSON.stringify(deltas)).not.toContain('9998877')
  })

  it('is refused with the server’s reason when the token is not valid', async () => {
    await expect(connectProbe(live.pano.url, { token: 'not-a-token' })).rejects.toThrow(
      'Oturum açmanız gerekiyor.',
    )
  })
})

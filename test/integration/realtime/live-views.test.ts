/**
 * Live views over real socket.io against the whole app with the PBX simulator behind it: the snapshot
 * and its number in the subscribe ack, deltas numbered without gaps as a call waits and is answered,
 * the client feed resubscribing after a skipped number, and rooms refused to roles without the view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import type { AgentView, QueueView } from '../../../server/contract/views.ts'
import { ViewFeed } from '../../../client/src/lib/live/view-feed.ts'
import { startLivePano, until, type LivePano, type TestSocket } from './live-harness.ts'

let live: LivePano

beforeAll(async () => {
  live = await startLivePano()
})

afterAll(async () => {
  await live?.close()
})

function subscribe(socket: TestSocket, view: 'wallboard' | 'agents' | 'calls'): Promise<Ack<ViewSnapshot>> {
  return socket.emitWithAck('view:subscribe', { view })
}

describe('view:subscribe', () => {
  it('answers a supervisor with the whole queue board and the sequence number it is at', async () => {
    const socket = await live.socket({ cookie: await live.cookieFor('mudur') })
    const answer = await subscribe(socket, 'wallboard')
    if (!answer.ok) throw new Error(answer.error.message)
    const snapshot = answer.data as ViewSnapshot<'wallboard'>
    expect(snapshot.view).toBe('wallboard')
    expect(Number.isInteger(snapshot.seq)).toBe(true)
    expect(snapshot.stream).toMatch(/:/)
    expect(snapshot.data.queues.map((q) => q.name).sort()).toEqual(['cagri-merkezi', 'santral'])
    expect(snapshot.data.pbxs.map((p) => p.state)).toEqual(['live'])
    // The queue board carries the thresholds in force and the formula it uses.
    const cc = snapshot.data.queues.find((q) => q.name === 'cagri-merkezi')
    expect(typeof cc?.thresholds.serviceLevelPct?.amber).toBe('number')
    expect(cc?.thresholds.serviceLevelPct?.higherIsWorse).toBe(false)
    expect(cc?.serviceLevelFormula).toMatch(/^Servis seviyesi = /)
    expect(cc?.serviceLevelFormula).not.toMatch(/\bSL\b/)
  })

  it('then sends deltas numbered one by one while a call waits and is answered', async () => {
    const socket = await live.socket({ cookie: await live.cookieFor('mudur') })
    const deltas: ViewDelta<'wallboard'>[] = []
    const boards: QueueView[] = []
    const boardAtSeq = new Map<number, QueueView | undefined>()
    const feed = new ViewFeed(socket, 'wallboard', {
      onDelta: (d) => deltas.push(d),
      onData: (u) => {
        const board = u.data.queues.find((q) => q.name === 'cagri-merkezi')
        if (board) boards.push(board)
        boardAtSeq.set(feed.seq, board)
      },
    })
    feed.start()
    await until(
      () => feed.status,
      (s) => s === 'live',
      'the feed to be live',
    )
    const startSeq = feed.seq
    const stream = live.pano.realtime.broadcaster()?.stream
    const answeredBefore = boards.at(-1)?.answered ?? 0
    const seen = boards.length

    live.sim.placeCall({ queue: 'cagri-merkezi', callerNumber: '05321112233', answer: 1_500, talkMs: 500 })

    const queueAfter = (predicate: (q: QueueView) => boolean) =>
      until(
        () => boards.slice(seen),
        (qs) => qs.some(predicate),
        'the call on the board',
      )
    await queueAfter((q) => q.waiting >= 1)
    await queueAfter((q) => q.answered === answeredBefore + 1)

    const relevant = deltas.filter((d) => d.stream === stream && d.seq > startSeq)
    expect(relevant.length).toBeGreaterThan(1)
    expect(relevant.map((d) => d.seq)).toEqual(relevant.map((_, i) => startSeq + 1 + i))
    for (const d of relevant) expect(d.receivedAt === null || d.receivedAt <= Date.now()).toBe(true)
    // Counters moved by the call travel as field patches of the tile, not as the whole tile again.
    expect(relevant.some((d) => Object.keys(d.changes.queues?.patch ?? {}).length > 0)).toBe(true)
    expect(feed.stats.gaps).toBe(0)
    // What the feed built from the patches is what a fresh subscriber gets.
    const fresh = await subscribe(await live.socket({ cookie: await live.cookieFor('mudur') }), 'wallboard')
    if (!fresh.ok) throw new Error(fresh.error.message)
    const freshSnapshot = fresh.data as ViewSnapshot<'wallboard'>
    const built = await until(
      () => boardAtSeq,
      (m) => m.has(freshSnapshot.seq),
      'the feed to reach the fresh snapshot',
    )
    expect(built.get(freshSnapshot.seq)).toEqual(
      freshSnapshot.data.queues.find((q) => q.name === 'cagri-merkezi'),
    )
  })

  it('a feed that sees a skipped number subscribes again and ends up current', async () => {
    const socket = await live.socket({ cookie: await live.cookieFor('mudur') })
    const feed = new ViewFeed(socket, 'wallboard')
    feed.start()
    await until(
      () => feed.status,
      (s) => s === 'live',
      'the feed to be live',
    )
    expect(feed.stats.snapshots).toBe(1)

    // A lost message: the next number arrives as if one before it never came.
    const broadcaster = live.pano.realtime.broadcaster()
    if (!broadcaster) throw new Error('no broadcaster')
    socket.emit('view:subscribe', { view: 'wallboard' }, () => {})
    live.pano.realtime.io.to('live:wallboard').emit('wallboard:changed', {
      view: 'wallboard',
      stream: broadcaster.stream,
      seq: feed.seq + 2,
      at: Date.now(),
      receivedAt: null,
      changes: {},
    })

    await until(
      () => feed.stats,
      (s) => s.snapshots === 2,
      'the feed to resubscribe',
    )
    expect(feed.stats.gaps).toBe(1)
    expect(feed.status).toBe('live')
  })

  it('refuses views the role may not see, and bad requests, with a reason', async () => {
    const agent = await live.socket({ cookie: await live.cookieFor('agent1') })
    const refused = await subscribe(agent, 'wallboard')
    expect(refused.ok ? null : refused.error.code).toBe('forbidden')
    expect(refused.ok ? '' : refused.error.message).toContain('yetkiniz yok')
    const operator = await live.socket({ cookie: await live.cookieFor('santral1') })
    expect((await subscribe(operator, 'agents')).ok).toBe(false)
    // Operators follow the switchboard's calls in the santral console; the call list is not theirs.
    expect(await subscribe(operator, 'calls')).toMatchObject({ ok: false, error: { code: 'forbidden' } })

    const { token } = await live.kioskToken(['queues'])
    const kiosk = await live.socket({ token })
    expect((await subscribe(kiosk, 'wallboard')).ok).toBe(true)
    expect(await subscribe(kiosk, 'agents')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await subscribe(kiosk, 'calls')).toMatchObject({ ok: false, error: { code: 'forbidden' } })

    const bad = await (kiosk.emitWithAck as (e: string, p: unknown) => Promise<unknown>)('view:subscribe', {
      view: 'everything',
    })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
  })

  it('disconnects a kiosk whose token is revoked', async () => {
    const { id, token } = await live.kioskToken(['queues'])
    const kiosk = await live.socket({ token })
    const gone = new Promise<string>((resolve) => kiosk.once('disconnect', resolve))
    live.pano.realtime.disconnectKiosk(id)
    expect(await gone).toBe('io server disconnect')
  })

  it('shows a TV the pause reason’s label and a signed-in board its code', async () => {
    const { token } = await live.kioskToken(['agents'])
    let tvAgents: AgentView[] = []
    let boardAgents: AgentView[] = []
    const stops = [
      new ViewFeed(await live.socket({ token }), 'agents', {
        onData: (u) => (tvAgents = u.data.agents),
      }).start(),
      new ViewFeed(await live.socket({ cookie: await live.cookieFor('mudur') }), 'agents', {
        onData: (u) => (boardAgents = u.data.agents),
      }).start(),
    ]
    const paused = await live.telephony.pauseMember({
      interface: 'Local/1002@agents/n',
      paused: true,
      reason: 'Geri arama',
    })
    expect(paused.ok).toBe(true)
    const tvRow = await until(
      () => tvAgents.find((a) => a.name === 'Dahili 1002'),
      (a) => a?.state === 'paused',
      'the TV to show the pause',
    )
    expect(tvRow?.pauseReason).toBe('Geri arama listesi')
    const boardRow = await until(
      () => boardAgents.find((a) => a.interface === 'Local/1002@agents/n'),
      (a) => a?.state === 'paused',
      'the board to show the pause',
    )
    expect(boardRow?.pauseReason).toBe('Geri arama')
    await live.telephony.pauseMember({ interface: 'Local/1002@agents/n', paused: false })
    for (const stop of stops) stop()
  })
})

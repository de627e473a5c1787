/**
 * A screen on the node that does not draw the boards subscribes while the holder cannot answer (its
 * process stopped, as in a stall or a takeover under way; docs/cluster.md, "Wallboards"). The node
 * answers `unavailable` after its snapshot request times out; a queue board's socket stays in its room,
 * so the holder's first delta once it is back reaches it (the browser then subscribes again at once,
 * client/src/lib/live/view-feed.ts), but a live-calls socket leaves: those deltas carry callers'
 * numbers and follow only an audited snapshot (server/realtime/handlers/view-handlers.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewDelta, ViewSnapshot } from '../../../server/contract/events.ts'
import type { PbxSimulator } from '../../../telephony/index.ts'
import { holderOf, signIn, type Session } from '../../support/node-http.ts'
import type { NodeProcess } from '../../support/process-cluster.ts'
import { startSimulatedCluster, type SimulatedCluster } from '../../support/simulated-cluster.ts'
import { openTestSocket, until, type TestSocket } from '../realtime/live-harness.ts'

let c: SimulatedCluster
let sim: PbxSimulator
let nodes: NodeProcess[]
let stopped: NodeProcess | null = null
const sockets: TestSocket[] = []

beforeAll(async () => {
  // The holder keeps its lease through the pause: this is a stall, not a failover.
  c = await startSimulatedCluster({ seed: 41, nodes: ['A', 'B'], env: { PBX_LEASE_TTL_MS: '30000' } })
  ;({ sim, nodes } = c)
}, 120_000)

afterAll(async () => {
  if (stopped !== null) stopped.child.kill('SIGCONT')
  for (const s of sockets) s.disconnect()
  await c?.close()
}, 60_000)

interface Watcher {
  answer: Promise<Ack<ViewSnapshot>>
  deltas: ViewDelta[]
}

/** Subscribes `session`'s socket on `node` to `view` and records every delta of it from then on. */
async function subscribe(node: NodeProcess, session: Session, view: 'wallboard' | 'calls'): Promise<Watcher> {
  const socket = await openTestSocket(node.url, { cookie: session.cookie }, sockets)
  const deltas: ViewDelta[] = []
  socket.on(`${view}:changed`, (d: ViewDelta) => deltas.push(d))
  const answer: Promise<Ack<ViewSnapshot>> = socket.emitWithAck('view:subscribe', { view })
  return { answer, deltas }
}

describe('a subscription while the node drawing the boards is silent', () => {
  it('is answered unavailable; the board stays in its room for the next delta, the live calls do not', async () => {
    const admin = await signIn(nodes[0] as NodeProcess, 'admin')
    const holder = await holderOf(nodes, admin)
    const other = nodes.find((n) => n !== holder) as NodeProcess
    const mudur = await signIn(other, 'mudur')

    holder.child.kill('SIGSTOP')
    stopped = holder
    const board = await subscribe(other, mudur, 'wallboard')
    const calls = await subscribe(other, mudur, 'calls')
    const [boardAnswer, callsAnswer] = await Promise.all([board.answer, calls.answer])
    expect(boardAnswer).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    expect(callsAnswer).toMatchObject({ ok: false, error: { code: 'unavailable' } })

    holder.child.kill('SIGCONT')
    stopped = null
    for (let i = 0; i < 3; i++)
      sim.placeCall({ queue: 'cagri-merkezi', callerNumber: `053255510${i}0`, answer: 300, talkMs: 300 })
    await until(
      () => board.deltas.length,
      (n) => n > 0,
      'the holder’s next board delta on the other node',
      20_000,
    )
    // The calls view changed too (three callers came and went), but none of it reached that socket.
    const watching = await subscribe(other, mudur, 'calls')
    expect((await watching.answer).ok).toBe(true)
    await until(
      () => watching.deltas.length,
      (n) => n > 0,
      'a live-calls delta for a socket that took its snapshot',
      20_000,
    )
    expect(calls.deltas).toEqual([])
  }, 90_000)
})

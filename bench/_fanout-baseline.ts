/**
 * The fan-out bench's baseline, run side by side with Pano in the same run: socket.io alone sends a
 * delta of the size Pano sent, as often as Pano flushed, to the same clients in the same processes,
 * with no telephony, database or PBX behind it. What delivery alone costs on this machine.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import type { ViewDelta } from '../server/contract/events.ts'

export interface BaselineServer {
  readonly url: string
  /**
   * Emits `sample` to every subscriber every `ms`, renumbered, `at` stamped now and `receivedAt` with
   * the previous emission (the oldest change a delta batched once per emission could hold), so the
   * clients measure delivery alone from `at` and delivery plus that wait from `receivedAt`; returns stop().
   */
  emitEvery(ms: number, sample: ViewDelta): () => void
  close(): Promise<void>
}

const ROOM = 'baseline'
const STREAM = 'baseline:1'

export async function startBaseline(): Promise<BaselineServer> {
  const http = createServer()
  const io = new Server(http, { serveClient: false })
  let seq = 0
  io.on('connection', (socket) => {
    socket.on('view:subscribe', (_request: unknown, ack: (answer: unknown) => void) => {
      void socket.join(ROOM)
      const data = { queues: [], pbxs: [] }
      ack({ ok: true, data: { view: 'wallboard', stream: STREAM, seq, at: Date.now(), data } })
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    emitEvery(ms, sample) {
      let previous = Date.now()
      const timer = setInterval(() => {
        const now = Date.now()
        seq++
        io.local
          .to(ROOM)
          .emit('wallboard:changed', { ...sample, stream: STREAM, seq, at: now, receivedAt: previous })
        previous = now
      }, ms)
      return () => clearInterval(timer)
    },
    async close() {
      io.disconnectSockets(true)
      await io.close()
    },
  }
}

/**
 * One server of the several-nodes baseline: socket.io joined by `@socket.io/redis-adapter` on `redisUrl`,
 * as each Pano node is. bench/_fanout-baseline-node.ts runs one per process, as Pano's nodes run; the
 * first one emits to the room and the adapter carries each delta to the others, as Pano's adapter
 * carries cross-node events.
 */
export async function startBaselineNode(redisUrl: string): Promise<BaselineServer> {
  const [{ createClient }, { createAdapter }] = await Promise.all([
    import('redis'),
    import('@socket.io/redis-adapter'),
  ])
  const pub = createClient({ url: redisUrl })
  const sub = pub.duplicate()
  await Promise.all([pub.connect(), sub.connect()])
  const http = createServer()
  const io = new Server(http, { serveClient: false, adapter: createAdapter(pub, sub, { key: 'bench-io' }) })
  let seq = 0
  io.on('connection', (socket) => {
    socket.on('view:subscribe', (_request: unknown, ack: (answer: unknown) => void) => {
      void socket.join(ROOM)
      ack({
        ok: true,
        data: { view: 'wallboard', stream: STREAM, seq, at: Date.now(), data: { queues: [], pbxs: [] } },
      })
    })
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    emitEvery(ms, sample) {
      let previous = Date.now()
      const timer = setInterval(() => {
        const now = Date.now()
        seq++
        io.to(ROOM).emit('wallboard:changed', {
          ...sample,
          stream: STREAM,
          seq,
          at: now,
          receivedAt: previous,
        })
        previous = now
      }, ms)
      return () => clearInterval(timer)
    },
    async close() {
      io.local.disconnectSockets(true)
      await io.close()
      await Promise.all([pub.quit(), sub.quit()].map((q) => q.catch(() => undefined)))
    },
  }
}

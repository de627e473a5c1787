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
  /** Emits `sample` (renumbered, stamped now) to every subscriber every `ms`; returns stop(). */
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
      const timer = setInterval(() => {
        const now = Date.now()
        seq++
        io.local
          .to(ROOM)
          .emit('wallboard:changed', { ...sample, stream: STREAM, seq, at: now, receivedAt: now })
      }, ms)
      return () => clearInterval(timer)
    },
    async close() {
      io.disconnectSockets(true)
      await io.close()
    },
  }
}

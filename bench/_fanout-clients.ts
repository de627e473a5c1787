/**
 * The fan-out bench's measuring clients: one child process holds a share of the sockets (forked by
 * `fanout.ts` with `<url> <token> <count> <kind>`). It connects them, subscribes each to the wallboard
 * and records, while told to, the latency of every delta and any skipped sequence number.
 *
 * Messages from the parent: `start` / `stop` (record; `stop` answers with a `report`), `connect`
 * `{ url }` (drop every socket and connect the same number to another server, answering `ready`),
 * `exit`.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { io as connect } from 'socket.io-client'
import type { Ack, ViewDelta, ViewSnapshot } from '../server/contract/events.ts'
import { connectProbe, type ProbeSocket } from './_socketio-probe.ts'
import { bucketOf, cpuMs, emptyHistogram, type ClientKind, type ClientReport } from './_fanout-measure.ts'

/** The official client behind the probe's interface (`--client socket.io-client`). */
function openOfficialClient(url: string, auth: Record<string, unknown>): Promise<ProbeSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, auth })
    socket.once('connect', () =>
      resolve({
        emitWithAck: (event, payload) => socket.emitWithAck(event, payload) as Promise<unknown>,
        on: (event, listener) => void socket.on(event, listener),
        disconnect: () => void socket.disconnect(),
      }),
    )
    socket.once('connect_error', (err: Error) => {
      socket.disconnect()
      reject(err)
    })
  })
}

class Recorder {
  histogram = emptyHistogram()
  sinceFlush = emptyHistogram()
  batchWait = emptyHistogram()
  samples = 0
  max = 0
  maxSinceFlush = 0
  lost = 0
  recording = false
  sample: ViewDelta | null = null
  #loop = monitorEventLoopDelay({ resolution: 5 })
  #cpuStart = process.cpuUsage()
  #wallStart = performance.now()

  start(): void {
    this.histogram = emptyHistogram()
    this.sinceFlush = emptyHistogram()
    this.batchWait = emptyHistogram()
    this.samples = this.max = this.maxSinceFlush = this.lost = 0
    this.recording = true
    this.#loop.reset()
    this.#loop.enable()
    this.#cpuStart = process.cpuUsage()
    this.#wallStart = performance.now()
  }

  delivered(d: ViewDelta): void {
    this.sample = d
    if (!this.recording || d.receivedAt === null) return
    const now = Date.now()
    const ms = now - d.receivedAt
    this.samples++
    if (ms > this.max) this.max = ms
    this.histogram[bucketOf(ms)]! += 1
    const sinceFlush = now - d.at
    this.sinceFlush[bucketOf(sinceFlush)]! += 1
    if (sinceFlush > this.maxSinceFlush) this.maxSinceFlush = sinceFlush
    this.batchWait[bucketOf(d.at - d.receivedAt)]! += 1
  }

  stop(subscribed: number, refused: number): ClientReport {
    this.recording = false
    this.#loop.disable()
    return {
      histogram: this.histogram,
      sinceFlush: this.sinceFlush,
      batchWait: this.batchWait,
      count: this.samples,
      max: this.max,
      maxSinceFlush: this.maxSinceFlush,
      lost: this.lost,
      subscribed,
      refused,
      cpuPct: (cpuMs(process.cpuUsage(this.#cpuStart)) / (performance.now() - this.#wallStart)) * 100,
      loopP99Ms: this.#loop.percentile(99) / 1e6,
      loopMaxMs: this.#loop.max / 1e6,
      sample: this.sample,
    }
  }
}

async function runClients(firstUrl: string, token: string, count: number, kind: ClientKind): Promise<void> {
  const recorder = new Recorder()
  const open = kind === 'socket.io-client' ? openOfficialClient : connectProbe
  let sockets: ProbeSocket[] = []
  let subscribed = 0
  let refused = 0
  const reasons = new Map<string, number>()

  const one = async (url: string, attempt = 0): Promise<void> => {
    let socket: ProbeSocket
    try {
      socket = await open(url, { token })
    } catch (err) {
      // A handshake that found the server busy is tried again, as a TV would.
      if (attempt < 5) {
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)))
        return one(url, attempt + 1)
      }
      refused++
      const message = err instanceof Error ? err.message : String(err)
      reasons.set(message, (reasons.get(message) ?? 0) + 1)
      return
    }
    sockets.push(socket)
    let stream: string | null = null
    let seq = 0
    const held: ViewDelta[] = []
    const take = (d: ViewDelta) => {
      if (d.stream !== stream || d.seq <= seq) return
      if (recorder.recording) recorder.lost += d.seq - seq - 1
      seq = d.seq
    }
    socket.on('wallboard:changed', (payload) => {
      const d = payload as ViewDelta
      recorder.delivered(d)
      if (stream === null) held.push(d)
      else take(d)
    })
    const answer = (await socket.emitWithAck('view:subscribe', { view: 'wallboard' })) as Ack<ViewSnapshot>
    if (!answer.ok) {
      refused++
      return
    }
    stream = answer.data.stream
    seq = answer.data.seq
    held.splice(0).forEach(take)
    subscribed++
  }

  const connectAll = async (url: string) => {
    for (const s of sockets) s.disconnect()
    sockets = []
    subscribed = refused = 0
    reasons.clear()
    // In waves, so the handshake checks do not all hit the database at once.
    for (let i = 0; i < count; i += 25)
      await Promise.all(Array.from({ length: Math.min(25, count - i) }, () => one(url)))
    if (reasons.size > 0) console.error('refused handshakes:', Object.fromEntries(reasons))
    process.send?.({ type: 'ready', subscribed, refused })
  }

  process.on('message', (m: { type: string; url?: string }) => {
    if (m.type === 'start') recorder.start()
    if (m.type === 'stop') process.send?.({ type: 'report', report: recorder.stop(subscribed, refused) })
    if (m.type === 'connect' && m.url !== undefined) void connectAll(m.url)
    if (m.type === 'exit') {
      for (const s of sockets) s.disconnect()
      process.exit(0)
    }
  })
  await connectAll(firstUrl)
}

const [url, token, count, kind] = process.argv.slice(2)
runClients(url ?? '', token ?? '', Number(count), kind === 'socket.io-client' ? kind : 'probe').catch(
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)

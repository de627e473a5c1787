/**
 * A minimal Socket.IO client for the fan-out bench: Engine.IO 4 over one WebSocket, Socket.IO 5
 * packets, the same handshake (auth `{ token }`), `view:subscribe` with its ack and the server's
 * events as the browser client exchanges them, and pong on ping. It is not a general client: no
 * polling, binary, reconnection or namespaces.
 *
 * Why: the official client costs ~29 µs of CPU per message in Node (its emitter layers, the debug
 * build Node resolves, JSON.parse), so 1 000 of them on the bench machine's 2 cores used more CPU than
 * the server they measure (2 × 44 % against 70-80 %) and their own queueing was most of the measured
 * tail. Real screens each parse on their own CPU. `--client socket.io-client` runs the official one.
 */
import WebSocket from 'ws'

export interface ProbeSocket {
  /** Sends an event with an ack; resolves with the ack's first argument. */
  emitWithAck(event: string, payload: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): void
  disconnect(): void
}

/** Connects and joins the main namespace; rejects with the server's reason when refused. */
export function connectProbe(url: string, auth: Record<string, unknown>): Promise<ProbeSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`)
  const listeners = new Map<string, (payload: unknown) => void>()
  const acks = new Map<number, (payload: unknown) => void>()
  let nextAck = 0
  const socket: ProbeSocket = {
    emitWithAck(event, payload) {
      const id = nextAck++
      return new Promise((resolve) => {
        acks.set(id, resolve)
        ws.send(`42${id}${JSON.stringify([event, payload])}`)
      })
    },
    on(event, listener) {
      listeners.set(event, listener)
    },
    disconnect() {
      ws.close()
    },
  }
  return new Promise((resolve, reject) => {
    ws.once('error', reject)
    ws.once('close', () => reject(new Error('closed during the handshake')))
    ws.on('message', (raw: Buffer) => {
      const text = raw.toString()
      switch (text[0]) {
        case '0': // Engine.IO open: join the main namespace with the credentials
          ws.send(`40${JSON.stringify(auth)}`)
          return
        case '2': // ping
          ws.send('3')
          return
        case '4':
          break
        default:
          return
      }
      const type = text[1]
      if (type === '0') resolve(socket)
      else if (type === '4') reject(new Error(readMessage(text.slice(2))))
      else if (type === '2') {
        const [event, payload] = JSON.parse(text.slice(2)) as [string, unknown]
        listeners.get(event)?.(payload)
      } else if (type === '3') {
        const open = text.indexOf('[')
        const id = Number(text.slice(2, open))
        const [payload] = JSON.parse(text.slice(open)) as [unknown]
        acks.get(id)?.(payload)
        acks.delete(id)
      }
    })
  })
}

function readMessage(json: string): string {
  try {
    const o = JSON.parse(json) as { message?: unknown }
    return typeof o.message === 'string' ? o.message : json
  } catch {
    return json
  }
}

/**
 * A signed-in client that floods its socket (server/realtime/session-watch.ts): events nobody handles
 * are answered at once, a client past the event rate is closed, and everyone else's screens carry on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Ack, ViewSnapshot } from '../../../server/contract/events.ts'
import { SOCKET_EVENTS_PER_WINDOW } from '../../../server/realtime/session-watch.ts'
import { startLivePano, type LivePano, type TestSocket } from './live-harness.ts'

let live: LivePano

beforeAll(async () => {
  live = await startLivePano()
})
afterAll(async () => {
  await live?.close()
})

const emitAny = (socket: TestSocket, event: string, ...args: unknown[]) =>
  (socket.emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>).call(socket, event, ...args)

const closed = (socket: TestSocket) =>
  new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)))

describe('a client flooding its socket', () => {
  it('gets "unknown request" for events nobody handles, and stays connected while it asks little', async () => {
    const socket = await live.socket({ cookie: await live.cookieFor('fen') })
    expect(await emitAny(socket, 'x')).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'invalid_request', message: 'Bilinmeyen istek.' }) as unknown,
    })
    expect(socket.connected).toBe(true)
    socket.disconnect()
  })

  it('is closed past the event rate, while the müdür’s wallboard keeps its socket and its answers', async () => {
    const mudur = await live.socket({ cookie: await live.cookieFor('mudur') })
    const first: Ack<ViewSnapshot> = await mudur.emitWithAck('view:subscribe', { view: 'wallboard' })
    expect(first.ok).toBe(true)

    const flooder = await live.socket({ cookie: await live.cookieFor('fen') })
    const end = closed(flooder)
    const answers: unknown[] = []
    for (let i = 0; i < SOCKET_EVENTS_PER_WINDOW * 3; i++)
      (flooder.emit as (e: string, ack: (a: unknown) => void) => void).call(flooder, 'unit:sync', (a) =>
        answers.push(a),
      )
    expect(await end).toBe('io server disconnect')
    expect(answers.length).toBeLessThanOrEqual(SOCKET_EVENTS_PER_WINDOW + 1)

    // Nobody else paid for it.
    expect(mudur.connected).toBe(true)
    const again: Ack<ViewSnapshot> = await mudur.emitWithAck('view:subscribe', { view: 'wallboard' })
    expect(again.ok).toBe(true)
    const health = await fetch(`${live.pano.url}/api/v1/health`)
    expect(health.status).toBe(200)
    mudur.disconnect()
  })
})

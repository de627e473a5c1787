import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConnectionStatus } from '../../../client/src/lib/live/connection-status.svelte.ts'

type Listener = (...args: never[]) => void

/** The parts of a socket.io client socket ConnectionStatus uses; `connect()` is counted. */
class FakeSocket {
  connected = true
  active = true
  connects = 0
  #listeners = new Map<string, Set<Listener>>()
  on(event: string, listener: Listener): void {
    this.#listeners.set(event, (this.#listeners.get(event) ?? new Set()).add(listener))
  }
  off(event: string, listener: Listener): void {
    this.#listeners.get(event)?.delete(listener)
  }
  emit(event: string, arg: unknown): void {
    for (const l of this.#listeners.get(event) ?? []) (l as (a: unknown) => void)(arg)
  }
  connect(): void {
    this.connects++
  }
}

describe('ConnectionStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('reconnects after the server closed the socket (revoked TV token, server shutting down)', () => {
    const socket = new FakeSocket()
    const status = new ConnectionStatus(socket)
    const stop = status.start()
    socket.active = false
    socket.emit('disconnect', 'io server disconnect')
    expect(status.connected).toBe(false)
    vi.advanceTimersByTime(1_300)
    expect(socket.connects).toBe(1)

    // The next handshake is refused: the screen says why and stops trying.
    socket.emit('connect_error', Object.assign(new Error('no'), { data: { code: 'unauthorized' } }))
    expect(status.staleReason([])).toContain('TV anahtarı iptal edilmiş')
    vi.advanceTimersByTime(60_000)
    expect(socket.connects).toBe(1)
    stop()
  })

  it('leaves a dropped transport to socket.io’s own reconnection', () => {
    const socket = new FakeSocket()
    const status = new ConnectionStatus(socket)
    const stop = status.start()
    socket.emit('disconnect', 'transport close')
    vi.advanceTimersByTime(60_000)
    expect(socket.connects).toBe(0)
    expect(status.staleReason([])).toBe('Pano sunucusuna ulaşılamıyor; yeniden bağlanılıyor…')
    stop()
  })
})

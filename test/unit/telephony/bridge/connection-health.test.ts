/**
 * The PBX states a monitor alerts on, from the AMI client's finer phases: a lost link is
 * `disconnected` from the loss until the next login (its `since` does not move with every retry), a
 * refused login stays `auth_failed` through its slow retries, and a PBX that keeps dropping or sends
 * unreadable events is `degraded`.
 */
import { describe, expect, it } from 'vitest'
import { ConnectionHealthTracker } from '../../../../telephony/bridge/connection-health.ts'
import type { AmiConnectionState, AmiPhase } from '../../../../telephony/connection/types.ts'

function tracker() {
  let now = 1_000_000
  const t = new ConnectionHealthTracker(() => now)
  const state = (phase: AmiPhase, reason: string): AmiConnectionState => ({
    pbxId: 'main',
    phase,
    reason,
    since: now,
    amiVersion: undefined,
    counters: {
      reconnects: 0,
      messages: 0,
      events: 0,
      leftoverBytes: 0,
      droppedBytes: 0,
      droppedFrames: 0,
      orphanMessages: 0,
    },
    lastEventAgeMs: undefined,
    retryAt: undefined,
    inbound: 0,
  })
  return {
    t,
    at: (ms: number) => (now = 1_000_000 + ms),
    go: (phase: AmiPhase, reason: string) => t.onState(state(phase, reason)),
  }
}

const upAndLive = (x: ReturnType<typeof tracker>) => {
  x.go('connected', 'logged in')
  x.go('resyncing', 'rebuilding state from lists')
  x.go('live', 'state rebuilt')
}

describe('PBX connection health', () => {
  it('is disconnected from the loss until the next login, whatever the retries say', () => {
    const x = tracker()
    x.go('connecting', 'starting')
    expect(x.t.current().state).toBe('connecting')
    upAndLive(x)
    expect(x.t.current()).toMatchObject({ state: 'connected', since: 1_000_000 })
    x.at(60_000)
    x.go('connecting', 'socket closed; retry in 500 ms')
    x.at(61_000)
    x.go('connecting', 'reconnect #1')
    x.at(62_000)
    x.go('connecting', 'ECONNREFUSED; retry in 1000 ms')
    expect(x.t.current()).toMatchObject({ state: 'disconnected', since: 1_060_000 })
  })

  it('says disconnected when the PBX cannot be reached from the start', () => {
    const x = tracker()
    x.go('connecting', 'starting')
    x.at(5_000)
    x.go('connecting', 'socket error: connect ECONNREFUSED; retry in 500 ms')
    x.go('connecting', 'reconnect #1')
    expect(x.t.current()).toMatchObject({ state: 'disconnected', since: 1_005_000 })
  })

  it('stays auth_failed while it retries slowly, until a login works', () => {
    const x = tracker()
    x.go('connecting', 'starting')
    x.at(1_000)
    x.go('down', 'auth-failed')
    x.at(301_000)
    x.go('connecting', 'reconnect #1')
    expect(x.t.current()).toMatchObject({ state: 'auth_failed', since: 1_001_000 })
    x.go('down', 'auth-failed')
    expect(x.t.current().since).toBe(1_001_000)
    x.go('connecting', 'reconnect requested by an admin')
    expect(x.t.current().state).toBe('connecting')
    upAndLive(x)
    expect(x.t.current().state).toBe('connected')
  })

  it('is degraded while the link flaps, and no longer once it has held', () => {
    const x = tracker()
    upAndLive(x)
    for (let i = 1; i <= 3; i++) {
      x.at(i * 60_000)
      x.go('connecting', 'socket closed; retry in 500 ms')
      upAndLive(x)
    }
    expect(x.t.current()).toMatchObject({ state: 'connected', degraded: ['flapping'] })
    x.at(20 * 60_000)
    expect(x.t.current().degraded).toEqual([])
  })

  it('is degraded by a flood of unreadable events, and by a backlog', () => {
    const x = tracker()
    upAndLive(x)
    for (let i = 0; i < 49; i++) x.t.onDecodeError()
    expect(x.t.current().degraded).toEqual([])
    x.t.onDecodeError()
    expect(x.t.current().degraded).toEqual(['decode-errors'])
    x.at(6 * 60_000)
    expect(x.t.current(20_000).degraded).toEqual(['backlog'])
  })
})

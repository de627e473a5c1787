/**
 * What a monitor alerts on for one PBX (docs/operations.md, "PBX health"): a connection state named
 * the same way everywhere (`connected`, `connecting`, `resyncing`, `disconnected`, `auth_failed`,
 * `stopped`) with when it was entered, and why the PBX is `degraded` while connected.
 *
 * The AMI client's phases are finer than a monitor needs and change their reason on every retry; here
 * a lost link is `disconnected` from the loss until the next login, whatever the client tries
 * meanwhile, and a refused login stays `auth_failed` through its slow retries. `connecting` is only
 * the first attempt (or one an admin asked for).
 *
 * Degraded: `flapping` (the link was lost FLAP_LOSSES times within FLAP_WINDOW_MS), `decode-errors`
 * (DECODE_ERRORS unreadable events within DECODE_WINDOW_MS), `backlog` (more than BACKLOG_LIMIT AMI
 * messages received and not applied yet), `entries-dropped` (the state's caps dropped channels or queue
 * calls within DROPPED_WINDOW_MS: today's statistics miss those calls, telephony/state/caps.ts).
 */
import type { AmiConnectionState } from '../connection/types.ts'

export type PbxHealthState =
  'connecting' | 'connected' | 'resyncing' | 'disconnected' | 'auth_failed' | 'stopped'

export type DegradedReason = 'flapping' | 'decode-errors' | 'backlog' | 'entries-dropped'

export const FLAP_LOSSES = 3
export const FLAP_WINDOW_MS = 10 * 60_000
export const DECODE_ERRORS = 50
export const DECODE_WINDOW_MS = 5 * 60_000
export const BACKLOG_LIMIT = 10_000
export const DROPPED_WINDOW_MS = 60 * 60_000

export interface ConnectionHealth {
  readonly state: PbxHealthState
  /** ms epoch when `state` was entered. */
  readonly since: number
  readonly degraded: readonly DegradedReason[]
}

export class ConnectionHealthTracker {
  private state: PbxHealthState = 'connecting'
  private since: number
  private readonly losses: number[] = []
  /** Decode errors per minute (minute index → count), only the last window's minutes kept. */
  private readonly decodeErrorsByMinute = new Map<number, number>()
  private droppedTotal = 0
  private lastDropAt: number | undefined

  constructor(private readonly now: () => number) {
    this.since = now()
  }

  onState(s: AmiConnectionState): void {
    this.set(this.next(s))
  }

  onDecodeError(): void {
    const minute = Math.floor(this.now() / 60_000)
    this.decodeErrorsByMinute.set(minute, (this.decodeErrorsByMinute.get(minute) ?? 0) + 1)
    const oldest = minute - Math.ceil(DECODE_WINDOW_MS / 60_000)
    for (const m of this.decodeErrorsByMinute.keys()) if (m <= oldest) this.decodeErrorsByMinute.delete(m)
  }

  /** The state's running count of dropped entries; a rise marks the PBX degraded for a while. */
  onDropped(total: number): void {
    if (total > this.droppedTotal) this.lastDropAt = this.now()
    this.droppedTotal = total
  }

  current(backlog = 0): ConnectionHealth {
    const now = this.now()
    const degraded: DegradedReason[] = []
    if (this.losses.filter((t) => t > now - FLAP_WINDOW_MS).length >= FLAP_LOSSES) degraded.push('flapping')
    let recentErrors = 0
    const oldest = Math.floor((now - DECODE_WINDOW_MS) / 60_000)
    for (const [m, n] of this.decodeErrorsByMinute) if (m > oldest) recentErrors += n
    if (recentErrors >= DECODE_ERRORS) degraded.push('decode-errors')
    if (backlog > BACKLOG_LIMIT) degraded.push('backlog')
    if (this.lastDropAt !== undefined && this.lastDropAt > now - DROPPED_WINDOW_MS)
      degraded.push('entries-dropped')
    return { state: this.state, since: this.since, degraded }
  }

  private next(s: AmiConnectionState): PbxHealthState {
    switch (s.phase) {
      case 'live':
        return 'connected'
      case 'connected':
      case 'resyncing':
        return 'resyncing'
      case 'down':
        return s.reason.startsWith('auth-failed')
          ? 'auth_failed'
          : s.reason === 'stopped'
            ? 'stopped'
            : 'disconnected'
      case 'connecting':
        if (s.reason === 'starting' || s.reason.startsWith('reconnect requested')) return 'connecting'
        if (this.state === 'auth_failed') return 'auth_failed'
        return this.state === 'connecting' && !s.reason.includes('retry in') ? 'connecting' : 'disconnected'
    }
  }

  private set(state: PbxHealthState): void {
    if (state === this.state) return
    const now = this.now()
    if (state === 'disconnected' && (this.state === 'connected' || this.state === 'resyncing')) {
      this.losses.push(now)
      while (this.losses.length > FLAP_LOSSES * 4) this.losses.shift()
    }
    this.state = state
    this.since = now
  }
}

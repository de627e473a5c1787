import type { ConnectionOptions } from 'node:tls'
import type { ActionResult, AmiAction, EventMask, OriginatePolicy, OriginateRequest } from '../ami/action.ts'
import type { AmiError, Result } from '../ami/errors.ts'
import type { AmiMessage } from '../ami/message.ts'
import type { AmiListResult, OriginateOutcome } from './pending-actions.ts'
import type { BackoffPolicy } from './backoff.ts'
import type { Timers } from './pending-actions.ts'

/** pino-compatible; the client makes a child `{ module: 'ami', pbxId }`. */
export interface AmiLogger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: Record<string, unknown>): AmiLogger
}

export interface AmiClientOptions {
  /** Names this PBX in logs, state and events (several PBXs = several clients). */
  readonly pbxId: string
  readonly host: string
  readonly port: number
  readonly username: string
  /** Never logged. */
  readonly secret: string
  /** 'plain' (default) or the MD5 challenge (`Challenge` then `Login` with `Key`). */
  readonly auth?: 'plain' | 'md5'
  /** TLS via node:tls (`true`, or options such as `ca`, `servername`, `rejectUnauthorized`). */
  readonly tls?: boolean | ConnectionOptions
  /** `Events:` sent with Login (default 'on'). */
  readonly events?: EventMask
  readonly logger: AmiLogger
  /** Greeting + login must finish within this (default 10 000 ms); otherwise retry with backoff. */
  readonly loginTimeoutMs?: number
  /** Default per-action deadline (default 10 000 ms). */
  readonly actionTimeoutMs?: number
  /** Default deadline for a whole EventList (default 30 000 ms). */
  readonly listTimeoutMs?: number
  /** Extra wait for OriginateResponse beyond the Originate's own ring Timeout (default 10 000 ms). */
  readonly originateMarginMs?: number
  readonly originatePolicy?: OriginatePolicy
  /** Ping interval after login (default 10 000 ms). */
  readonly pingIntervalMs?: number
  /** A Ping not answered within this means the link is dead (default 5 000 ms). */
  readonly pingTimeoutMs?: number
  readonly reconnect?: BackoffPolicy
  /** After a refused login, try again after this long (default 300 000 ms); reconnect() tries at once. */
  readonly authRetryMs?: number
  /**
   * The reconnect backoff starts over only once a connection has been live (resynced) this long
   * (default 30 000 ms); a PBX that drops every connection sooner is retried ever more slowly.
   */
  readonly stableMs?: number
  /** ms epoch; default Date.now. Stamps `receivedAt`. */
  readonly now?: () => number
  /** [0, 1); default Math.random. Drives backoff jitter and the ActionID prefix. */
  readonly random?: () => number
  readonly timers?: Timers
}

export type AmiPhase = 'connecting' | 'connected' | 'resyncing' | 'live' | 'down'

export interface AmiCounters {
  /** Reconnect attempts started after a loss (not the first connect). */
  reconnects: number
  /** Messages received (responses and events). */
  messages: number
  /** Live events emitted. */
  events: number
  /** Bytes of a message cut off by a disconnect. */
  leftoverBytes: number
  /** Bytes dropped by the framer (message over the size cap). */
  droppedBytes: number
  /** Messages dropped by the framer for being over the size cap (each counted once). */
  droppedFrames: number
  /** Responses or list items for no waiting action (late after a timeout, or unsolicited). */
  orphanMessages: number
}

export interface AmiConnectionState {
  readonly pbxId: string
  readonly phase: AmiPhase
  /** Why the phase was entered: 'logged in', 'socket closed; retry in 812 ms', 'auth-failed', 'stopped'… */
  readonly reason: string
  /** ms epoch when the phase was entered. */
  readonly since: number
  /** From the banner, e.g. '11.0.0' (Asterisk 22). */
  readonly amiVersion: string | undefined
  readonly counters: Readonly<AmiCounters>
  /** ms since the last live event, or undefined if none yet. */
  readonly lastEventAgeMs: number | undefined
  /** When the next connection attempt is due (ms epoch) while waiting to retry, else undefined. */
  readonly retryAt: number | undefined
  /** Messages received and not handed on yet (read in slices so a flood cannot block the process). */
  readonly inbound: number
}

/** A live event (not a list item, not an OriginateResponse we were waiting for). */
export interface AmiLiveEvent {
  readonly pbxId: string
  readonly message: AmiMessage
  readonly receivedAt: number
}

export interface AmiClientEvents {
  event: AmiLiveEvent
  state: AmiConnectionState
  /** After every successful login: the bridge's cue to resync (setPhase('resyncing'), lists, 'live'). */
  connected: { readonly pbxId: string; readonly amiVersion: string | undefined }
}

export interface SendOptions {
  readonly timeoutMs?: number
}

export interface AmiClient {
  readonly pbxId: string
  start(): void
  stop(): Promise<void>
  send(action: AmiAction | ActionResult, options?: SendOptions): Promise<Result<AmiMessage, AmiError>>
  sendList(action: AmiAction | ActionResult, options?: SendOptions): Promise<Result<AmiListResult, AmiError>>
  originate(request: OriginateRequest, options?: SendOptions): Promise<Result<OriginateOutcome, AmiError>>
  /** Session event mask after login (`Action: Events`). */
  setEvents(mask: EventMask): Promise<Result<AmiMessage, AmiError>>
  /** Set by the bridge above: 'resyncing' while lists rebuild state, then 'live'. Ignored unless logged in. */
  setPhase(phase: 'resyncing' | 'live', reason?: string): boolean
  /** Connects again now (dropping the current connection, if any), also after a refused login. */
  reconnect(reason?: string): boolean
  getState(): AmiConnectionState
  on<K extends keyof AmiClientEvents>(name: K, listener: (payload: AmiClientEvents[K]) => void): () => void
}

/**
 * AMI client for one PBX: the only I/O in the AMI layer (docs/ami-protocol.md §2–§6, §13).
 *
 *   const ami = createAmiClient({ pbxId, host, port, username, secret, logger })
 *   ami.on('connected', () => resync())          // after every login: setPhase('resyncing') … 'live'
 *   ami.on('event', ({ message, receivedAt }) => …) // live events only (raw AmiMessage)
 *   ami.on('state', (s) => …)                     // phase + reason + counters, for /health
 *   ami.start()
 *   const r = await ami.send(queuePause({ interface, paused: true }))   // Result<AmiMessage>
 *   const l = await ami.sendList(queueStatus())   // Result<{ response, items, complete }>
 *   const o = await ami.originate({ channel, context, exten })          // Result<OriginateOutcome>
 *   await ami.stop()                              // Logoff, close, phase 'down'
 *
 * Guarantees: every call resolves (never rejects) with `{ ok: true, value } | { ok: false, error }`;
 * nothing is written if encoding refuses a value; an action is written at most once and never resent
 * after a disconnect; a refused login leaves the client 'down' ('auth-failed') and tries again only
 * after `authRetryMs` (default 5 min: each refused try costs the PBX a 1 s sleep and a security event,
 * §12.5) or when `reconnect()` is called (an admin fixed manager.conf). The reconnect backoff starts
 * over only after a connection stayed up `stableMs` and was live (resynced): a PBX that accepts the
 * login and drops at once is retried ever more slowly, not hammered.
 */
import * as build from '../ami/action.ts'
import type { ActionResult, AmiAction, OriginateRequest } from '../ami/action.ts'
import {
  AmiActionError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
  err,
  type AmiError,
  type Result,
} from '../ami/errors.ts'
import type { AmiFrame } from '../ami/frame.ts'
import { dropConnection, openConnection, type Connection } from './ami-socket.ts'
import type { AmiMessage } from '../ami/message.ts'
import { backoffDelay } from './backoff.ts'
import { InboundQueue } from './inbound-queue.ts'
import { isForgedNote, redirectNoteMessage, redirectNoteOf, type RedirectNote } from './redirect-note.ts'
import { LOGIN_ACTIONS, writeAction, type ActionKind, type ActionOutcome } from './write-action.ts'
import { PendingActions, realTimers, type AmiListResult, type OriginateOutcome } from './pending-actions.ts'
import type {
  AmiClient,
  AmiClientEvents,
  AmiClientOptions,
  AmiConnectionState,
  AmiCounters,
  AmiLogger,
  AmiPhase,
  SendOptions,
} from './types.ts'

export type { AmiListResult, OriginateOutcome } from './pending-actions.ts'
export type * from './types.ts'

interface Inbound {
  readonly conn: Connection
  readonly frame: AmiFrame
  readonly receivedAt: number
}

export function createAmiClient(options: AmiClientOptions): AmiClient {
  return new AmiClientImpl(options)
}

class AmiClientImpl implements AmiClient {
  readonly pbxId: string
  readonly log: AmiLogger
  private readonly now: () => number
  private readonly random: () => number
  private readonly timers
  readonly pending
  readonly nextId: () => string
  private readonly idPrefix: string
  private readonly listeners = new Map<keyof AmiClientEvents, Set<(payload: never) => void>>()
  private conn: Connection | undefined
  private started = false
  private stopped = false
  private attempt = 0
  private reconnectTimer: unknown
  private phase: AmiPhase = 'down'
  private reason = 'not started'
  private since: number
  private amiVersion: string | undefined
  private lastEventAt: number | undefined
  private retryAt: number | undefined
  /** Frames read and not handled yet (handled in slices: inbound-queue.ts). */
  private readonly inbound = new InboundQueue<Inbound>(
    (item) => this.handleFrame(item),
    () => {
      if (this.conn?.socket.isPaused() === true) this.conn.socket.resume()
    },
  )
  private readonly counters: AmiCounters = {
    reconnects: 0,
    messages: 0,
    events: 0,
    leftoverBytes: 0,
    droppedBytes: 0,
    droppedFrames: 0,
    orphanMessages: 0,
  }

  constructor(private readonly options: AmiClientOptions) {
    this.pbxId = options.pbxId
    this.log = options.logger.child({ module: 'ami', pbxId: options.pbxId })
    this.now = options.now ?? Date.now
    this.random = options.random ?? Math.random
    this.timers = options.timers ?? realTimers
    this.pending = new PendingActions(this.timers)
    const safePbx = options.pbxId.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 32) || 'pbx'
    this.idPrefix = `pano-${safePbx}-${Math.floor(this.random() * 0xffffff).toString(36)}`
    this.nextId = build.createActionIdAllocator(this.idPrefix)
    this.since = this.now()
  }

  start(): void {
    if (this.started) return
    this.started = true
    this.connect('starting')
  }

  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.timers.clearTimeout(this.reconnectTimer)
    const conn = this.conn
    if (conn !== undefined) {
      if (conn.loggedIn)
        await this.request(conn, build.logoff(), 'single', Math.min(this.actionTimeout, 2000))
      conn.reason = 'stopped'
      conn.socket.end()
      const forceClose = this.timers.setTimeout(() => conn.socket.destroy(), 1000)
      await conn.closedPromise
      this.timers.clearTimeout(forceClose)
    }
    this.setState('down', 'stopped')
  }

  send(action: AmiAction | ActionResult, options: SendOptions = {}): Promise<Result<AmiMessage, AmiError>> {
    const timeoutMs = options.timeoutMs ?? this.actionTimeout
    const note = redirectNoteOf(action)
    if (note === null) return this.publicRequest(action, 'single', timeoutMs)
    // Noted before the write: the caller's leaving the queue can arrive before the answer (redirect-note.ts).
    this.note(note, 'sent')
    return this.publicRequest(action, 'single', timeoutMs).then((r) => {
      // A timeout says nothing about what the PBX did; any other error means the caller was not moved.
      if (!r.ok && !(r.error instanceof AmiTimeoutError)) this.note(note, 'refused')
      return r
    })
  }

  private note(note: RedirectNote, outcome: 'sent' | 'refused'): void {
    this.emit('event', {
      pbxId: this.pbxId,
      message: redirectNoteMessage(note, outcome),
      receivedAt: this.now(),
    })
  }

  sendList(
    action: AmiAction | ActionResult,
    options: SendOptions = {},
  ): Promise<Result<AmiListResult, AmiError>> {
    return this.publicRequest(action, 'list', options.timeoutMs ?? this.options.listTimeoutMs ?? 30_000)
  }

  originate(
    request: OriginateRequest,
    options: SendOptions = {},
  ): Promise<Result<OriginateOutcome, AmiError>> {
    return this.publicRequest(
      build.originate(request, this.options.originatePolicy),
      'originate',
      options.timeoutMs ?? this.actionTimeout,
      (request.timeoutMs ?? 30_000) + (this.options.originateMarginMs ?? 10_000),
    )
  }

  setEvents(mask: build.EventMask): Promise<Result<AmiMessage, AmiError>> {
    return this.send(build.events(mask))
  }

  setPhase(phase: 'resyncing' | 'live', reason?: string): boolean {
    if (this.phase !== 'connected' && this.phase !== 'resyncing' && this.phase !== 'live') return false
    if (phase === 'live' && this.conn !== undefined) this.conn.liveAt ??= this.now()
    this.setState(phase, reason ?? phase)
    return true
  }

  reconnect(reason = 'reconnect requested'): boolean {
    if (!this.started || this.stopped) return false
    this.timers.clearTimeout(this.reconnectTimer)
    this.retryAt = undefined
    const conn = this.conn
    if (conn !== undefined && !conn.closed) {
      conn.immediate = true
      this.drop(conn, reason)
      return true
    }
    this.connect(reason)
    return true
  }

  getState(): AmiConnectionState {
    return {
      pbxId: this.pbxId,
      phase: this.phase,
      reason: this.reason,
      since: this.since,
      amiVersion: this.amiVersion,
      counters: {
        ...this.counters,
        droppedBytes: this.counters.droppedBytes + (this.conn?.framer.droppedBytes ?? 0),
        droppedFrames: this.counters.droppedFrames + (this.conn?.framer.droppedFrames ?? 0),
      },
      lastEventAgeMs: this.lastEventAt === undefined ? undefined : Math.max(0, this.now() - this.lastEventAt),
      retryAt: this.retryAt,
      inbound: this.inbound.size,
    }
  }

  on<K extends keyof AmiClientEvents>(name: K, listener: (payload: AmiClientEvents[K]) => void): () => void {
    let set = this.listeners.get(name)
    if (set === undefined) this.listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }

  private get actionTimeout(): number {
    return this.options.actionTimeoutMs ?? 10_000
  }

  private emit<K extends keyof AmiClientEvents>(name: K, payload: AmiClientEvents[K]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      try {
        ;(listener as (p: AmiClientEvents[K]) => void)(payload)
      } catch (e) {
        this.log.error({ err: e, listenerOf: name }, 'AMI listener threw')
      }
    }
  }

  private setState(phase: AmiPhase, reason: string): void {
    if (phase === this.phase && reason === this.reason) return
    this.phase = phase
    this.reason = reason
    this.since = this.now()
    const level = phase === 'down' && reason !== 'stopped' ? 'error' : 'info'
    this.log[level]({ phase, reason }, 'AMI connection state')
    this.emit('state', this.getState())
  }

  private publicRequest<K extends ActionKind>(
    action: AmiAction | ActionResult,
    kind: K,
    timeoutMs: number,
    finalTimeoutMs = 0,
  ): Promise<ActionOutcome<K>> {
    const built = 'ok' in action ? action : { ok: true as const, value: action }
    if (built.ok && LOGIN_ACTIONS.has(built.value.name.toLowerCase())) {
      return Promise.resolve(
        err(new AmiEncodeError(built.value.name, 'Action', 'is managed by the client itself')),
      )
    }
    const conn = this.conn
    if (conn === undefined || !conn.loggedIn) {
      const name = built.ok ? built.value.name : built.error.action
      return Promise.resolve(
        err(new AmiDisconnectedError(name, undefined, `not connected (${this.phase}: ${this.reason})`)),
      )
    }
    return this.request(conn, built, kind, timeoutMs, finalTimeoutMs)
  }

  /** Encodes (refusing before any write), registers the ActionID, writes once (write-action.ts). */
  private request<K extends ActionKind>(
    conn: Connection,
    action: ActionResult,
    kind: K,
    timeoutMs: number,
    finalTimeoutMs = 0,
  ): Promise<ActionOutcome<K>> {
    return writeAction(this, conn, action, kind, timeoutMs, finalTimeoutMs)
  }

  private connect(reason: string): void {
    this.setState('connecting', reason)
    this.conn = openConnection(this.options, this.timers, {
      onData: (conn, chunk) => this.onData(conn, chunk),
      onClose: (conn) => this.onClose(conn),
    })
  }

  private drop(conn: Connection, reason: string): void {
    dropConnection(conn, reason, this.timers)
  }

  /** Frames are handled in slices (inbound-queue.ts); a flood pauses the socket until it drains. */
  private onData(conn: Connection, chunk: Buffer): void {
    const receivedAt = this.now()
    for (const frame of conn.framer.push(chunk)) this.inbound.push({ conn, frame, receivedAt })
    this.inbound.handleSoon()
    if (this.inbound.overHighWater && !conn.socket.isPaused()) conn.socket.pause()
  }

  private handleFrame({ conn, frame, receivedAt }: Inbound): void {
    if (conn.closed && conn !== this.closing) return
    if (frame.type === 'greeting') {
      this.amiVersion = frame.version
      void this.login(conn)
    } else {
      this.onMessage(frame.message, receivedAt)
    }
  }

  private onMessage(message: AmiMessage, receivedAt: number): void {
    this.counters.messages++
    const id = message.get('ActionID')
    if (id !== undefined && this.pending.route(message)) return
    if (
      message.kind !== 'event' ||
      (id !== undefined && id.startsWith(`${this.idPrefix}-`)) ||
      isForgedNote(message)
    ) {
      this.counters.orphanMessages++
      this.log.debug({ actionId: id, kind: message.kind }, 'AMI message for no waiting action')
      return
    }
    this.counters.events++
    this.lastEventAt = receivedAt
    this.emit('event', { pbxId: this.pbxId, message, receivedAt })
  }

  private async login(conn: Connection): Promise<void> {
    const { username, secret, auth = 'plain', events = 'on' } = this.options
    const timeout = this.options.loginTimeoutMs ?? 10_000
    let loginAction = build.loginPlain(username, secret, events)
    if (auth === 'md5') {
      const ch = await this.request(conn, build.challenge(), 'single', timeout)
      if (!ch.ok) return this.loginFailed(conn, ch.error)
      loginAction = build.loginMd5(username, ch.value.get('Challenge') ?? '', secret, events)
    }
    const r = await this.request(conn, loginAction, 'single', timeout)
    if (!r.ok) return this.loginFailed(conn, r.error)
    this.timers.clearTimeout(conn.loginTimer)
    conn.loggedIn = true
    this.setState('connected', 'logged in')
    this.emit('connected', { pbxId: this.pbxId, amiVersion: this.amiVersion })
    this.schedulePing(conn)
  }

  private loginFailed(conn: Connection, error: AmiError): void {
    if (error instanceof AmiActionError) {
      // A refused secret is retried only slowly: each try costs the PBX a 1 s sleep and a security
      // event (§12.5). onClose arms the slow retry; reconnect() tries at once.
      this.log.error(
        { amiMessage: error.amiMessage, retryInMs: this.authRetryMs },
        'AMI login refused; retrying slowly',
      )
      this.drop(conn, 'auth-failed')
      this.setState('down', 'auth-failed')
      return
    }
    this.drop(conn, error instanceof AmiDisconnectedError ? error.reason : 'login-timeout')
  }

  private schedulePing(conn: Connection): void {
    conn.pingTimer = this.timers.setTimeout(() => {
      void this.request(conn, build.ping(), 'single', this.options.pingTimeoutMs ?? 5_000).then((r) => {
        if (conn.closed) return
        if (!r.ok && !(r.error instanceof AmiActionError)) {
          this.log.warn({ error: r.error.message }, 'AMI ping unanswered; dropping the connection')
          return this.drop(conn, 'ping-timeout')
        }
        this.schedulePing(conn)
      })
    }, this.options.pingIntervalMs ?? 10_000)
  }

  /** The connection being closed while its last queued frames are handled. */
  private closing: Connection | undefined

  private onClose(conn: Connection): void {
    if (conn.closed) return
    conn.closed = true
    // What the PBX sent before closing is handled first (list answers, events), in order.
    this.closing = conn
    this.inbound.drainAll()
    this.closing = undefined
    this.timers.clearTimeout(conn.loginTimer)
    this.timers.clearTimeout(conn.pingTimer)
    this.counters.leftoverBytes += conn.framer.leftover
    this.counters.droppedBytes += conn.framer.droppedBytes
    this.counters.droppedFrames += conn.framer.droppedFrames
    if (this.conn === conn) this.conn = undefined
    const reason = conn.reason ?? 'socket closed'
    this.pending.rejectAll(reason)
    if (this.stopped) return
    if (conn.immediate === true) {
      this.counters.reconnects++
      this.connect(reason)
      return
    }
    const stable = conn.liveAt !== undefined && this.now() - conn.liveAt >= this.stableMs
    if (stable) this.attempt = 0
    const authFailed = reason === 'auth-failed'
    const delay = authFailed
      ? this.authRetryMs
      : backoffDelay(this.attempt++, this.random, this.options.reconnect)
    this.retryAt = this.now() + delay
    if (!authFailed) this.setState('connecting', `${reason}; retry in ${delay} ms`)
    this.reconnectTimer = this.timers.setTimeout(() => {
      if (this.stopped) return
      this.retryAt = undefined
      this.counters.reconnects++
      this.connect(`reconnect #${this.counters.reconnects}`)
    }, delay)
  }

  private get authRetryMs(): number {
    return this.options.authRetryMs ?? 300_000
  }

  private get stableMs(): number {
    return this.options.stableMs ?? 30_000
  }
}

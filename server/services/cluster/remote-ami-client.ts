/**
 * A PBX connection seen through the node that holds it (docs/cluster.md): the same `AmiClient` the
 * telephony bridge reads a real connection through, fed by the holder's numbered batches instead of a
 * socket. Actions go to the holder and their results come back on the feed; a lost or late batch, a new
 * holder or a PBX login makes the bridge resync (its usual path, with the lists asked through the
 * holder). Silence from the holder marks this node's views stale until a holder speaks again.
 */
import { randomUUID } from 'node:crypto'
import type { ActionResult, AmiAction, EventMask, OriginateRequest } from '../../../telephony/index.ts'
import {
  AmiDisconnectedError,
  AmiTimeoutError,
  err,
  type AmiError,
  type Result,
} from '../../../telephony/index.ts'
import type { AmiMessage } from '../../../telephony/index.ts'
import type {
  AmiClient,
  AmiConnectionState,
  AmiCounters,
  AmiListResult,
  AmiPhase,
  OriginateOutcome,
  SendOptions,
} from '../../../telephony/index.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from './cluster-bus.ts'
import { createClientEvents } from './client-events.ts'
import {
  errorFromWire,
  fromWire,
  parseBatch,
  valueFromWire,
  type FeedBatch,
  type FeedItem,
  type RpcOp,
  type WireResult,
} from './feed-codec.ts'
import { feedChannel, rpcChannel } from './pbx-relay.ts'

export interface RemoteClientCounters {
  /** Batches missing in a holder's numbering (each made this node resync). */
  gaps: number
  /** Batches from a holder whose fencing token is older than the current one (ignored). */
  staleHolder: number
  badBatches: number
  forwarded: number
  forwardTimeouts: number
}

export interface RemoteAmiClient extends AmiClient {
  readonly remoteCounters: Readonly<RemoteClientCounters>
  /** The node whose feed this client follows, or null before any. */
  holder(): string | null
}

export interface RemoteAmiClientOptions {
  bus: ClusterBus
  pbxId: string
  logger: Logger
  now?: () => number
  /** No batch for this long (heartbeats included) means the holder is gone (default 3 000 ms). */
  silentAfterMs?: number
  /** Default deadline of a forwarded action (default 10 000 ms) and of a list (default 30 000 ms). */
  actionTimeoutMs?: number
  listTimeoutMs?: number
  /** The holder stored these records (this node stops keeping them for a takeover). */
  onStored?: (callKeys: readonly string[], pauseKeys: readonly string[]) => void
}

const EMPTY_COUNTERS: AmiCounters = {
  reconnects: 0,
  messages: 0,
  events: 0,
  leftoverBytes: 0,
  droppedBytes: 0,
  orphanMessages: 0,
  droppedFrames: 0,
}
/** What forwarding adds to an action's own deadline (two Redis hops). */
const FORWARD_MARGIN_MS = 2_000

export function createRemoteAmiClient(options: RemoteAmiClientOptions): RemoteAmiClient {
  const { bus, pbxId } = options
  const now = options.now ?? Date.now
  const log = options.logger.child({ module: 'remote-ami', pbxId })
  const silentAfterMs = options.silentAfterMs ?? 3_000
  const events = createClientEvents(log)
  const waiting = new Map<
    string,
    { settle: (r: WireResult | null) => void; timer: ReturnType<typeof setTimeout> }
  >()
  const remoteCounters: RemoteClientCounters = {
    gaps: 0,
    staleHolder: 0,
    badBatches: 0,
    forwarded: 0,
    forwardTimeouts: 0,
  }
  let phase: AmiPhase = 'connecting'
  let reason = 'waiting for the node that holds the PBX connection'
  let since = now()
  let holderState: AmiConnectionState | undefined
  let current: { n: string; f: number; s: number } | undefined
  let lastBatchAt = 0
  let lastEventAt: number | undefined
  let unsubscribe: (() => Promise<void>) | undefined
  let watchdog: ReturnType<typeof setInterval> | undefined
  let running = false

  const emit = events.emit

  function state(): AmiConnectionState {
    return {
      pbxId,
      phase,
      reason,
      since,
      amiVersion: holderState?.amiVersion,
      counters: holderState?.counters ?? EMPTY_COUNTERS,
      lastEventAgeMs: lastEventAt === undefined ? undefined : Math.max(0, now() - lastEventAt),
      retryAt: holderState?.retryAt,
      inbound: 0,
    }
  }

  function enter(next: AmiPhase, why: string): void {
    phase = next
    reason = why
    since = now()
    emit('state', state())
  }

  const holderUp = () =>
    holderState !== undefined &&
    (holderState.phase === 'connected' || holderState.phase === 'resyncing' || holderState.phase === 'live')

  function failWaiting(why: string): void {
    for (const [, w] of waiting) {
      clearTimeout(w.timer)
      w.settle({ ok: false, err: { name: 'AmiDisconnectedError', action: 'forwarded', reason: why } })
    }
    waiting.clear()
  }

  function goDown(why: string): void {
    // Already down: keep the time it went down, but say why now (health shows the holder's reason).
    if (phase === 'connecting' || phase === 'down') {
      reason = why
      return
    }
    failWaiting(why)
    enter('connecting', why)
  }

  function onItem(item: FeedItem, holder: string): boolean {
    if ('e' in item) {
      lastEventAt = now()
      if (phase !== 'connecting' && phase !== 'down')
        emit('event', { pbxId, message: fromWire(item.e), receivedAt: item.r })
      return false
    }
    if ('st' in item) {
      holderState = item.st
      if (!holderUp()) goDown(`holder ${holder}: ${item.st.reason}`)
      return false
    }
    if ('c' in item) return true
    if ('re' in item) {
      if (item.to !== bus.nodeId) return false
      const w = waiting.get(item.re)
      if (w !== undefined) {
        waiting.delete(item.re)
        clearTimeout(w.timer)
        w.settle(item.res)
      }
      return false
    }
    options.onStored?.(item.stored, item.pauses)
    return false
  }

  function onBatch(text: string): void {
    const batch = parseBatch(text)
    if (batch === undefined) {
      remoteCounters.badBatches++
      return
    }
    if (batch.n === bus.nodeId) return
    let resync = ordered(batch)
    if (resync === null) return
    lastBatchAt = now()
    for (const item of batch.b) if (onItem(item, batch.n)) resync = true
    if (!holderUp()) return
    if (resync || phase === 'connecting' || phase === 'down') {
      enter('connected', `following ${batch.n}`)
      emit('connected', { pbxId, amiVersion: holderState?.amiVersion })
    }
  }

  /** true: resync needed; false: in order; null: from a superseded holder, ignored. */
  function ordered(batch: FeedBatch): boolean | null {
    if (current !== undefined && batch.f < current.f) {
      remoteCounters.staleHolder++
      return null
    }
    if (current === undefined || batch.f !== current.f || batch.n !== current.n) {
      current = { n: batch.n, f: batch.f, s: batch.s }
      return true
    }
    if (batch.s <= current.s) return null
    const gap = batch.s !== current.s + 1
    current.s = batch.s
    if (gap) {
      remoteCounters.gaps++
      log.warn({ holder: batch.n }, 'feed batches missing; resyncing through the holder')
    }
    return gap
  }

  function forward<T>(name: string, op: RpcOp, deadlineMs: number): Promise<Result<T, AmiError>> {
    // A reconnect is asked for exactly when the holder's PBX connection is down: it goes regardless.
    if (op.op !== 'reconnect' && (phase === 'connecting' || phase === 'down' || !holderUp()))
      return Promise.resolve(
        err(new AmiDisconnectedError(name, undefined, 'no node holds the PBX connection')),
      )
    const id = randomUUID()
    remoteCounters.forwarded++
    return new Promise((resolve) => {
      const settle = (r: WireResult | null) => {
        if (r === null) {
          remoteCounters.forwardTimeouts++
          resolve(err(new AmiTimeoutError(name, id, deadlineMs)))
        } else if (r.ok) resolve({ ok: true, value: valueFromWire(r.v) as T })
        else resolve(err(errorFromWire(r.err)))
      }
      const timer = setTimeout(() => {
        waiting.delete(id)
        settle(null)
      }, deadlineMs + FORWARD_MARGIN_MS)
      timer.unref()
      waiting.set(id, { settle, timer })
      bus
        .publish(rpcChannel(bus, pbxId), JSON.stringify({ ...op, id, from: bus.nodeId }))
        .catch((e: unknown) => {
          if (!waiting.delete(id)) return
          clearTimeout(timer)
          log.warn({ err: e }, 'action not forwarded')
          resolve(err(new AmiDisconnectedError(name, undefined, 'could not reach the holding node')))
        })
    })
  }

  const actionOf = (a: AmiAction | ActionResult): Result<AmiAction, AmiError> =>
    'ok' in a ? a : { ok: true, value: a }

  return {
    pbxId,
    remoteCounters,
    holder: () => current?.n ?? null,
    start() {
      if (running) return
      running = true
      enter('connecting', reason)
      bus
        .subscribe(feedChannel(bus, pbxId), onBatch)
        .then((off) => {
          if (running) unsubscribe = off
          else void off()
        })
        .catch((e: unknown) => log.error({ err: e }, 'could not follow the PBX feed'))
      watchdog = setInterval(() => {
        if (lastBatchAt > 0 && now() - lastBatchAt > silentAfterMs) goDown('the holding node is silent')
      }, 500)
      watchdog.unref()
    },
    async stop() {
      running = false
      clearInterval(watchdog)
      failWaiting('stopped')
      current = undefined
      holderState = undefined
      lastBatchAt = 0
      await unsubscribe?.().catch(() => undefined)
      unsubscribe = undefined
      enter('down', 'stopped')
    },
    send(action, o: SendOptions = {}) {
      const a = actionOf(action)
      if (!a.ok) return Promise.resolve(a)
      const ms = o.timeoutMs ?? options.actionTimeoutMs ?? 10_000
      return forward<AmiMessage>(a.value.name, { op: 'send', action: a.value, timeoutMs: ms }, ms)
    },
    sendList(action, o: SendOptions = {}) {
      const a = actionOf(action)
      if (!a.ok) return Promise.resolve(a)
      const ms = o.timeoutMs ?? options.listTimeoutMs ?? 30_000
      return forward<AmiListResult>(a.value.name, { op: 'sendList', action: a.value, timeoutMs: ms }, ms)
    },
    originate(request: OriginateRequest, o: SendOptions = {}) {
      const ring = (request.timeoutMs ?? 30_000) + 10_000
      const ms = o.timeoutMs ?? ring
      return forward<OriginateOutcome>('Originate', { op: 'originate', request, timeoutMs: ms }, ms)
    },
    setEvents(mask: EventMask) {
      return forward<AmiMessage>('Events', { op: 'setEvents', mask }, options.actionTimeoutMs ?? 10_000)
    },
    /** An admin's "Yeniden bağlan" on this node: the holder reconnects its connection. */
    reconnect() {
      if (current === undefined) return false
      void forward<AmiMessage>('Reconnect', { op: 'reconnect' }, options.actionTimeoutMs ?? 10_000)
      return true
    },
    setPhase(next, why) {
      if (phase === 'connecting' || phase === 'down') return false
      enter(next, why ?? reason)
      return true
    },
    getState: state,
    on: events.on,
  }
}

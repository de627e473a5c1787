/**
 * The socket.io wire contract (docs/design.md §2.4, docs/style-guide.md §3.3): event maps shared by server and client
 * (types and constants only).
 *
 * A client joins a live view with `view:subscribe`; the ack carries the whole view and the sequence
 * number it is at. From then on `<view>:changed` deltas arrive with the next numbers (one per batch of at
 * most BROADCAST_INTERVAL_MS). A delta whose `seq` is not `last + 1`, or whose `stream` differs from
 * the snapshot's, means something was missed: subscribe again.
 */
import type {
  WrittenWaitingView,
  AgentView,
  CallView,
  MetricThreshold,
  PbxStatusView,
  QueueView,
  ThresholdMetric,
} from './views.ts'
import type { PatchOp } from './item-patch.ts'
import type { ApiError } from './errors.ts'

/** Every socket acknowledgement. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError }

/**
 * A refused acknowledgement: the same `ApiError` an HTTP call answers (contract/errors.ts), with one of
 * these codes. `unauthorized`: the session or TV link ended; the server closes the socket right after.
 */
export type AckErrorCode = 'forbidden' | 'invalid_request' | 'unavailable' | 'unauthorized' | 'internal_error'
export type AckError = ApiError & { code: AckErrorCode | (string & {}) }

export const LIVE_VIEWS = ['wallboard', 'agents', 'calls'] as const
export type LiveView = (typeof LIVE_VIEWS)[number]

/** What each live view holds: keyed collections. Kiosk sockets get the redacted variant (see ADR 006). */
export interface LiveViewData {
  wallboard: { queues: QueueView[]; pbxs: PbxStatusView[]; written: WrittenWaitingView[] }
  agents: { agents: AgentView[]; pbxs: PbxStatusView[] }
  calls: { calls: CallView[]; pbxs: PbxStatusView[] }
}

export type LiveCollection<V extends LiveView> = keyof LiveViewData[V] & string

/**
 * One collection's change: new items whole, items the client already has changed in place (only the
 * fields that changed, keyed by item key; see `item-patch.ts`), and keys removed. A patch for a key
 * the client does not hold means it missed something: subscribe again.
 */
export interface CollectionChange<T> {
  upsert: T[]
  patch?: Record<string, PatchOp[]>
  remove: string[]
}

export type LiveChanges<V extends LiveView> = {
  [C in keyof LiveViewData[V]]?: LiveViewData[V][C] extends (infer T)[] ? CollectionChange<T> : never
}

export interface ViewSnapshot<V extends LiveView = LiveView> {
  view: V
  /** Which sequence the numbers belong to (`<nodeId>:<bootEpoch>`); a new stream means resubscribe. */
  stream: string
  /** The sequence number this snapshot is at; the next delta carries `seq + 1`. */
  seq: number
  /** Server time the data was computed (ms epoch): live clocks (longest wait) tick on from here. */
  at: number
  data: LiveViewData[V]
}

export interface ViewDelta<V extends LiveView = LiveView> {
  view: V
  stream: string
  seq: number
  at: number
  /** When the oldest AMI event in this batch was received (ms epoch); null for a timer refresh. */
  receivedAt: number | null
  changes: LiveChanges<V>
}

/** The item key of each collection (the client and the server key the same way). */
export function liveItemKey(collection: string, item: unknown): string {
  const o = item as Record<string, unknown>
  switch (collection) {
    case 'queues':
      return `${String(o['pbxId'])}/${String(o['name'])}`
    case 'agents':
      return `${String(o['pbxId'])}/${String(o['interface'])}`
    case 'calls':
      return `${String(o['pbxId'])}/${String(o['callId'])}`
    case 'written':
      return String(o['channel'])
    default:
      return String(o['id'])
  }
}

/** Who this socket is, as the client may know it (a kiosk learns its boards from here). */
export type SocketIdentity =
  | { kind: 'user'; userId: number; role: string; views: LiveView[] }
  | { kind: 'kiosk'; label: string; boards: KioskBoard[]; views: LiveView[] }

/**
 * Boards a kiosk token may show (KioskToken.boards). `overdue` is the overdue-by-unit board, read with
 * `units:overdue` (server/contract/unit-board.ts), not a live view.
 */
export const KIOSK_BOARDS = ['queues', 'agents', 'overdue'] as const
export type KioskBoard = (typeof KIOSK_BOARDS)[number]

export interface ServerToClientEvents {
  'wallboard:changed': (delta: ViewDelta<'wallboard'>) => void
  'agents:changed': (delta: ViewDelta<'agents'>) => void
  'calls:changed': (delta: ViewDelta<'calls'>) => void
}

export interface ClientToServerEvents {
  /** The ack's snapshot is for the view asked for (`data` matches `LiveViewData[view]`). */
  'view:subscribe': (request: { view: LiveView }, ack: (answer: Ack<ViewSnapshot>) => void) => void
  'view:unsubscribe': (request: { view: LiveView }, ack: (answer: Ack<null>) => void) => void
  'session:identify': (ack: (answer: Ack<SocketIdentity>) => void) => void
}

/** Server-to-server events (several nodes, Redis adapter): none yet. */
export type InterServerEvents = Record<string, never>

/** The delta event name of each view. */
export const CHANGED_EVENT = {
  wallboard: 'wallboard:changed',
  agents: 'agents:changed',
  calls: 'calls:changed',
} as const satisfies Record<LiveView, keyof ServerToClientEvents>

// ── Admin wire shapes of the live boards (HTTP, Yönetim) ───────────────────────────────────────────

/** `GET /api/v1/kiosk-tokens` item. The token itself is never listed: only shown once, on creation. */
export interface KioskTokenView {
  id: number
  label: string
  boards: KioskBoard[]
  createdAt: string
  createdBy: string
  revokedAt: string | null
}

/** `POST /api/v1/kiosk-tokens` answer: the only time the token is shown. */
export interface IssuedKioskTokenView extends KioskTokenView {
  token: string
  /** `/pano/tv?token=…` (path only; the admin's browser knows the host). */
  path: string
}

/** `GET /api/v1/queue-thresholds` item: the thresholds in force (defaults where none were set). */
export interface QueueThresholdsView {
  id: number
  pbxId: string
  name: string
  label: string
  thresholds: Record<ThresholdMetric, MetricThreshold>
  /** Metrics the admin set for this queue (the others use the defaults). */
  custom: ThresholdMetric[]
}

/**
 * What the node holding a PBX's AMI connection tells the others (docs/cluster.md): numbered batches on
 * one Redis channel per PBX, so that events, connection state, action replies and "stored" notices
 * arrive at every node in the order the holder saw them. Forwarded actions travel the other way on a
 * second channel. Pure data and JSON; no I/O.
 */
import {
  AmiActionError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
  AmiAuthError,
  type AmiError,
  type Result,
} from '../../../telephony/index.ts'
import { AmiMessage } from '../../../telephony/index.ts'
import type { AmiAction, EventMask, OriginateRequest } from '../../../telephony/index.ts'
import type { AmiConnectionState, AmiListResult, OriginateOutcome } from '../../../telephony/index.ts'

export type WireMessage = [keys: string[], values: string[], rawLines?: string[]]

export type FeedItem =
  | { readonly e: WireMessage; readonly r: number }
  | { readonly st: AmiConnectionState }
  | { readonly c: string | null }
  | { readonly re: string; readonly to: string; readonly res: WireResult }
  | { readonly stored: string[]; readonly pauses: string[] }

/** One batch: node, fencing token of its lease, sequence number within that lease, items. */
export interface FeedBatch {
  readonly n: string
  readonly f: number
  readonly s: number
  readonly b: FeedItem[]
}

export type RpcOp =
  | { readonly op: 'send' | 'sendList'; readonly action: AmiAction; readonly timeoutMs?: number }
  | { readonly op: 'originate'; readonly request: OriginateRequest; readonly timeoutMs?: number }
  | { readonly op: 'setEvents'; readonly mask: EventMask }
  | { readonly op: 'reconnect' }

export type RpcRequest = RpcOp & { readonly id: string; readonly from: string }

export type WireValue =
  | { readonly k: 'message'; readonly m: WireMessage }
  | {
      readonly k: 'list'
      readonly response: WireMessage
      readonly items: WireMessage[]
      readonly complete: WireMessage
    }
  | {
      readonly k: 'originate'
      readonly success: boolean
      readonly reason: number | null
      readonly channel: string | null
      readonly uniqueid: string | null
      readonly ack: WireMessage
      readonly event: WireMessage
    }

export interface WireError {
  readonly name: string
  readonly action: string
  readonly actionId?: string | undefined
  readonly amiMessage?: string | undefined
  readonly response?: WireMessage | undefined
  readonly timeoutMs?: number | undefined
  readonly reason?: string | undefined
  readonly field?: string | undefined
  readonly problem?: string | undefined
}

export type WireResult =
  { readonly ok: true; readonly v: WireValue } | { readonly ok: false; readonly err: WireError }

export const toWire = (m: AmiMessage): WireMessage =>
  m.rawLines.length > 0 ? [m.keys, m.values, m.rawLines] : [m.keys, m.values]

export const fromWire = (w: WireMessage): AmiMessage => new AmiMessage(w[0], w[1], w[2] ?? [])

export function valueToWire(v: AmiMessage | AmiListResult | OriginateOutcome): WireValue {
  if (v instanceof AmiMessage) return { k: 'message', m: toWire(v) }
  if ('items' in v)
    return {
      k: 'list',
      response: toWire(v.response),
      items: v.items.map(toWire),
      complete: toWire(v.complete),
    }
  return {
    k: 'originate',
    success: v.success,
    reason: v.reason ?? null,
    channel: v.channel ?? null,
    uniqueid: v.uniqueid ?? null,
    ack: toWire(v.ack),
    event: toWire(v.event),
  }
}

export function valueFromWire(v: WireValue): AmiMessage | AmiListResult | OriginateOutcome {
  switch (v.k) {
    case 'message':
      return fromWire(v.m)
    case 'list':
      return { response: fromWire(v.response), items: v.items.map(fromWire), complete: fromWire(v.complete) }
    case 'originate':
      return {
        success: v.success,
        reason: v.reason ?? undefined,
        channel: v.channel ?? undefined,
        uniqueid: v.uniqueid ?? undefined,
        ack: fromWire(v.ack),
        event: fromWire(v.event),
      }
  }
}

export function errorToWire(e: AmiError): WireError {
  if (e instanceof AmiActionError)
    return {
      name: e.name,
      action: e.action,
      actionId: e.actionId,
      amiMessage: e.amiMessage,
      response: toWire(e.response),
    }
  if (e instanceof AmiTimeoutError)
    return { name: e.name, action: e.action, actionId: e.actionId, timeoutMs: e.timeoutMs }
  if (e instanceof AmiDisconnectedError)
    return { name: e.name, action: e.action, actionId: e.actionId, reason: e.reason }
  if (e instanceof AmiEncodeError)
    return { name: e.name, action: e.action, field: e.field, problem: e.problem }
  return { name: e.name, action: 'Login', reason: e.reason }
}

/** The same error class on this node, so callers that look at `name` or `amiMessage` read it alike. */
export function errorFromWire(w: WireError): AmiError {
  switch (w.name) {
    case 'AmiActionError':
      return new AmiActionError(
        w.action,
        w.actionId ?? '',
        w.amiMessage ?? '',
        fromWire(w.response ?? [[], []]),
      )
    case 'AmiTimeoutError':
      return new AmiTimeoutError(w.action, w.actionId ?? '', w.timeoutMs ?? 0)
    case 'AmiEncodeError':
      return new AmiEncodeError(w.action, w.field ?? '?', w.problem ?? 'refused')
    case 'AmiAuthError':
      return new AmiAuthError(w.reason ?? 'refused')
    default:
      return new AmiDisconnectedError(w.action, w.actionId, w.reason ?? 'failed on the holding node')
  }
}

export function resultToWire(r: Result<AmiMessage | AmiListResult | OriginateOutcome, AmiError>): WireResult {
  return r.ok ? { ok: true, v: valueToWire(r.value) } : { ok: false, err: errorToWire(r.error) }
}

/** A batch from the wire, or undefined when it is not one (counted by the caller, never thrown). */
export function parseBatch(text: string): FeedBatch | undefined {
  try {
    const b = JSON.parse(text) as Partial<FeedBatch>
    if (typeof b.n !== 'string' || typeof b.f !== 'number' || typeof b.s !== 'number' || !Array.isArray(b.b))
      return undefined
    return b as FeedBatch
  } catch {
    return undefined
  }
}

export function parseRpc(text: string): RpcRequest | undefined {
  try {
    const r = JSON.parse(text) as Partial<RpcRequest>
    if (typeof r.id !== 'string' || typeof r.from !== 'string' || typeof r.op !== 'string') return undefined
    return r as RpcRequest
  } catch {
    return undefined
  }
}

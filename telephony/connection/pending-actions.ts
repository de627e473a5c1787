import {
  AmiActionError,
  AmiDisconnectedError,
  AmiTimeoutError,
  err,
  ok,
  type AmiError,
  type Result,
} from '../ami/errors.ts'
import type { AmiMessage } from '../ami/message.ts'

/**
 * Actions waiting for their answer, keyed by ActionID (docs/ami-protocol.md §4, §6, §11). Routes each
 * incoming message to the action whose ActionID it carries: a plain response, a whole EventList
 * (response + items + `…Complete`), or an Originate's ack followed by its `OriginateResponse` event.
 * Several lists may be in flight at once; they are demultiplexed strictly by ActionID. No I/O; timers
 * are injected.
 */

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

export interface AmiListResult {
  readonly response: AmiMessage
  /** Item events in arrival order (without the `…Complete` event). */
  readonly items: AmiMessage[]
  readonly complete: AmiMessage
}

export interface OriginateOutcome {
  /** `Response: Success` in OriginateResponse: the first leg answered and entered the dialplan. */
  readonly success: boolean
  /** AST_CONTROL code: 0 failed, 1 hangup, 3 ringing/no answer, 4 answered, 5 busy, 8 congestion. */
  readonly reason: number | undefined
  readonly channel: string | undefined
  readonly uniqueid: string | undefined
  readonly ack: AmiMessage
  readonly event: AmiMessage
}

type Settle<T> = (r: Result<T, AmiError>) => void

type Entry =
  | { kind: 'single'; name: string; timer: unknown; settle: Settle<AmiMessage> }
  | {
      kind: 'list'
      name: string
      timer: unknown
      settle: Settle<AmiListResult>
      response?: AmiMessage
      items: AmiMessage[]
    }
  | {
      kind: 'originate'
      name: string
      timer: unknown
      settle: Settle<OriginateOutcome>
      ack?: AmiMessage
      finalTimeoutMs: number
    }

function isError(response: AmiMessage): boolean {
  return response.get('Response')?.toLowerCase() === 'error'
}

function actionError(name: string, id: string, response: AmiMessage): AmiActionError {
  return new AmiActionError(name, id, response.get('Message') ?? '', response)
}

export class PendingActions {
  private readonly entries = new Map<string, Entry>()

  constructor(private readonly timers: Timers) {}

  get size(): number {
    return this.entries.size
  }

  has(actionId: string): boolean {
    return this.entries.has(actionId)
  }

  expectResponse(id: string, name: string, timeoutMs: number): Promise<Result<AmiMessage, AmiError>> {
    return new Promise((resolve) => {
      this.entries.set(id, { kind: 'single', name, settle: resolve, timer: this.arm(id, name, timeoutMs) })
    })
  }

  expectList(id: string, name: string, timeoutMs: number): Promise<Result<AmiListResult, AmiError>> {
    return new Promise((resolve) => {
      this.entries.set(id, {
        kind: 'list',
        name,
        settle: resolve,
        items: [],
        timer: this.arm(id, name, timeoutMs),
      })
    })
  }

  /** `ackTimeoutMs` for `Originate successfully queued`, then `finalTimeoutMs` for OriginateResponse. */
  expectOriginate(
    id: string,
    ackTimeoutMs: number,
    finalTimeoutMs: number,
  ): Promise<Result<OriginateOutcome, AmiError>> {
    return new Promise((resolve) => {
      this.entries.set(id, {
        kind: 'originate',
        name: 'Originate',
        settle: resolve,
        finalTimeoutMs,
        timer: this.arm(id, 'Originate', ackTimeoutMs),
      })
    })
  }

  /** Gives `message` to the action it answers. Returns false when no pending action claims it. */
  route(message: AmiMessage): boolean {
    const id = message.get('ActionID')
    if (id === undefined) return false
    const entry = this.entries.get(id)
    if (entry === undefined) return false
    const isEvent = message.kind === 'event'
    switch (entry.kind) {
      case 'single':
        if (isEvent) return false
        this.finish(id, entry, isError(message) ? err(actionError(entry.name, id, message)) : ok(message))
        return true
      case 'list':
        if (!isEvent) {
          if (isError(message)) this.finish(id, entry, err(actionError(entry.name, id, message)))
          else entry.response ??= message
          return true
        }
        if (isListEnd(message)) {
          if (message.get('EventList')?.toLowerCase() === 'cancelled') {
            this.finish(id, entry, err(actionError(entry.name, id, message)))
          } else {
            // Old servers may omit the response line entirely; the Complete event stands in for it.
            this.finish(
              id,
              entry,
              ok({ response: entry.response ?? message, items: entry.items, complete: message }),
            )
          }
        } else {
          entry.items.push(message)
        }
        return true
      case 'originate':
        if (!isEvent) {
          if (isError(message)) {
            this.finish(id, entry, err(actionError(entry.name, id, message)))
          } else if (entry.ack === undefined) {
            entry.ack = message
            this.timers.clearTimeout(entry.timer)
            entry.timer = this.arm(id, entry.name, entry.finalTimeoutMs)
          }
          return true
        }
        if (message.get('Event')?.toLowerCase() !== 'originateresponse') return false
        this.finish(id, entry, ok(originateOutcome(entry.ack ?? message, message)))
        return true
    }
  }

  /** Settles every waiting action with a disconnect error. Nothing is kept for resending. */
  rejectAll(reason: string): void {
    const all = [...this.entries]
    this.entries.clear()
    for (const [id, entry] of all) {
      this.timers.clearTimeout(entry.timer)
      ;(entry.settle as Settle<never>)(err(new AmiDisconnectedError(entry.name, id, reason)))
    }
  }

  private arm(id: string, name: string, timeoutMs: number): unknown {
    return this.timers.setTimeout(() => {
      const entry = this.entries.get(id)
      if (entry === undefined) return
      this.entries.delete(id)
      ;(entry.settle as Settle<never>)(err(new AmiTimeoutError(name, id, timeoutMs)))
    }, timeoutMs)
  }

  private finish<T>(id: string, entry: Entry & { settle: Settle<T> }, result: Result<T, AmiError>): void {
    this.entries.delete(id)
    this.timers.clearTimeout(entry.timer)
    entry.settle(result)
  }
}

/** `EventList: Complete|cancelled`, or (old servers without EventList) an event named `…Complete`. */
export function isListEnd(message: AmiMessage): boolean {
  const list = message.get('EventList')?.toLowerCase()
  if (list === 'complete' || list === 'cancelled') return true
  return list === undefined && (message.get('Event')?.toLowerCase().endsWith('complete') ?? false)
}

function originateOutcome(ack: AmiMessage, event: AmiMessage): OriginateOutcome {
  const reason = Number.parseInt(event.get('Reason') ?? '', 10)
  const uniqueid = event.get('Uniqueid')
  const channel = event.get('Channel')
  return {
    success: event.get('Response')?.toLowerCase() === 'success',
    reason: Number.isNaN(reason) ? undefined : reason,
    channel: channel === '' ? undefined : channel,
    uniqueid: uniqueid === '' || uniqueid === '<null>' ? undefined : uniqueid,
    ack,
    event,
  }
}

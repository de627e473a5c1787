/**
 * An in-memory AmiClient for bridge unit tests: the test decides when the login happens, what each list
 * answers and when, and which live events arrive. Live events come from real captures.
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ActionResult, AmiAction } from '../../../../telephony/ami/action.ts'
import { AmiDisconnectedError, type AmiError, type Result } from '../../../../telephony/ami/errors.ts'
import { AmiFramer } from '../../../../telephony/ami/frame.ts'
import { parseMessageText, type AmiMessage } from '../../../../telephony/ami/message.ts'
import type {
  AmiClient,
  AmiClientEvents,
  AmiConnectionState,
  AmiListResult,
  AmiPhase,
} from '../../../../telephony/connection/ami-client.ts'

const TRANSCRIPTS = join(dirname(fileURLToPath(import.meta.url)), '../../../transcripts')

/** The events of a raw capture, in order (responses and list items left out). */
export function captureEvents(name: string): AmiMessage[] {
  const frames = new AmiFramer().push(readFileSync(join(TRANSCRIPTS, name)))
  return frames.flatMap((f) =>
    f.type === 'message' && f.message.kind === 'event' && f.message.get('ActionID') === undefined
      ? [f.message]
      : [],
  )
}

export const message = (text: string): AmiMessage => parseMessageText(text.replace(/\n/g, '\r\n') + '\r\n')

type Settle = (r: Result<AmiListResult, AmiError>) => void

export class FakeAmiClient implements AmiClient {
  readonly pbxId = 'fake'
  phase: AmiPhase = 'down'
  /** Lists asked for and not answered yet, by action name. */
  readonly pendingLists = new Map<string, Settle>()
  readonly sent: AmiAction[] = []
  private readonly listeners = new Map<string, Set<(p: never) => void>>()

  start(): void {
    this.setPhase2('connecting', 'starting')
  }
  stop(): Promise<void> {
    this.setPhase2('down', 'stopped')
    return Promise.resolve()
  }
  /** The login succeeded: the bridge starts its resync. */
  login(): void {
    this.setPhase2('connected', 'logged in')
    this.emit('connected', { pbxId: this.pbxId, amiVersion: '11.0.0' })
  }
  drop(): void {
    for (const settle of this.pendingLists.values())
      settle({ ok: false, error: new AmiDisconnectedError('list', undefined, 'socket closed') })
    this.pendingLists.clear()
    this.setPhase2('connecting', 'socket closed')
  }
  live(m: AmiMessage, receivedAt: number): void {
    this.emit('event', { pbxId: this.pbxId, message: m, receivedAt })
  }
  /** Answers the pending list `name` with these items and its Complete event. */
  answerList(name: string, items: AmiMessage[] = []): void {
    const settle = this.pendingLists.get(name)
    if (settle === undefined) throw new Error(`no pending ${name}`)
    this.pendingLists.delete(name)
    settle({
      ok: true,
      value: {
        response: message('Response: Success\nEventList: start'),
        items,
        complete: message(`Event: ${name}Complete\nEventList: Complete\nListItems: ${items.length}`),
      },
    })
  }
  answerAllLists(): void {
    for (const name of [...this.pendingLists.keys()]) this.answerList(name)
  }

  send(action: AmiAction | ActionResult): Promise<Result<AmiMessage, AmiError>> {
    // Like the real client: a refused encoding never reaches the wire.
    if ('ok' in action && !action.ok) return Promise.resolve({ ok: false, error: action.error })
    this.sent.push('ok' in action ? action.value : action)
    return Promise.resolve({ ok: true, value: message('Response: Success\nMessage: done') })
  }
  sendList(action: AmiAction | ActionResult): Promise<Result<AmiListResult, AmiError>> {
    const a = 'ok' in action ? (action.ok ? action.value : undefined) : action
    return new Promise((resolve) => this.pendingLists.set(a?.name ?? '?', resolve))
  }
  originate(): never {
    throw new Error('not used')
  }
  setEvents(): Promise<Result<AmiMessage, AmiError>> {
    return this.send({ name: 'Events', fields: [] })
  }
  /** Reconnects asked for (an admin's "Yeniden bağlan"). */
  reconnects = 0
  reconnect(): boolean {
    this.reconnects++
    this.setPhase2('connecting', 'reconnect requested')
    return true
  }
  setPhase(phase: 'resyncing' | 'live', reason?: string): boolean {
    if (this.phase === 'down' || this.phase === 'connecting') return false
    this.setPhase2(phase, reason ?? phase)
    return true
  }
  getState(): AmiConnectionState {
    return {
      pbxId: this.pbxId,
      phase: this.phase,
      reason: '',
      since: 0,
      amiVersion: '11.0.0',
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
    }
  }
  on<K extends keyof AmiClientEvents>(name: K, listener: (payload: AmiClientEvents[K]) => void): () => void {
    let set = this.listeners.get(name)
    if (set === undefined) this.listeners.set(name, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
  private setPhase2(phase: AmiPhase, reason: string): void {
    this.phase = phase
    this.emit('state', { ...this.getState(), reason })
  }
  private emit<K extends keyof AmiClientEvents>(name: K, payload: AmiClientEvents[K]): void {
    for (const l of this.listeners.get(name) ?? []) (l as (p: AmiClientEvents[K]) => void)(payload)
  }
}

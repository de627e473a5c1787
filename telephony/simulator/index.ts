/**
 * createPbxSimulator: a TCP server that speaks Asterisk 20/22 AMI, driven by the demo dial plan, a seeded
 * scenario and a direct control API, keeping a ground truth of what it did. See README.md.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import type { PlanExtension, PlanQueue } from '../demo-pbx-plan.ts'
import { serializeFields } from '../ami/message.ts'
import { runAction } from './actions.ts'
import { AmiServer, type AmiSession } from './ami-server.ts'
import { ack } from './lists.ts'
import { createPbxEngine } from './engine.ts'
import type { GroundTruth } from './ground-truth.ts'
import type { ExtensionBehaviour, NoiseLevel, PbxQueue } from './pbx.ts'
import type { CallerPlan } from './queue-flow.ts'
import { replayTo, type ReplayOptions } from './replay.ts'
import type { ScenarioOptions } from './scenario.ts'

export type {
  GroundTruth,
  TruthCall,
  TruthPause,
  TruthOriginate,
  TruthOutcome,
  QueueTally,
} from './ground-truth.ts'
export type { ScenarioOptions } from './scenario.ts'
export type { ExtensionBehaviour, NoiseLevel } from './pbx.ts'

export interface PbxSimulatorOptions {
  /** Loopback only. Default 127.0.0.1. */
  readonly host?: string
  /** Default 0 (any free port). */
  readonly port?: number
  /** 20 → banner `Asterisk Call Manager/9.0.0`, 22 → `11.0.0` (default). */
  readonly asteriskVersion?: 20 | 22
  readonly username?: string
  readonly secret?: string
  /** Delay before `Authentication failed` (Asterisk: 1000 ms). Real time. */
  readonly authFailDelayMs?: number
  readonly seed?: number
  /** 'real' (default): timers scaled by `speed`. 'virtual': time moves only through `advance()`. */
  readonly clock?: 'real' | 'virtual'
  readonly speed?: number
  /** Simulated epoch ms at start. Default: now (real), 2026-11-26T06:00:00Z (virtual). */
  readonly startAt?: number
  /** Wall clock for the real scheduler (tests). */
  readonly realNow?: () => number
  readonly queues?: readonly PlanQueue[]
  readonly extensions?: readonly PlanExtension[]
  /** Member names or interfaces logged in at start. Default: every member of the plan. */
  readonly loggedIn?: readonly string[]
  /** Queue() timeout in seconds (lab: 120). */
  readonly queueTimeoutSec?: number
  readonly retrySec?: number
  readonly leaveWhenEmpty?: boolean
  readonly autopause?: boolean
  /** 'sparse' (default) adds Newexten/VarSet for dialplan steps; 'none' leaves them out. */
  readonly noise?: NoiseLevel
  /** Lab-style `Local/s@incoming-…;1/;2` callers (default) or one `PJSIP/trunk-…` channel. */
  readonly callerStyle?: 'local' | 'trunk'
  /** Random traffic; off unless given. */
  readonly scenario?: ScenarioOptions
  /**
   * Record answered queue calls here as MixMonitor would: MIXMONITOR_FILENAME on the caller's channel
   * and a small WAV file when the call ends (recording-files.ts). Unset: nothing is recorded.
   */
  readonly recordingsDir?: string
}

export interface PlaceCallOptions {
  readonly queue: string
  readonly callerNumber: string
  readonly callerName?: string
  /** Ring only this member (name or interface). */
  readonly ringMember?: string
  /** true (answer after 2 s), false (never), or ms until the member answers. Default: scenario/2 s. */
  readonly answer?: boolean | number
  readonly talkMs?: number
  readonly patienceMs?: number
  readonly hangupBy?: 'agent' | 'caller'
  readonly exitWithKeyAfterMs?: number
  readonly transfer?: {
    readonly kind: 'blind' | 'attended'
    readonly exten: string
    readonly afterMs: number
  }
  readonly callerStyle?: 'local' | 'trunk'
}

export interface PlacedCall {
  readonly id: number
  /** The channel that sits in the queue (`;2` half or trunk channel). */
  readonly channel: string
  readonly uniqueid: string
  readonly linkedid: string
}

export type ActionFault = { readonly refuse: string } | 'no-answer'

export interface PbxSimulator {
  readonly host: string
  readonly port: number
  now(): number
  /** Virtual clock only: runs everything due in the next `ms` and waits until clients have the bytes. */
  advance(ms: number): Promise<void>
  placeCall(options: PlaceCallOptions): PlacedCall
  pauseMember(member: string, paused: boolean, reason?: string, queue?: string): void
  setExtensionBehaviour(
    exten: string,
    behaviour: ExtensionBehaviour,
    timing?: { answerAfterMs?: number; talkMs?: number },
  ): void
  /** Hangs a channel up as if its party put the phone down (same effect as AMI Hangup). */
  hangup(channel: string): boolean
  /** Live channel names (for tests). */
  channels(): string[]
  /**
   * How the PBX answers an action from now on (case-insensitive name), to show and test each failure a
   * screen must tell apart: `{ refuse: text }` answers `Response: Error` with that `Message:` (what
   * Asterisk says when a channel vanished or a dialplan refuses), `'no-answer'` never answers (a PBX
   * stuck on a lock), `null` restores the normal answer.
   */
  setActionFault(action: string, fault: ActionFault | null): void
  /** Asterisk goes down: every AMI connection dropped, new ones refused, calls lost. */
  stopPbx(): Promise<void>
  /** Asterisk is back on the same port with fresh channel counters and statistics. */
  startPbx(): Promise<void>
  groundTruth(): GroundTruth
  /** AMI logins accepted so far, and the sessions logged in now. */
  amiSessions(): { logins: number; loggedIn: number }
  /** Every event broadcast from now on is appended to `file` as AMI text. */
  recordTo(file: string): void
  /** The next clients to log in get these recorded bytes instead of live events. */
  replayCapture(options: ReplayOptions): void
  close(): Promise<void>
}

export async function createPbxSimulator(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  const host = options.host ?? '127.0.0.1'
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
    throw new Error(`simulator listens on loopback only, not ${host}`)
  const holder: { server?: AmiServer } = {}
  let recorder: WriteStream | undefined
  let pendingReplay: ReplayOptions | undefined
  const engine = createPbxEngine(options, (event) => {
    holder.server?.broadcast(event)
    recorder?.write(serializeFields(event.fields))
  })
  const { pbx, queues, transfers, originates, scheduler, virtual, numberBehaviour, style, stopScenario } =
    engine

  const faults = new Map<string, ActionFault>()
  const server = new AmiServer({
    host,
    port: options.port ?? 0,
    amiVersion: options.asteriskVersion === 20 ? '9.0.0' : '11.0.0',
    username: options.username ?? 'dashboard',
    secret: options.secret ?? 'dashboard-secret',
    authFailDelayMs: options.authFailDelayMs ?? 1000,
    now: () => pbx.now,
    uptimeSec: () => pbx.uptimeSec,
    runAction: (session: AmiSession, action, m) => {
      const fault = faults.get(action.toLowerCase())
      if (fault === 'no-answer') return []
      if (fault !== undefined) return [ack(m.get('ActionID'), 'Error', [['Message', fault.refuse]])]
      return runAction(
        { pbx, queues, transfers, originates, replyLater: (msgs) => msgs.forEach((f) => session.send(f)) },
        action,
        m,
      )
    },
    onLogin: (session) => {
      if (pendingReplay) replayTo(session, pendingReplay, server.timers)
    },
  })
  holder.server = server
  await server.listen()
  const ami = server

  const queueOf = (name: string): PbxQueue => {
    const q = pbx.queues.get(name)
    if (!q) throw new Error(`unknown queue ${name}`)
    return q
  }

  return {
    host,
    get port() {
      return ami.port
    },
    now: () => pbx.now,
    async advance(ms: number) {
      if (!virtual) throw new Error('advance() needs clock: virtual')
      // Chunks of one simulated second keep memory bounded: wait for the sockets between chunks.
      let left = ms
      while (left > 0) {
        const step = Math.min(1000, left)
        virtual.runFor(step)
        left -= step
        await ami.drain()
      }
    },
    placeCall(o) {
      const plan: CallerPlan = {
        ringMember: o.ringMember,
        answer: o.answer,
        talkMs: o.talkMs ?? 30_000,
        patienceMs: o.patienceMs,
        hangupBy: o.hangupBy ?? 'agent',
        exitWithKeyAfterMs: o.exitWithKeyAfterMs,
        transfer: o.transfer,
        callerStyle: o.callerStyle ?? style,
      }
      const c = queues.placeCall(queueOf(o.queue), o.callerNumber, o.callerName, plan)
      return { id: c.id, channel: c.c2.name, uniqueid: c.c2.uniqueid, linkedid: c.c2.linkedid }
    },
    pauseMember(member, paused, reason = '', queue) {
      const iface = [...pbx.queues.values()]
        .flatMap((q) => q.members)
        .find((m) => m.name === member || m.iface === member)?.iface
      if (!iface) throw new Error(`unknown member ${member}`)
      pbx.pause(iface, paused, reason, queue)
      queues.requestDispatch()
    },
    setExtensionBehaviour(exten, behaviour, timing) {
      const ext = pbx.extensions.get(exten)
      if (!ext) {
        numberBehaviour.set(exten, behaviour)
        return
      }
      ext.behaviour = behaviour
      if (timing?.answerAfterMs !== undefined) ext.answerAfterMs = timing.answerAfterMs
      if (timing?.talkMs !== undefined) ext.talkMs = timing.talkMs
      pbx.deviceState(ext.device, behaviour === 'busy' ? 'BUSY' : 'NOT_INUSE')
    },
    hangup(channel) {
      const ch = pbx.channels.get(channel)
      if (!ch) return false
      const handler = pbx.hangupHandlers.get(channel)
      if (handler) handler()
      else pbx.hangup(ch)
      return true
    },
    channels: () => [...pbx.channels.keys()],
    setActionFault(action, fault) {
      if (fault === null) faults.delete(action.toLowerCase())
      else faults.set(action.toLowerCase(), fault)
    },
    async stopPbx() {
      for (const c of queues.callers.values()) {
        if (c.truth.outcome === undefined) {
          c.truth.outcome = c.truth.memberName !== undefined ? 'answered' : 'abandoned'
          c.truth.hangupBy = 'pbx-restart'
          c.truth.endedAt = pbx.now
          c.truth.waitSec ??= (pbx.now - c.joinedAt) / 1000
        }
      }
      queues.callers.clear()
      stopScenario()
      scheduler.cancelAll()
      await ami.close()
      pbx.restart()
    },
    async startPbx() {
      if (!ami.listening) await ami.listen()
    },
    groundTruth: () => pbx.truth.snapshot(),
    amiSessions: () => ({ logins: ami.logins, loggedIn: [...ami.sessions].filter((x) => x.authed).length }),
    recordTo(file) {
      recorder?.end()
      recorder = createWriteStream(file, { flags: 'a' })
    },
    replayCapture(o) {
      pendingReplay = o
    },
    async close() {
      stopScenario()
      scheduler.cancelAll()
      recorder?.end()
      await ami.close()
    },
  }
}

/**
 * The simulated PBX's vocabulary: event classes, queues and their members, extensions, and the AMI codes
 * of device and extension states (Asterisk's `devicestate.h` and `ExtensionStatus` values).
 */
import type { Fields } from './channel.ts'
import type { Prng } from './random.ts'
import type { RecordingFiles } from './recording-files.ts'
import type { Scheduler } from './scheduler.ts'

export type EventClass = 'call' | 'agent' | 'dialplan' | 'system' | 'security' | 'cdr' | 'reporting' | 'user'

export interface SimEvent {
  readonly cls: EventClass
  readonly fields: Fields
}

export type ExtensionBehaviour = 'answer' | 'never-answer' | 'busy'

export interface PbxMember {
  readonly queue: string
  readonly name: string
  readonly iface: string
  readonly stateIface: string
  readonly membership: 'static' | 'dynamic'
  penalty: number
  callsTaken: number
  lastCall: number
  lastPause: number
  loginTime: number
  paused: boolean
  pausedReason: string
  wrapuptime: number
  /** Status last published in QueueMemberStatus (update_status only publishes changes). */
  status: number
}

export interface PbxQueueConfig {
  readonly name: string
  readonly strategy: 'rrmemory' | 'ringall'
  readonly serviceLevelSec: number
  readonly ringTimeoutSec: number
  readonly wrapUpSec: number
  /** Queue() timeout argument: the caller leaves with TIMEOUT after this many seconds. */
  readonly timeoutSec: number
  /** Pause between ring attempts (queues.conf `retry`). */
  readonly retrySec: number
  /** Dialplan context the callers come from (`incoming`, `santral-in`). */
  readonly context: string
  readonly leaveWhenEmpty: boolean
  readonly autopause: boolean
}

export interface PbxQueue extends PbxQueueConfig {
  readonly members: PbxMember[]
  /** Waiting callers in position order; the flow module owns the objects. */
  readonly callers: { readonly id: number }[]
  rrNext: number
  completed: number
  abandoned: number
  holdtime: number
  talktime: number
  completedInSl: number
}

export interface PbxExtension {
  readonly number: string
  readonly device: string
  readonly context: string
  behaviour: ExtensionBehaviour
  /** Ring time before answering when behaviour is 'answer'. */
  answerAfterMs: number
  /** How long a transferred call talks to this extension. */
  talkMs: number
}

export type NoiseLevel = 'none' | 'sparse'

export interface PbxDeps {
  readonly scheduler: Scheduler
  readonly prng: Prng
  readonly noise: NoiseLevel
  readonly emit: (event: SimEvent) => void
  /** Set: answered queue calls are recorded into this folder (recording-files.ts). */
  readonly recordings?: RecordingFiles
}

export const DEVICE_CODES: Record<string, number> = {
  UNKNOWN: 0,
  NOT_INUSE: 1,
  INUSE: 2,
  BUSY: 3,
  INVALID: 4,
  UNAVAILABLE: 5,
  RINGING: 6,
  RINGINUSE: 7,
  ONHOLD: 8,
}

export const EXTENSION_STATES: Record<string, readonly [number, string]> = {
  NOT_INUSE: [0, 'Idle'],
  INUSE: [1, 'InUse'],
  BUSY: [2, 'Busy'],
  UNAVAILABLE: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'],
  RINGINUSE: [9, 'InUse&Ringing'],
  ONHOLD: [16, 'Hold'],
}

/** `Local/1004@agents/n` → `Local/1004@agents` (the device whose state a Local member follows). */
export function deviceOf(stateInterface: string): string {
  return stateInterface.startsWith('Local/') ? stateInterface.replace(/\/n$/, '') : stateInterface
}

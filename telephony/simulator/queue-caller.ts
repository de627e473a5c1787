/** A caller in a simulated queue: the plan the test or scenario gave it, its channels, rings and call. */
import type { SimBridge, SimChannel } from './channel.ts'
import type { TruthCall } from './ground-truth.ts'
import type { PbxMember, PbxQueue } from './pbx.ts'
import type { SimTimer } from './scheduler.ts'

export interface CallerPlan {
  /** Ring only this member (name or interface). */
  readonly ringMember?: string | undefined
  /** true: answer after ~2 s; false: never answer; number: answer after that many ms. undefined: policy. */
  readonly answer?: boolean | number | undefined
  readonly talkMs: number
  /** Caller hangs up after waiting this long without an agent. */
  readonly patienceMs?: number | undefined
  readonly hangupBy: 'agent' | 'caller'
  readonly exitWithKeyAfterMs?: number | undefined
  /** Transfer the answered call after `afterMs` of talk. */
  readonly transfer?:
    { readonly kind: 'blind' | 'attended'; readonly exten: string; readonly afterMs: number } | undefined
  readonly callerStyle: 'local' | 'trunk'
}

export interface RingLeg {
  readonly member: PbxMember
  readonly a1: SimChannel
  readonly a2: SimChannel
  readonly startedAt: number
  timer: SimTimer
}

export interface Connection {
  readonly member: PbxMember
  readonly a1: SimChannel
  readonly a2: SimChannel
  readonly bridge: SimBridge
  readonly connectedAt: number
  readonly holdSec: number
  timers: SimTimer[]
  /** Where MixMonitor writes this call (recording-files.ts); undefined when not recording. */
  readonly recordingPath: string | undefined
}

export interface QueueCaller {
  readonly id: number
  readonly queue: PbxQueue
  readonly c1: SimChannel | undefined
  readonly c2: SimChannel
  readonly plan: CallerPlan
  readonly truth: TruthCall
  readonly joinedAt: number
  readonly originalPosition: number
  phase: 'waiting' | 'retry' | 'ringing' | 'connected' | 'done'
  legs: RingLeg[]
  timers: SimTimer[]
  conn: Connection | undefined
}

/** Decides, per ring, after how many ms the member answers (null = never). */
export type AnswerPolicy = (caller: QueueCaller, member: PbxMember) => number | null

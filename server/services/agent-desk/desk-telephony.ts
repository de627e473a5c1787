/**
 * The part of the telephony service the Çağrı Masası uses, as one small port (tests and the bench hand
 * in their own). Its failures are worded by services/telephony/control-errors.ts.
 */
import type { PauseResultView } from '../../contract/views.ts'
import type {
  OriginateOutcome,
  OriginateRequest,
  Result,
  StatsReport,
  TelephonyState,
} from '../../../telephony/index.ts'
import type { CallRecorder } from '../calls/call-recorder.ts'
import type { PopChange } from '../screen-pop/screen-pop-service.ts'

export interface DeskBridge {
  readonly pbxId: string
  readonly state: TelephonyState
  /** Statistics at the PBX's own clock. */
  stats(): StatsReport
}

export interface DeskTelephony {
  bridges(): DeskBridge[]
  subscribe(listener: (change: PopChange) => void): () => void
  /** Whether this node acts for the PBX (several nodes: holds its lease); pops are made there. */
  acts(pbxId: string): boolean
  /** Every batch of finished calls, after the call recorder has stored it (on the acting node). */
  onCallsStored(listener: (pbxId: string, callKeys: readonly string[]) => void): () => void
  /** Writes the finished calls the recorder still gathers (record-batching.ts); resolves once written. */
  writeGatheredCalls(): Promise<void>
  pauseMember(request: {
    interface: string
    paused: boolean
    reason?: string | undefined
  }): Promise<Result<PauseResultView, Error>>
  originate(pbxId: string, request: OriginateRequest): Promise<Result<OriginateOutcome, Error>>
}

/** The shape of server/services/telephony's TelephonyService that the adapter needs. */
export interface TelephonyServiceLike {
  readonly pbxs: ReadonlyMap<
    string,
    {
      readonly bridge: {
        readonly pbxId: string
        readonly state: TelephonyState
        stats(now?: number): StatsReport
      }
      readonly clock: { now(): number }
    }
  >
  readonly recorder: Pick<CallRecorder, 'onCallsStored' | 'writeGathered'>
  isHolder(pbxId: string): boolean
  subscribe(listener: (change: PopChange) => void): () => void
  pauseMember: DeskTelephony['pauseMember']
  originate: DeskTelephony['originate']
}

export function deskTelephonyFrom(service: TelephonyServiceLike): DeskTelephony {
  return {
    bridges: () =>
      [...service.pbxs.values()].map((e) => ({
        pbxId: e.bridge.pbxId,
        state: e.bridge.state,
        stats: () => e.bridge.stats(e.clock.now()),
      })),
    subscribe: (listener) => service.subscribe(listener),
    acts: (pbxId) => service.isHolder(pbxId),
    // Only the node holding a PBX writes its calls, so only there does the recorder tell of them.
    onCallsStored: (listener) => service.recorder.onCallsStored(listener),
    writeGatheredCalls: () => service.recorder.writeGathered(),
    pauseMember: (r) => service.pauseMember(r),
    originate: (pbxId, r) => service.originate(pbxId, r),
  }
}

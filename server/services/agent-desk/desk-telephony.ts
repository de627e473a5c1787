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
        onRecords(
          listener: (r: { pbxId: string; finishedCalls: readonly { callKey: string }[] }) => void,
        ): () => void
      }
      readonly clock: { now(): number }
    }
  >
  readonly recorder: { whenIdle(): Promise<void> }
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
    onCallsStored(listener) {
      const offs = [...service.pbxs.values()].map((e) =>
        e.bridge.onRecords((r) => {
          if (r.finishedCalls.length === 0 || !service.isHolder(r.pbxId)) return
          const keys = r.finishedCalls.map((c) => c.callKey)
          // The recorder queues writes in order: once it is idle, this batch is stored.
          void service.recorder.whenIdle().then(() => listener(r.pbxId, keys))
        }),
      )
      return () => offs.forEach((off) => off())
    },
    pauseMember: (r) => service.pauseMember(r),
    originate: (pbxId, r) => service.originate(pbxId, r),
  }
}

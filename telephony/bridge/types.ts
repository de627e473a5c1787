/**
 * The shapes of the telephony bridge (telephony/bridge.ts): its options, its status, the change notices
 * and records it hands out, and the bridge itself.
 */
import type { AmiClient, AmiClientOptions, AmiConnectionState, AmiLogger } from '../connection/ami-client.ts'
import type { StateConfig, TelephonyState } from '../state/model.ts'
import type { FinishedCall, PauseInterval } from '../state/records.ts'
import type { StatsConfig } from '../stats/config.ts'
import type { StatsReport } from '../stats/report.ts'
import type { TelephonyActions } from './actions.ts'
import type { TelephonyChangeKind } from './changes.ts'
import type { ConnectionHealth } from './connection-health.ts'

export interface TelephonyChange {
  readonly pbxId: string
  readonly kinds: readonly TelephonyChangeKind[]
  /** When the AMI event that caused it was received (ms epoch); fan-out latency is measured from here. */
  readonly receivedAt: number
}

export interface TelephonyRecords {
  readonly pbxId: string
  readonly finishedCalls: readonly FinishedCall[]
  readonly pauses: readonly PauseInterval[]
}

export interface BridgeStatus extends AmiConnectionState {
  readonly decodeErrors: number
  readonly unknownEvents: number
  /** Completed resyncs (the first connect included). */
  readonly resyncs: number
  /** Views are out of date: not live, or a resync is running. */
  readonly stale: boolean
  /** Lists that failed in the last resync (their kind of object was kept as it was). */
  readonly lastResyncFailures: readonly string[]
  /** What a monitor alerts on: connection state, since when, and why degraded (bridge/connection-health.ts). */
  readonly health: ConnectionHealth
  /** AMI messages received and not applied yet (read queue + events held during a resync). */
  readonly backlog: number
  /** Entries the state's caps dropped (state/caps.ts), and callers a resync could not tell (state/resync.ts). */
  readonly dropped: {
    readonly channels: number
    readonly queueCalls: number
    readonly outcomeUnknown: number
  }
}

export interface TelephonyClock {
  now(): number
}

export type BridgeAmiOptions = Omit<AmiClientOptions, 'pbxId' | 'logger' | 'now'>

export interface TelephonyBridgeOptions {
  readonly pbxId: string
  /** Connection settings (the bridge creates the client) … */
  readonly ami?: BridgeAmiOptions
  /** … or a client made elsewhere (its `now` should be the same clock). */
  readonly client?: AmiClient
  readonly logger: AmiLogger
  /** Default Date.now. Stamps statistics windows and resync times. */
  readonly clock?: TelephonyClock
  readonly statsConfig?: Partial<StatsConfig>
  readonly stateConfig?: Partial<Omit<StateConfig, 'pbxId'>>
  /** Re-run QueueStatus this often while live (§13 step 6); 0 = never. Default 60 000. */
  readonly reconcileIntervalMs?: number
  /** Let grace periods run out without events this often; 0 = only on events. Default 1000. */
  readonly tickIntervalMs?: number
}

export interface TelephonyBridge {
  readonly pbxId: string
  /** The live model (read it with the selectors of state/select.ts; never write to it). */
  readonly state: TelephonyState
  readonly statsConfig: StatsConfig
  readonly actions: TelephonyActions
  start(): void
  stop(): Promise<void>
  getStatus(): BridgeStatus
  /** Connects to the PBX again now, also after a refused login (an admin's "Yeniden bağlan"). */
  reconnect(): boolean
  /** Statistics at `now` (default: the clock), live gauges included. */
  stats(now?: number): StatsReport
  /** The statistics settings were edited in place (queue settings saved): the next `stats()` recomputes. */
  statsChanged(): void
  /** Counts stored records (after a restart) into the statistics; call before start(). */
  loadHistory(finishedCalls: readonly FinishedCall[], pauses: readonly PauseInterval[]): void
  /**
   * Resolves once everything the PBX sent before now has been applied (a Ping round trip: TCP keeps
   * order). Tests and benchmarks in virtual time step the simulator with it.
   */
  flush(): Promise<boolean>
  /** Decides queue calls whose grace period is over at `now` and hands out their records. */
  tick(now?: number): void
  onChange(listener: (change: TelephonyChange) => void): () => void
  onRecords(listener: (records: TelephonyRecords) => void): () => void
}

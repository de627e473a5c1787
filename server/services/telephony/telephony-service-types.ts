/**
 * The telephony service's shape (server/services/telephony/telephony-service.ts): its options, what each
 * PBX entry holds, and what the HTTP routes and the realtime layer may call.
 */
import type { Config } from '../../config.ts'
import type {
  AgentView,
  CallView,
  ExtensionView,
  PbxStatusView,
  QueueView,
  TelephonySnapshotView,
} from '../../contract/views.ts'
import type { PbxStatus } from '../../contract/health.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type {
  PbxSimulator,
  PbxSimulatorOptions,
  TelephonyBridge,
  TelephonyChange,
} from '../../../telephony/index.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import type { CallRecorder } from '../calls/call-recorder.ts'
import type { ClusterBus } from '../cluster/cluster-bus.ts'
import type { ClusterPbx } from '../cluster/clustered-pbx.ts'
import type { TelephonyControls } from './telephony-actions.ts'

export interface TelephonyServiceOptions {
  /** `recordings` absent: no call gets a recording (tests of other features). */
  config: Pick<Config, 'ami' | 'simulator' | 'metrics'> & { recordings?: Config['recordings'] }
  prisma: PrismaClient
  logger: Logger
  /** Wall clock for real PBXs (the simulator brings its own). Default Date.now. */
  clock?: { now(): number }
  /** Tests: a simulator to connect to (not closed by the service), or options for the one it starts. */
  simulator?: PbxSimulator | Partial<PbxSimulatorOptions>
  bridge?: { reconcileIntervalMs?: number; tickIntervalMs?: number; reconnectInitialMs?: number }
  /** Holidays and office hours for the missed-call worklist; default: read from the database. */
  calendar?: CalendarSource
  /**
   * Several nodes on Redis (docs/cluster.md): one node at a time holds each PBX's AMI connection, the
   * others follow its feed. Absent: this node connects to every PBX itself.
   */
  cluster?: { bus: ClusterBus; leaseTtlMs?: number }
}

export interface PbxDiscovery {
  readonly id: string
  readonly state: string
  readonly simulated: boolean
  readonly queues: ReadonlyArray<{
    readonly name: string
    readonly members: ReadonlyArray<{ readonly interface: string; readonly name: string }>
  }>
  readonly extensions: ReadonlyArray<{
    readonly exten: string
    readonly context: string
    readonly hint: string | null
  }>
}

export interface PbxEntry {
  readonly bridge: TelephonyBridge
  readonly clock: { now(): number }
  readonly simulated: boolean
  /** Several nodes: the lease and feed of this PBX; absent on a single node. */
  readonly cluster?: ClusterPbx
}

export interface TelephonyService extends TelephonyControls {
  readonly pbxs: ReadonlyMap<string, PbxEntry>
  /** The built-in simulator in demo mode, else null. */
  readonly simulator: PbxSimulator | null
  readonly recorder: CallRecorder
  getPbxStatus(): PbxStatus[]
  pbxStatus(): PbxStatusView[]
  queues(): QueueView[]
  agents(): AgentView[]
  /** `redacted`: no caller number or name keys at all (wallboards, kiosks). */
  calls(options?: { redacted?: boolean }): CallView[]
  extensions(): ExtensionView[]
  snapshot(options?: { redacted?: boolean }): TelephonySnapshotView
  subscribe(listener: (change: TelephonyChange) => void): () => void
  /** Reloads the member-interface → user map (after admin edits users). */
  refreshUsers(): Promise<void>
  /** Re-reads the Queue rows (labels, kinds, SL threshold, wrap-up) and applies them from now on. */
  reloadQueueSettings(): Promise<void>
  /** What each PBX reported of its shape: queues with members, extensions with hints. */
  discovery(): PbxDiscovery[]
  /** Whether this node acts for the PBX (holds its lease, or runs alone). Pops and writes happen there. */
  isHolder(pbxId: string): boolean
  /**
   * Several nodes: whether this node holds the lease of the first PBX shared through the cluster, the
   * one whose holder computes the boards for every node (services/cluster/board-relay.ts); null when no
   * PBX is shared (one node, or each node following its own).
   */
  holdsBoardLease: (() => boolean) | null
  /** Connects PBX `pbxId` again now (an admin's "Yeniden bağlan"); false when there is no such PBX. */
  reconnect(pbxId: string): boolean
  close(): Promise<void>
}

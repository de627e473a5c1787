/**
 * What `GET /api/v1/health` says of each PBX connection (server/http/routes/health.ts): shared by the
 * telephony and cluster services that report it and the route that answers with it.
 */

/** One PBX connection as the telephony bridge reports it. */
export interface PbxStatus {
  id: string
  state: 'connecting' | 'connected' | 'resyncing' | 'disconnected' | 'auth_failed' | 'stopped'
  /** When `state` was entered (ms epoch), and how long ago in seconds (docs/operations.md). */
  since?: number
  forSec?: number
  /** Why the PBX is degraded ('flapping', 'decode-errors', 'backlog', 'entries-dropped'); empty when fine. */
  degraded?: string[]
  /** AMI messages received and not applied yet (a flood being worked through). */
  backlog?: number
  /** AMI messages dropped for being over the size cap. */
  droppedFrames?: number
  /**
   * Channels and queue callers dropped by the caps on live state; `outcomeUnknown`: waiting callers
   * gone while the PBX was not seen, whose outcome its counters could not tell (stored UNKNOWN).
   */
  droppedEntries?: { channels: number; queueCalls: number; outcomeUnknown: number }
  /** Why it is not connected (last error), or null. */
  reason: string | null
  /** Milliseconds since the last AMI event, or null before the first one. */
  lastEventAgeMs: number | null
  reconnects: number
  decodeErrors?: number
  simulated?: boolean
  /** Several nodes (docs/cluster.md): who holds this PBX's connection, since when, how often it moved. */
  cluster?: PbxClusterStatus
}

/** socket.io on this node; `boards` only where several nodes share a PBX (ADR 023). */
export interface RealtimeStatus {
  connectedSockets: number
  boards?: BoardRelayStatus
}

/** Who draws the live boards for every node, and how the snapshots between nodes went. */
export interface BoardRelayStatus {
  /** This node holds the PBX and computes every node's boards. */
  drawnHere: boolean
  snapshotsAsked: number
  snapshotsFailed: number
  snapshotsGiven: number
  leadershipChanges: number
  badMessages: number
  deltasNotSent: number
}

export interface PbxClusterStatus {
  /** This node. */
  node: string
  /** The node holding the lease (this one or another), or null while nobody does. */
  holder: string | null
  thisNode: boolean
  /** ms since the holder took the lease, as far as this node knows. */
  leaseAgeMs: number | null
  failovers: number
  /** Finished calls this node keeps until the holder says they are stored. */
  keptRecords: number
  /** Missing feed batches this node resynced after. */
  feedGaps: number
}

/**
 * One PBX on a node among several (docs/cluster.md): the leased AMI client the bridge reads, and where
 * the bridge's finished calls go — to the database when this node holds the lease (then the other
 * nodes are told they are stored), kept for a takeover otherwise.
 */
import { createAmiClient } from '../../../telephony/index.ts'
import type { BridgeAmiOptions, TelephonyRecords } from '../../../telephony/index.ts'
import type { PbxClusterStatus } from '../../contract/health.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { CallRecorder } from '../calls/call-recorder.ts'
import type { ClusterBus } from './cluster-bus.ts'
import { createLeasedAmiClient, type LeasedAmiClient } from './leased-ami-client.ts'
import { createRecordHandoff, pauseKeyOf, type RecordHandoff } from './record-handoff.ts'

export interface ClusterPbx {
  readonly client: LeasedAmiClient
  readonly handoff: RecordHandoff
  readonly bus: ClusterBus
  onRecords(records: TelephonyRecords): void
}

export function leasedBridgeClient(options: {
  bus: ClusterBus
  leaseTtlMs?: number
  prisma: PrismaClient
  logger: Logger
  pbxId: string
  ami: BridgeAmiOptions
  clock: { now(): number }
  recorder: Pick<CallRecorder, 'record'>
}): ClusterPbx {
  const { pbxId, recorder } = options
  const handoff = createRecordHandoff(pbxId)
  const write = (records: TelephonyRecords) =>
    recorder.record(records).then(() => {
      if (!client.isHolder()) return
      client.relay()?.noteStored(
        records.finishedCalls.map((c) => c.callKey),
        records.pauses.filter((p) => p.endedAt !== null).map(pauseKeyOf),
      )
    })
  const client = createLeasedAmiClient({
    bus: options.bus,
    prisma: options.prisma,
    pbxId,
    logger: options.logger,
    ...(options.leaseTtlMs === undefined ? {} : { leaseTtlMs: options.leaseTtlMs }),
    ...(options.ami.actionTimeoutMs === undefined ? {} : { actionTimeoutMs: options.ami.actionTimeoutMs }),
    createLocal: () =>
      createAmiClient({ ...options.ami, pbxId, logger: options.logger, now: () => options.clock.now() }),
    onStored: (calls, pauses) => handoff.stored(calls, pauses),
    onHolderChange: (holding) => {
      const kept = holding ? handoff.takeAll() : null
      // What the last holder may not have written: idempotent on (pbxId, callKey), so writing twice is harmless.
      if (kept !== null) void write(kept)
    },
  })
  return {
    client,
    handoff,
    bus: options.bus,
    onRecords(records) {
      if (client.isHolder()) void write(records)
      else handoff.keep(records)
    },
  }
}

export function clusterStatusOf(pbx: ClusterPbx): PbxClusterStatus {
  const lease = pbx.client.lease()
  return {
    node: pbx.bus.nodeId,
    holder: lease.holder,
    thisNode: pbx.client.isHolder(),
    leaseAgeMs: lease.since === null ? null : Math.max(0, Date.now() - lease.since),
    failovers: lease.failovers,
    keptRecords: pbx.handoff.counters.kept,
    feedGaps: pbx.client.remote.remoteCounters.gaps,
  }
}

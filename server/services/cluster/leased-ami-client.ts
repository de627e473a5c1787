/**
 * The PBX connection of a node among several (docs/cluster.md, ADR 019): while this node holds the
 * PBX's lease it is a real AMI client whose traffic the relay publishes; otherwise it follows the
 * holder's feed. The telephony bridge above sees one `AmiClient` either way, and the switch looks to it
 * like a reconnect: state goes stale, then `connected`, then its usual resync.
 */
import type { AmiClient, AmiConnectionState } from '../../../telephony/index.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from './cluster-bus.ts'
import { createClientEvents } from './client-events.ts'
import { createPbxLease, type LeaseStatus } from './pbx-lease.ts'
import { startPbxRelay, type PbxRelay } from './pbx-relay.ts'
import { createRemoteAmiClient, type RemoteAmiClient } from './remote-ami-client.ts'

export interface LeasedAmiClient extends AmiClient {
  isHolder(): boolean
  /** This node's fencing token while it holds the lease. */
  fence(): number | null
  lease(): LeaseStatus
  remote: RemoteAmiClient
  relay(): PbxRelay | null
}

export interface LeasedAmiClientOptions {
  bus: ClusterBus
  prisma: PrismaClient
  pbxId: string
  logger: Logger
  /** The real AMI connection, made when this node takes the lease. */
  createLocal: () => AmiClient
  leaseTtlMs?: number
  actionTimeoutMs?: number
  /** Called after this node took the lease (its relay runs) or lost it. */
  onHolderChange?: (holding: boolean) => void
  onStored?: (callKeys: readonly string[], pauseKeys: readonly string[]) => void
}

export function createLeasedAmiClient(options: LeasedAmiClientOptions): LeasedAmiClient {
  const { bus, pbxId } = options
  const log = options.logger.child({ module: 'leased-ami', pbxId })
  const ttlMs = options.leaseTtlMs ?? 5_000
  const events = createClientEvents(log)
  const remote = createRemoteAmiClient({
    bus,
    pbxId,
    logger: options.logger,
    silentAfterMs: Math.max(1_500, Math.round(ttlMs * 0.6)),
    ...(options.actionTimeoutMs === undefined ? {} : { actionTimeoutMs: options.actionTimeoutMs }),
    ...(options.onStored ? { onStored: options.onStored } : {}),
  })
  let active: AmiClient = remote
  let local: { client: AmiClient; relay: PbxRelay | null; fence: number; offs: Array<() => void> } | null =
    null
  let running = false
  /** Holder changes run one after another. */
  let chain: Promise<void> = Promise.resolve()

  const emit = events.emit

  const forwardFrom = (source: AmiClient): Array<() => void> => [
    source.on('event', (e) => {
      if (active === source) emit('event', e)
    }),
    source.on('state', (s) => {
      if (active === source) emit('state', s)
    }),
    source.on('connected', (c) => {
      if (active === source) emit('connected', c)
    }),
  ]
  forwardFrom(remote)

  async function becomeHolder(fence: number): Promise<void> {
    if (!running) return
    const client = options.createLocal()
    const offs = forwardFrom(client)
    local = { client, relay: null, fence, offs }
    active = client
    await remote.stop()
    local.relay = await startPbxRelay({ bus, client, fence, logger: options.logger })
    client.start()
    options.onHolderChange?.(true)
  }

  async function becomeFollower(reason: string): Promise<void> {
    const was = local
    local = null
    active = remote
    if (was !== null) {
      await was.relay?.stop()
      await was.client.stop()
      for (const off of was.offs) off()
    }
    if (!running) return
    log.info({ reason }, 'following the node that holds the PBX connection')
    remote.start()
    options.onHolderChange?.(false)
  }

  const lease = createPbxLease({
    bus,
    prisma: options.prisma,
    pbxId,
    logger: options.logger,
    ttlMs,
    onAcquired: (fence) => {
      chain = chain
        .then(() => becomeHolder(fence))
        .catch((e: unknown) => log.error({ err: e }, 'taking over failed'))
    },
    onLost: (reason) => {
      chain = chain
        .then(() => becomeFollower(reason))
        .catch((e: unknown) => log.error({ err: e }, 'stepping down failed'))
    },
  })

  return {
    pbxId,
    remote,
    isHolder: () => local !== null && lease.isHolder(),
    fence: () => (local !== null && lease.isHolder() ? local.fence : null),
    lease: () => lease.status(),
    relay: () => local?.relay ?? null,
    start() {
      if (running) return
      running = true
      remote.start()
      lease.start()
    },
    async stop() {
      running = false
      await lease.stop()
      await chain
      await becomeFollower('stopped')
      await remote.stop()
    },
    send: (a, o) => active.send(a, o),
    sendList: (a, o) => active.sendList(a, o),
    originate: (r, o) => active.originate(r, o),
    setEvents: (m) => active.setEvents(m),
    setPhase: (p, r) => active.setPhase(p, r),
    reconnect: (r) => active.reconnect(r),
    getState: (): AmiConnectionState => active.getState(),
    on: events.on,
  }
}

/**
 * Screen pops shared by every node (docs/cluster.md): the node holding a PBX makes its pops, an agent's
 * request may land on any node, so every change to a pop is published on one Redis channel and applied
 * by the others (screen-pop-service.ts). The node that made a change has already sent it to the agent's
 * room through the socket.io adapter; the others only keep their copy.
 */
import type { Logger } from '../../logger.ts'
import type { PopReplica, PopReplicaMessage } from '../screen-pop/screen-pop-service.ts'
import type { ClusterBus } from './cluster-bus.ts'

export async function createPopReplica(
  bus: ClusterBus,
  logger: Logger,
): Promise<PopReplica & { close(): Promise<void> }> {
  const log = logger.child({ module: 'pop-replica' })
  const channel = bus.key('desk:pops')
  const handlers = new Set<(m: PopReplicaMessage) => void>()
  const off = await bus.subscribe(channel, (text) => {
    const parsed = JSON.parse(text) as { n?: unknown; m?: PopReplicaMessage }
    if (parsed.n === bus.nodeId || parsed.m === undefined) return
    for (const h of handlers) h(parsed.m)
  })
  return {
    publish(message) {
      bus
        .publish(channel, JSON.stringify({ n: bus.nodeId, m: message }))
        .catch((err: unknown) => log.warn({ err, popId: message.popId }, 'pop change not shared'))
    },
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close: off,
  }
}

/**
 * "Something changed, read it again" between nodes (docs/cluster.md): a topic on Redis that carries no
 * data, only the sender, so a node never acts on its own notice. What changed is read from the database.
 */
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from './cluster-bus.ts'

export interface ClusterNotice {
  changed(): void
  onChanged(handler: () => void): () => void
  close(): Promise<void>
}

export async function createClusterNotice(
  bus: ClusterBus,
  topic: string,
  logger: Logger,
): Promise<ClusterNotice> {
  const channel = bus.key(`notice:${topic}`)
  const handlers = new Set<() => void>()
  const off = await bus.subscribe(channel, (sender) => {
    if (sender === bus.nodeId) return
    for (const h of handlers) h()
  })
  return {
    changed() {
      bus.publish(channel, bus.nodeId).catch((err: unknown) => logger.warn({ err, topic }, 'notice not sent'))
    },
    onChanged(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    close: off,
  }
}

/**
 * An admin's changes to users, to queues and to the santral's directory (units, extensions, presence
 * notes), told to every other node (null on a single node).
 */
export async function setupNoticesOn(
  bus: ClusterBus | null,
  logger: Logger,
  onClose: (cleanup: () => Promise<void>) => void,
): Promise<{ users: ClusterNotice; queues: ClusterNotice; directory: ClusterNotice } | null> {
  if (bus === null) return null
  const users = await createClusterNotice(bus, 'setup-users', logger)
  onClose(() => users.close())
  const queues = await createClusterNotice(bus, 'setup-queues', logger)
  onClose(() => queues.close())
  const directory = await createClusterNotice(bus, 'setup-directory', logger)
  onClose(() => directory.close())
  return { users, queues, directory }
}

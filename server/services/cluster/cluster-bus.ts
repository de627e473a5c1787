/**
 * What the nodes of one installation share besides the database: Redis commands and publish/subscribe
 * under one key prefix (docs/cluster.md). One subscriber connection carries every channel this node
 * listens to; node-redis reconnects both connections by itself and re-subscribes.
 */
import { hostname } from 'node:os'
import { randomBytes } from 'node:crypto'
import { closeRedisClient, type RedisConnection } from '../../auth/redis-connection.ts'
import type { Logger } from '../../logger.ts'

export interface ClusterBus {
  /** This process, as the other nodes and the health page name it: `<host>:<pid>:<random>`. */
  readonly nodeId: string
  readonly redis: RedisConnection
  /** `name` under the installation's key prefix. */
  key(name: string): string
  publish(channel: string, payload: string): Promise<void>
  /** Listens to `channel` (already prefixed by `key`) until the returned function is called. */
  subscribe(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

export function newNodeId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
}

export async function createClusterBus(options: {
  redis: RedisConnection
  keyPrefix: string
  logger: Logger
  nodeId?: string
}): Promise<ClusterBus> {
  const { redis, keyPrefix } = options
  const log = options.logger.child({ module: 'cluster-bus' })
  const subscriber = redis.duplicate()
  subscriber.on('error', (err: unknown) => log.warn({ err }, 'redis subscriber error'))
  await subscriber.connect()
  let closed = false
  return {
    nodeId: options.nodeId ?? newNodeId(),
    redis,
    key: (name) => `${keyPrefix}${name}`,
    async publish(channel, payload) {
      await redis.publish(channel, payload)
    },
    async subscribe(channel, handler) {
      const listener = (message: string) => {
        try {
          handler(message)
        } catch (err) {
          log.error({ err, channel }, 'cluster message handler threw')
        }
      }
      await subscriber.subscribe(channel, listener)
      return async () => {
        if (!closed) await subscriber.unsubscribe(channel, listener)
      }
    },
    async close() {
      if (closed) return
      closed = true
      await closeRedisClient(subscriber)
    },
  }
}

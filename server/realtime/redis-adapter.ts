/**
 * Several Pano nodes share rooms through socket.io's Redis adapter when REDIS_URL is set (configuration
 * alone; docs/design.md §2.7, ADR 006). The adapter needs its own publish and subscribe connections (a
 * subscribed node-redis client cannot publish), so both are made here and closed with `close()`.
 */
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import type { Server } from 'socket.io'
import { closeRedisClient } from '../auth/redis-connection.ts'
import type { Logger } from '../logger.ts'

export interface AttachedAdapter {
  close(): Promise<void>
}

export async function attachRedisAdapter(
  io: Pick<Server, 'adapter'>,
  url: string,
  logger: Logger,
  keyPrefix = 'pano-io',
): Promise<AttachedAdapter> {
  const pub = createClient({ url })
  const sub = pub.duplicate()
  for (const client of [pub, sub]) {
    client.on('error', (err: unknown) => logger.warn({ err }, 'redis adapter connection error'))
  }
  await Promise.all([pub.connect(), sub.connect()])
  io.adapter(createAdapter(pub, sub, { key: keyPrefix }))
  return {
    async close() {
      await Promise.allSettled([closeRedisClient(pub), closeRedisClient(sub)])
    },
  }
}

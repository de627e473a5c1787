import { createClient } from 'redis'
import type { Logger } from '../logger.ts'

function createRedisClient(url: string) {
  return createClient({ url })
}

export type RedisConnection = ReturnType<typeof createRedisClient>

/**
 * Connects to REDIS_URL; the caller closes it with `close()`. Connection errors are logged (node-redis
 * reconnects by itself); without a listener they would crash the process.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const client = createRedisClient(url)
  client.on('error', (err: unknown) => logger.warn({ err }, 'redis connection error'))
  await client.connect()
  return client
}

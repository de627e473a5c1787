import { createClient } from 'redis'
import type { Logger } from '../logger.ts'
import { settlesWithin } from '../settles-within.ts'

function createRedisClient(url: string) {
  return createClient({ url })
}

export type RedisConnection = ReturnType<typeof createRedisClient>

/**
 * Connects to REDIS_URL; the caller closes it with `closeRedisClient`. Connection errors are logged (node-redis
 * reconnects by itself); without a listener they would crash the process.
 */
export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  const client = createRedisClient(url)
  client.on('error', (err: unknown) => logger.warn({ err }, 'redis connection error'))
  await client.connect()
  return client
}

/** How long a connected client may take to send what it still has before it is dropped. */
const CLOSE_GRACE_MS = 2_000

/**
 * Closes a client without waiting on an absent Redis: a connected one sends what it has queued
 * (within CLOSE_GRACE_MS), one that is reconnecting is dropped at once, since node-redis would hold
 * its QUIT, like every command, until Redis came back, and shutdown would never end.
 */
export async function closeRedisClient(
  client: Pick<RedisConnection, 'isReady' | 'isOpen' | 'close' | 'destroy'>,
): Promise<void> {
  if (!client.isOpen) return
  if (!client.isReady) {
    client.destroy()
    return
  }
  if (!(await settlesWithin(client.close(), CLOSE_GRACE_MS)) && client.isOpen) client.destroy()
}

/**
 * The embedded database's dispatcher (docs/decisions/010-outbox-with-pg-boss.md): no job row, the
 * Message table is the queue. One loop in the process that owns the PGlite directory takes due messages
 * (QUEUED, `nextAttemptAt` passed, no live claim) oldest first; `deliverMessage` claims each with one
 * conditional UPDATE and, on failure, moves `nextAttemptAt` by the backoff. A restart finds every row again.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { Dispatcher } from './queue-message.ts'
import { deliverMessage, type DeliverContext } from './deliver.ts'

export interface PollerDispatcher extends Dispatcher {
  start(): Promise<void>
  stop(): Promise<void>
  /** Look now rather than at the next tick (after a transaction that queued something committed). */
  wake(): void
}

export function createPollerDispatcher(input: {
  prisma: PrismaClient
  logger: Logger
  deliver: DeliverContext
  work: boolean
  intervalMs?: number
}): PollerDispatcher {
  const intervalMs = input.intervalMs ?? 1000
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let stopped = false
  let again = false

  async function drain(): Promise<void> {
    for (let n = 0; n < 100 && !stopped; n++) {
      const now = input.deliver.now()
      const due = await input.prisma.message.findFirst({
        where: {
          status: 'QUEUED',
          nextAttemptAt: { lte: now },
          OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }],
        },
        orderBy: { id: 'asc' },
        select: { id: true },
      })
      if (due === null) return
      const outcome = await deliverMessage(input.deliver, due.id)
      if (outcome.kind === 'failed')
        input.logger.warn({ messageId: due.id, error: outcome.error }, 'message failed')
    }
  }

  function tick(): void {
    if (stopped) return
    if (running !== null) {
      again = true
      return
    }
    running = drain()
      .catch((err: unknown) => input.logger.warn({ err }, 'message poller failed'))
      .finally(() => {
        running = null
        if (again && !stopped) {
          again = false
          tick()
        }
      })
  }

  return {
    enqueueInTx: () => Promise.resolve(),
    start() {
      if (input.work) {
        timer = setInterval(tick, intervalMs)
        timer.unref()
        tick()
      }
      return Promise.resolve()
    },
    async stop() {
      stopped = true
      if (timer !== null) clearInterval(timer)
      await running
    },
    wake() {
      if (input.work) tick()
    },
  }
}

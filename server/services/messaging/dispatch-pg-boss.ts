/**
 * PostgreSQL's dispatcher (docs/decisions/010-outbox-with-pg-boss.md): a pg-boss job `message-send
 * { messageId }` is inserted through the ticket's own Prisma transaction (`send(…, { db })`), and a
 * worker on every node fetches jobs with SKIP LOCKED and sends them. pg-boss retries a job whose
 * message is due again, with exponential backoff; the Message row counts attempts and decides FAILED.
 */
import PgBoss from 'pg-boss'
import type { Prisma, PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { Dispatcher } from './queue-message.ts'
import { deliverMessage, type DeliverContext } from './deliver.ts'

export const SEND_QUEUE = 'message-send'

interface SendJob {
  messageId: number
}

/** pg-boss's `db` option on a Prisma transaction: its SQL and parameters, run on the same connection. */
function transactionDb(tx: Prisma.TransactionClient): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const args = values.map((v: unknown) =>
        v === undefined
          ? null
          : typeof v === 'object' && v !== null && !(v instanceof Date)
            ? JSON.stringify(v)
            : v,
      )
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...args)
      return { rows }
    },
  }
}

export interface PgBossDispatcher extends Dispatcher {
  start(): Promise<void>
  stop(): Promise<void>
}

export function createPgBossDispatcher(input: {
  connectionString: string
  prisma: PrismaClient
  logger: Logger
  deliver: DeliverContext
  /** false: jobs are queued but nobody on this process sends them (tests of a restart). */
  work: boolean
  pollingIntervalSeconds?: number
}): PgBossDispatcher {
  const boss = new PgBoss({
    connectionString: input.connectionString,
    max: 3,
    application_name: 'pano-messages',
  })
  boss.on('error', (err) => input.logger.warn({ err }, 'pg-boss error'))
  let started = false
  const retryLimit = input.deliver.retryLimit
  return {
    async enqueueInTx(tx, messageId) {
      await boss.send(SEND_QUEUE, { messageId } satisfies SendJob, { db: transactionDb(tx) })
    },
    async start() {
      await boss.start()
      started = true
      await boss.createQueue(SEND_QUEUE, {
        name: SEND_QUEUE,
        // More job retries than message attempts: a job that found its message busy (claimed by a
        // sender that then died) must still get a turn once the claim runs out.
        retryLimit: retryLimit + 5,
        retryDelay: input.deliver.retryDelaySec,
        retryBackoff: true,
      })
      // Messages whose job is gone (a restored database, an expired job, a demo database moved here).
      const orphans = await input.prisma.$queryRawUnsafe<{ id: number }[]>(
        `SELECT m.id FROM "Message" m WHERE m.status = 'QUEUED' AND NOT EXISTS (
           SELECT 1 FROM pgboss.job j WHERE j.name = $1 AND j.state < 'completed'
             AND (j.data->>'messageId')::int = m.id)`,
        SEND_QUEUE,
      )
      for (const o of orphans) await boss.send(SEND_QUEUE, { messageId: o.id } satisfies SendJob)
      if (orphans.length > 0)
        input.logger.info({ count: orphans.length }, 'queued messages without a job re-enqueued')
      if (!input.work) return
      await boss.work<SendJob>(
        SEND_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: input.pollingIntervalSeconds ?? 1 },
        async ([job]) => {
          if (job === undefined) return
          const outcome = await deliverMessage(input.deliver, job.data.messageId)
          if (outcome.kind === 'retry' || outcome.kind === 'busy') {
            // Thrown so that pg-boss schedules the job again with its backoff.
            throw new Error(outcome.kind === 'retry' ? outcome.error : 'message claimed by another sender')
          }
          if (outcome.kind === 'failed')
            input.logger.warn({ messageId: job.data.messageId, error: outcome.error }, 'message failed')
        },
      )
    },
    async stop() {
      if (started) await boss.stop({ graceful: true, timeout: 10_000, wait: true })
    },
  }
}

/**
 * Netgsm delivery reports by polling (docs/messaging.md §2.2): every NETGSM_REPORT_INTERVAL_SEC the SMS
 * sent in the last three days that are still SENT are asked about, 100 job ids at a time (Netgsm allows
 * ten report queries a minute), and their reports applied with `applyStatusUpdate`.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { DeliveryReport } from './channels/netgsm.ts'
import { applyStatusUpdate } from './status-updates.ts'

const LOOK_BACK_MS = 3 * 24 * 3_600_000

export function createNetgsmReportPoller(input: {
  prisma: PrismaClient
  logger: Logger
  now(): Date
  reports(providerIds: string[]): Promise<DeliveryReport[]>
  intervalSec: number
}): { pollOnce(): Promise<number>; start(): void; stop(): Promise<void> } {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<unknown> | null = null

  async function pollOnce(): Promise<number> {
    const now = input.now()
    const waiting = await input.prisma.message.findMany({
      where: { provider: 'netgsm', status: 'SENT', sentAt: { gte: new Date(now.getTime() - LOOK_BACK_MS) } },
      select: { providerId: true },
      orderBy: { sentAt: 'asc' },
      take: 100,
    })
    const ids = waiting.map((w) => w.providerId).filter((id): id is string => id !== null)
    let applied = 0
    for (const report of await input.reports(ids)) {
      if (await applyStatusUpdate(input.prisma, { provider: 'netgsm', ...report, at: input.now() })) applied++
    }
    return applied
  }

  return {
    pollOnce,
    start() {
      timer = setInterval(() => {
        if (running !== null) return
        running = pollOnce()
          .catch((err: unknown) => input.logger.warn({ err }, 'Netgsm report poll failed'))
          .finally(() => (running = null))
      }, input.intervalSec * 1000)
      timer.unref()
    },
    async stop() {
      if (timer !== null) clearInterval(timer)
      await running
    },
  }
}

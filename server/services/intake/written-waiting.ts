/**
 * Written requests waiting for an agent, for the wallboard (docs/intake.md §10): web applications and
 * mails in the inbox (`IntakeItem` BEKLIYOR) and WhatsApp conversations with an unanswered message, each
 * with its oldest. Counts only, so TVs may show them. The database is read every `intervalMs` and at
 * once after a change on this node (`nudge`); other nodes' changes show within the interval.
 */
import type { WrittenWaitingView } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { ChangeNotice, LiveSource } from '../../realtime/broadcaster.ts'

export async function readWrittenWaiting(prisma: PrismaClient): Promise<WrittenWaitingView[]> {
  const [inbox, whatsapp] = await Promise.all([
    prisma.intakeItem.groupBy({
      by: ['source'],
      where: { status: 'BEKLIYOR' },
      _count: { _all: true },
      _min: { receivedAt: true },
    }),
    prisma.whatsappConversation.aggregate({
      where: { waitingSince: { not: null } },
      _count: { _all: true },
      _min: { waitingSince: true },
    }),
  ])
  const of = (source: 'WEB' | 'EPOSTA'): WrittenWaitingView => {
    const row = inbox.find((r) => r.source === source)
    return {
      channel: source,
      waiting: row?._count._all ?? 0,
      oldestAt: row?._min.receivedAt?.getTime() ?? null,
    }
  }
  return [
    of('WEB'),
    of('EPOSTA'),
    {
      channel: 'WHATSAPP',
      waiting: whatsapp._count._all,
      oldestAt: whatsapp._min.waitingSince?.getTime() ?? null,
    },
  ]
}

export interface WrittenWaitingSource {
  current(): WrittenWaitingView[]
  /** Something changed on this node: read again now. */
  nudge(): void
  /** Reads now; resolves when the listeners were told. */
  refresh(): Promise<void>
  subscribe(listener: (notice: ChangeNotice) => void): () => void
  start(): Promise<void>
  stop(): void
}

export function createWrittenWaitingSource(input: {
  prisma: PrismaClient
  logger: Logger
  intervalMs?: number
}): WrittenWaitingSource {
  let current: WrittenWaitingView[] = []
  let last = ''
  const listeners = new Set<(notice: ChangeNotice) => void>()
  let timer: ReturnType<typeof setInterval> | undefined
  let reading: Promise<void> | null = null
  let again = false

  async function read(): Promise<void> {
    const next = await readWrittenWaiting(input.prisma)
    const text = JSON.stringify(next)
    if (text === last) return
    last = text
    current = next
    for (const l of listeners) l({ kinds: ['written'], receivedAt: Date.now() })
  }
  /** One read at a time; a change during a read is read again right after it. */
  const refresh = (): Promise<void> => {
    if (reading !== null) {
      again = true
      return reading
    }
    reading = read()
      .catch((err: unknown) => input.logger.warn({ err }, 'written requests count failed'))
      .finally(() => {
        reading = null
        if (again) {
          again = false
          void refresh()
        }
      })
    return reading
  }

  return {
    current: () => current,
    nudge: () => void refresh(),
    refresh,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    async start() {
      await refresh()
      timer = setInterval(() => void refresh(), input.intervalMs ?? 5_000)
      timer.unref()
    },
    stop() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
    },
  }
}

/** The telephony source with the written counts laid beside it, for the wallboard's broadcaster. */
export function withWrittenWaiting(source: LiveSource, written: WrittenWaitingSource): LiveSource {
  return {
    queues: () => source.queues(),
    agents: () => source.agents(),
    calls: () => source.calls(),
    pbxStatus: () => source.pbxStatus(),
    written: () => written.current(),
    subscribe(listener) {
      const stops = [source.subscribe(listener), written.subscribe(listener)]
      return () => {
        for (const stop of stops) stop()
      }
    },
  }
}

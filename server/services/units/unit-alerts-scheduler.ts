/**
 * Runs the unit alerts (unit-alerts.ts) on one node at a time, as the KVKK retention run does
 * (server/services/kvkk/retention-scheduler.ts): every node checks every UNIT_ALERTS_CHECK_SEC, and a
 * pass first takes a transaction-scoped PostgreSQL advisory lock; a node that does not get it skips
 * the pass. Each message is keyed by what it is about, so a pass after a restart, or one that races
 * another, queues nothing twice. The messages commit with the pass and are sent by the outbox
 * (docs/decisions/010-outbox-with-pg-boss.md). The müdür or an admin can run a pass at once
 * (POST /api/v1/unit-alerts/run).
 */
import type { UnitAlertsConfig } from '../../config-messaging.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ConflictError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { Messaging } from '../messaging/messaging-service.ts'
import type { CalendarSource } from '../tickets/calendar-source.ts'
import { runUnitAlerts, type UnitAlertCounts } from './unit-alerts.ts'

/** pg_try_advisory_xact_lock(key1, key2): "PANO" and the unit alerts (1 is the retention run). */
const LOCK_KEYS = [0x50414e4f, 2] as const
const FIRST_CHECK_MS = 30_000
const RUN_TIMEOUT_MS = 2 * 60_000

export type UnitAlertsOutcome = { outcome: 'ran'; counts: UnitAlertCounts } | { outcome: 'busy' | 'off' }

export interface UnitAlertsScheduler {
  start(): void
  stop(): void
  /** One pass now, unless another node is running one ('busy') or e-mail cannot be sent ('off'). */
  tick(): Promise<UnitAlertsOutcome>
  /** The müdür's "now": 409 while another node runs a pass. */
  runNow(): Promise<UnitAlertCounts>
}

export function createUnitAlertsScheduler(deps: {
  prisma: PrismaClient
  logger: Logger
  now: () => Date
  calendar: CalendarSource
  messaging: Messaging
  config: UnitAlertsConfig
  publicUrl: string | null
}): UnitAlertsScheduler {
  const log = deps.logger.child({ module: 'unit-alerts' })
  let timer: NodeJS.Timeout | null = null

  async function pass(): Promise<UnitAlertsOutcome> {
    if (!deps.messaging.available('EMAIL')) return { outcome: 'off' }
    const calendar = await deps.calendar.current()
    const result = await deps.prisma.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${LOCK_KEYS[0]}::int, ${LOCK_KEYS[1]}::int) AS locked`
        if (lock?.locked !== true) return { outcome: 'busy' as const }
        const counts = await runUnitAlerts(
          tx,
          {
            config: deps.config,
            calendar,
            publicUrl: deps.publicUrl,
            queue: (t, m) => deps.messaging.queueStaffInTx(t, m),
          },
          deps.now(),
        )
        return { outcome: 'ran' as const, counts }
      },
      { timeout: RUN_TIMEOUT_MS, maxWait: 30_000 },
    )
    if (result.outcome === 'ran') {
      deps.messaging.wake()
      const { reminders, escalations, digests } = result.counts
      if (reminders + escalations + digests > 0) log.info(result.counts, 'unit alerts queued')
    }
    return result
  }

  const scheduler: UnitAlertsScheduler = {
    start() {
      if (timer !== null || deps.config.checkEverySec === 0) return
      const check = () => {
        scheduler.tick().catch((err: unknown) => log.error({ err }, 'unit alerts pass failed'))
        timer = setTimeout(check, deps.config.checkEverySec * 1000).unref()
      }
      timer = setTimeout(check, Math.min(FIRST_CHECK_MS, deps.config.checkEverySec * 1000)).unref()
    },
    stop() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
    tick: pass,
    async runNow() {
      const result = await pass()
      if (result.outcome === 'ran') return result.counts
      throw result.outcome === 'off'
        ? new ConflictError(
            'E-posta kanalı yapılandırılmamış: hatırlatma gönderilemez (SMTP_URL ve MAIL_FROM).',
            'email_off',
          )
        : new ConflictError(
            'Hatırlatmalar şu anda başka bir sunucuda hazırlanıyor; biraz sonra yeniden deneyin.',
            'unit_alerts_busy',
          )
    },
  }
  return scheduler
}

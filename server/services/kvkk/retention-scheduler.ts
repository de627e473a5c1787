/**
 * Runs the retention run (retention-job.ts) once a day, on one node only.
 *
 * Every node checks hourly (first check ten minutes after start, so a restart loop cannot hammer the
 * database); a run is due when none has finished on this Istanbul day and it is past 02:00. The run
 * takes a transaction-scoped PostgreSQL advisory lock first and reads the last run again under it, so
 * when several nodes check at the same moment exactly one runs and the others see it done. Everything a
 * run changes, its record (`retention.lastRun`, read by /health on every node) and its audit row commit
 * together or not at all. An officer can also run it at once (POST /api/v1/kvkk/retention/run).
 */
import type { RetentionCounts, RetentionRunView } from '../../contract/kvkk.ts'
import { istanbulDate, istanbulMinuteOfDay } from '../../domain/calendar/istanbul-time.ts'
import { ConflictError } from '../../errors.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import type { KvkkDeps } from './kvkk-deps.ts'
import { applyRetention } from './retention-job.ts'
import { readLastRun, readRetentionPeriods, writeLastRun } from './retention-settings.ts'

/** pg_try_advisory_xact_lock(key1, key2): "PANO" and the retention run. */
const LOCK_KEYS = [0x50414e4f, 1] as const
const FIRST_CHECK_MS = 10 * 60_000
const CHECK_EVERY_MS = 60 * 60_000
/** Runs start from 02:00 Istanbul, when nobody is on the phones. */
const EARLIEST_MINUTE = 2 * 60
const RUN_TIMEOUT_MS = 10 * 60_000

export interface RetentionHealth {
  lastRun: RetentionRunView | null
  /** The last failure on this node since its last successful run, in English for operators. */
  lastError: { at: string; message: string } | null
}

export type TickOutcome = 'ran' | 'not-due' | 'busy'

export interface RetentionScheduler {
  /** Starts the hourly check (main.ts); tests call `tick()` or `runNow()` instead. */
  start(): void
  stop(): void
  /** One scheduled check: runs when due and no other node holds the lock. */
  tick(): Promise<TickOutcome>
  /** An officer's run now, due or not; 409 while another node runs it. */
  runNow(actor: Actor): Promise<RetentionRunView>
  health(): Promise<RetentionHealth>
}

export function isRunDue(lastRun: RetentionRunView | null, now: Date): boolean {
  if (istanbulMinuteOfDay(now) < EARLIEST_MINUTE) return false
  return lastRun === null || istanbulDate(new Date(lastRun.at)) < istanbulDate(now)
}

export function createRetentionScheduler(deps: KvkkDeps): RetentionScheduler {
  const logger = deps.logger.child({ module: 'retention' })
  let timer: NodeJS.Timeout | null = null
  let lastError: RetentionHealth['lastError'] = null

  /** null: another node holds the lock, or (scheduled) the run was no longer due under it. */
  async function run(trigger: RetentionRunView['trigger'], actor: Actor | null) {
    const started = deps.now()
    return deps.prisma.$transaction(
      async (tx) => {
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(${LOCK_KEYS[0]}::int, ${LOCK_KEYS[1]}::int) AS locked`
        if (lock?.locked !== true) return { outcome: 'busy' as const }
        if (trigger === 'schedule' && !isRunDue(await readLastRun(tx), started))
          return { outcome: 'not-due' as const }
        const counts: RetentionCounts = await applyRetention(tx, await readRetentionPeriods(tx), started, {
          recordings: deps.recordings ?? null,
          actor: actor ?? { system: 'job' },
        })
        const at = deps.now()
        const view: RetentionRunView = {
          at: at.toISOString(),
          trigger,
          counts,
          durationMs: at.getTime() - started.getTime(),
        }
        await writeLastRun(tx, view)
        await recordAudit(tx, actor ?? { system: 'job' }, at, [
          {
            action: AUDIT_ACTIONS.retentionRun,
            entity: 'Retention',
            entityId: istanbulDate(at),
            detail: { trigger, counts: { ...counts } },
          },
        ])
        return { outcome: 'ran' as const, view }
      },
      { timeout: RUN_TIMEOUT_MS, maxWait: 30_000 },
    )
  }

  function succeeded(view: RetentionRunView): void {
    lastError = null
    logger.info(
      { trigger: view.trigger, counts: view.counts, durationMs: view.durationMs },
      'retention run done',
    )
  }

  function failed(err: unknown): void {
    lastError = { at: deps.now().toISOString(), message: err instanceof Error ? err.message : String(err) }
    logger.error({ err }, 'retention run failed')
  }

  const scheduler: RetentionScheduler = {
    start() {
      if (timer !== null) return
      const check = () => {
        scheduler.tick().catch(() => undefined)
        timer = setTimeout(check, CHECK_EVERY_MS).unref()
      }
      timer = setTimeout(check, FIRST_CHECK_MS).unref()
    },
    stop() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
    async tick() {
      try {
        if (!isRunDue(await readLastRun(deps.prisma), deps.now())) return 'not-due'
        const result = await run('schedule', null)
        if (result.outcome === 'ran') succeeded(result.view)
        return result.outcome
      } catch (err) {
        failed(err)
        throw err
      }
    },
    async runNow(actor) {
      let result: Awaited<ReturnType<typeof run>>
      try {
        result = await run('manual', actor)
      } catch (err) {
        failed(err)
        throw err
      }
      if (result.outcome !== 'ran')
        throw new ConflictError(
          'Saklama süresi işi şu anda başka bir sunucuda çalışıyor; biraz sonra yeniden deneyin.',
          'retention_busy',
        )
      succeeded(result.view)
      return result.view
    },
    async health() {
      return { lastRun: await readLastRun(deps.prisma), lastError }
    },
  }
  return scheduler
}

/**
 * `GET /api/v1/health` (docs/design.md §2.9). Anyone (a load balancer) learns only up or down; the details
 * (version, database, PBX connections, mode and warnings) are for a signed-in admin or an API token.
 */
import { Router, type Request } from 'express'
import { allowAnonymous } from '../../auth/require-role.ts'
import '../request-context.ts'
import type { SystemInfo } from '../../contract/auth.ts'
import type { PbxStatus, RealtimeStatus } from '../../contract/health.ts'
import type { DurableWriterStatus } from '../../services/calls/record-durability.ts'
import type { RetentionHealth } from '../../services/kvkk/retention-scheduler.ts'

export type { PbxClusterStatus, PbxStatus } from '../../contract/health.ts'

export interface HealthView {
  status: 'ok' | 'degraded' | 'down'
  version: string
  uptimeSec: number
  database: { ok: boolean; kind: 'postgres' | 'pglite' }
  pbx: PbxStatus[]
  realtime: RealtimeStatus
  /** Finished calls on their way to the database: waiting, retried, quarantined; null without telephony. */
  callRecords: DurableWriterStatus | null
  /** demo or production, why, whether the PBX simulator runs, and what an admin must act on. */
  mode: { name: SystemInfo['mode']; reason: string; simulator: boolean; warnings: string[] }
  /** The daily KVKK retention run: the last one on any node (counts only), and this node's last failure. */
  retention: RetentionHealth | null
}

/** What an anonymous caller gets: 200 `up` while the database answers, else 503 `down`. */
export interface PublicHealthView {
  status: 'up' | 'down'
}

/** Details for admins (session) and integrations (any API token, e.g. a monitoring system's). */
function seesDetails(req: Request): boolean {
  const p = req.principal
  return p !== undefined && (p.via === 'api-token' || p.role === 'admin')
}

export interface HealthDeps {
  version: string
  database: { kind: 'postgres' | 'pglite'; ping(): Promise<unknown> }
  getPbxStatus: () => PbxStatus[]
  getRealtimeStatus: () => RealtimeStatus
  getCallRecordStatus?: () => DurableWriterStatus | null
  uptimeSec: () => number
  system?: () => SystemInfo & { reason: string }
  retention?: () => Promise<RetentionHealth>
}

async function databaseAnswers(ping: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await ping()) !== false
  } catch {
    return false
  }
}

/**
 * 200 while the database answers (a PBX being down, or call records waiting for the database, is
 * "degraded", still 200); 503 when it does not.
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router()
  router.get('/health', allowAnonymous(), async (req, res) => {
    const databaseOk = await databaseAnswers(() => deps.database.ping())
    res.setHeader('Cache-Control', 'no-store')
    if (!seesDetails(req)) {
      const brief: PublicHealthView = { status: databaseOk ? 'up' : 'down' }
      res.status(databaseOk ? 200 : 503).json(brief)
      return
    }
    const pbx = deps.getPbxStatus()
    const pbxOk = pbx.every((p) => p.state === 'connected' && (p.degraded ?? []).length === 0)
    const callRecords = deps.getCallRecordStatus?.() ?? null
    const recordsOk = callRecords === null || callRecords.waitingSince === null
    const view: HealthView = {
      status: !databaseOk ? 'down' : pbxOk && recordsOk ? 'ok' : 'degraded',
      version: deps.version,
      uptimeSec: Math.round(deps.uptimeSec()),
      database: { ok: databaseOk, kind: deps.database.kind },
      pbx,
      realtime: deps.getRealtimeStatus(),
      callRecords,
      mode: modeOf(deps.system?.()),
      retention: databaseOk ? await retentionOf(deps.retention) : null,
    }
    res.status(databaseOk ? 200 : 503).json(view)
  })
  return router
}

async function retentionOf(read: HealthDeps['retention']): Promise<RetentionHealth | null> {
  if (read === undefined) return null
  try {
    return await read()
  } catch {
    return null
  }
}

function modeOf(system: (SystemInfo & { reason: string }) | undefined): HealthView['mode'] {
  if (system === undefined) return { name: 'production', reason: '', simulator: false, warnings: [] }
  return { name: system.mode, reason: system.reason, simulator: system.simulator, warnings: system.warnings }
}

/**
 * `GET /api/v1/calls?active=1`: live calls on every PBX (with caller numbers: supervisors and admins
 * only). Without `active=1`: today's finished calls from the database, newest first, paged.
 */
import { Router } from 'express'
import { z } from 'zod'
import { requireRole } from '../../auth/require-role.ts'
import { CALL_LIST_ROLES } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { listFinishedCalls } from '../../services/calls/call-history.ts'
import { dayStartOf, statsConfig } from '../../../telephony/index.ts'
import type { TelephonyRouteDeps } from './queues.ts'

const callsQuery = z.object({
  active: z.enum(['0', '1', 'true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  pbxId: z.string().trim().max(32).optional(),
  queue: z.string().trim().max(80).optional(),
})

export function callRoutes(deps: TelephonyRouteDeps & { prisma: PrismaClient }): Router {
  const router = Router()
  const now = deps.now ?? Date.now
  router.get('/calls', requireRole(...CALL_LIST_ROLES), async (req, res) => {
    const q = callsQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    if (q.active === '1' || q.active === 'true') {
      res.json({ at: now(), active: true, calls: deps.telephony()?.calls() ?? [] })
      return
    }
    const since = new Date(dayStartOf(now(), statsConfig()))
    res.json({
      active: false,
      ...(await listFinishedCalls(deps.prisma, {
        since,
        page: q.page,
        pageSize: q.pageSize,
        pbxId: q.pbxId,
        queue: q.queue,
      })),
    })
  })
  return router
}

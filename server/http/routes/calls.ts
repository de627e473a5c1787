/**
 * `GET /api/v1/calls?active=1`: live calls on every PBX (with caller numbers: supervisors and admins
 * only). Without `active=1`: today's finished calls from the database, newest first, paged. Every
 * answer is a read of the callers' numbers and is audited before it is sent (call-list-audit.ts).
 */
import { Router } from 'express'
import { z } from 'zod'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import { recordCallListRead } from '../../services/audit/call-list-audit.ts'
import '../request-context.ts'
import { CALL_LIST_ROLES } from '../../contract/views.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { listFinishedCalls } from '../../services/calls/call-history.ts'
import { istanbulDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import type { TelephonyRouteDeps } from './queues.ts'

const callsQuery = z.object({
  active: z.enum(['0', '1', 'true', 'false']).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  pbxId: textField().trim().max(32).optional(),
  queue: textField().trim().max(80).optional(),
})

export function callRoutes(deps: TelephonyRouteDeps & { prisma: PrismaClient }): Router {
  const router = Router()
  const now = deps.now ?? Date.now
  router.get('/calls', requireRole(...CALL_LIST_ROLES), async (req, res) => {
    const q = callsQuery.parse(req.query)
    const p = req.principal
    if (p === undefined) throw new UnauthorizedError()
    const actor = actorFromUser(p, req.ip)
    res.setHeader('Cache-Control', 'no-store')
    if (q.active === '1' || q.active === 'true') {
      const calls = deps.telephony()?.calls() ?? []
      await recordCallListRead(
        deps.prisma,
        actor,
        new Date(),
        { list: 'live', via: 'http' },
        calls.map((c) => ({ key: `${c.pbxId}/${c.callId}`, e164: c.callerNumber ?? null })),
      )
      res.json({ at: now(), active: true, calls })
      return
    }
    const since = istanbulInstant(istanbulDate(new Date(now())), 0)
    const page = await listFinishedCalls(deps.prisma, {
      since,
      page: q.page,
      pageSize: q.pageSize,
      pbxId: q.pbxId,
      queue: q.queue,
      role: actor.role,
    })
    await recordCallListRead(
      deps.prisma,
      actor,
      new Date(),
      {
        list: 'finished',
        via: 'http',
        query: { page: q.page, pageSize: q.pageSize, pbxId: q.pbxId ?? null, queue: q.queue ?? null },
      },
      page.items.map((c) => ({
        key: c.id,
        e164: c.callerNumber,
        ...(c.citizenId === null ? {} : { citizenIds: [c.citizenId] }),
      })),
    )
    res.json({ active: false, ...page })
  })
  return router
}

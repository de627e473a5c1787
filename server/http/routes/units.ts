/** `GET /api/v1/units`: the routing directory (units with open/overdue counts, and the desks). */
import { Router } from 'express'
import { requireRole } from '../../auth/require-role.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import { listUnits } from '../../services/tickets/units.ts'
import { ALL_ROLES } from './tickets.ts'

export function unitRoutes(deps: ServiceDeps): Router {
  const router = Router()
  router.get('/units', requireRole(...ALL_ROLES), async (_req, res) => {
    res.json(await listUnits(deps))
  })
  return router
}

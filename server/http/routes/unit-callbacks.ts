/**
 * `/api/v1/worklists/unit-callbacks…` (ADR 007): a unit's callers lost on a switchboard transfer.
 * Unit staff see their own unit only (masked numbers; the full number through `reveal`, audited);
 * supervisor and admin any unit (`?unitId=`) or all of them.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { CONTACT_OUTCOMES } from '../../contract/tickets.ts'
import { UNIT_CALLBACK_ROLES, type UnitCallbackList } from '../../contract/unit-callbacks.ts'
import {
  listUnitCallbacks,
  recordUnitCallbackAttempt,
  revealCallbackPhone,
  type UnitCallbackDeps,
} from '../../services/callbacks/unit-callbacks.ts'
import { actorOf, idParam } from './tickets.ts'

const listQuery = z.object({ unitId: idField().optional() })
const attemptBody = z.strictObject({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: textField().trim().max(2000).nullish(),
  close: z.boolean().optional(),
})

export function unitCallbackRoutes(deps: UnitCallbackDeps): Router {
  const router = Router()
  const guard = requireRole(...UNIT_CALLBACK_ROLES)

  router.get('/worklists/unit-callbacks', guard, async (req, res) => {
    const query = listQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    const body: UnitCallbackList = { items: await listUnitCallbacks(deps, actorOf(req), query) }
    res.json(body)
  })

  router.post('/worklists/unit-callbacks/:id/reveal', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await revealCallbackPhone(deps, actorOf(req), id))
  })

  router.post('/worklists/unit-callbacks/:id/attempts', guard, async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = attemptBody.parse(req.body ?? {})
    res.status(201).json(await recordUnitCallbackAttempt(deps, actorOf(req), id, body))
  })

  return router
}

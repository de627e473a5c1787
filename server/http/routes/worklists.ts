/**
 * `/api/v1/worklists…`: "vatandaşa bildir" (answers to relay) and the missed-call list with its attempts.
 * Directorate roles only: both lists exist to phone citizens back.
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { CONTACT_OUTCOMES } from '../../contract/tickets.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import {
  missedCallsWorklist,
  notifyWorklist,
  recordCallbackAttempt,
} from '../../services/tickets/worklists.ts'
import { actorOf, DIRECTORATE, idParam } from './tickets.ts'

const attemptBody = z.object({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: textField().trim().max(2000).nullish(),
  callId: idField().nullish(),
})

export function worklistRoutes(deps: ServiceDeps): Router {
  const router = Router()

  router.get('/worklists/notify', requireRole(...DIRECTORATE), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await notifyWorklist(deps, actorOf(req)) })
  })

  router.get('/worklists/missed-calls', requireRole(...DIRECTORATE), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await missedCallsWorklist(deps, actorOf(req)) })
  })

  router.post('/worklists/missed-calls/:id/attempts', requireRole(...DIRECTORATE), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = attemptBody.parse(req.body ?? {})
    res.status(201).json(await recordCallbackAttempt(deps, actorOf(req), id, body))
  })

  return router
}

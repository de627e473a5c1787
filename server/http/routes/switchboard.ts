/**
 * The switchboard console's HTTP side, operators and supervisors only:
 *   GET  /switchboard                               the console state (also sent over the socket)
 *   POST /switchboard/transfers                     { call, extensionId, kind: 'blind'|'attended' }
 *   POST /switchboard/transfers/:id/complete        finish a consult (attended transfer)
 *   POST /switchboard/transfers/:id/return          "geri al": take the call back
 *   POST /switchboard/alerts/:id/dismiss            the operator has seen an alert
 * Every answer says in Turkish what happened and carries the PBX's own words. A failed action answers
 * with the one error model (docs/errors.md): `pbx_refused` (502, Asterisk's words in the message and in
 * `details.pbxMessage`, nothing changed), `pbx_unreachable` (503, nothing done) or `pbx_timeout` (504,
 * outcome unknown).
 */
import { Router, type Request } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import { requireRole } from '../../auth/require-role.ts'
import { SWITCHBOARD_ROLES } from '../../contract/switchboard.ts'
import { NotFoundError, UnauthorizedError } from '../../errors.ts'
import { actorFromUser } from '../../services/audit/actor.ts'
import { pbxNotConfigured } from '../../services/telephony/control-errors.ts'
import type { SwitchboardService } from '../../services/switchboard/switchboard-service.ts'
import type { TransferActor } from '../../services/switchboard/transfer-actions.ts'

export interface SwitchboardRouteDeps {
  /** null when Pano runs without live telephony. */
  switchboard: () => SwitchboardService | null
}

const transferBody = z.strictObject({
  call: textField().min(3).max(200),
  extensionId: idField(),
  kind: z.enum(['blind', 'attended']).default('blind'),
})
const idParam = z.object({ id: idField() })

function actorOf(req: Request): TransferActor {
  const p = req.principal
  if (p === undefined) throw new UnauthorizedError()
  return { userId: p.userId, role: p.role }
}

export function switchboardRoutes(deps: SwitchboardRouteDeps): Router {
  const router = Router()
  const guard = requireRole(...SWITCHBOARD_ROLES)
  const service = (): SwitchboardService => {
    const s = deps.switchboard()
    if (s === null) throw pbxNotConfigured('Santral konsolu')
    return s
  }

  router.get('/switchboard', guard, (req, res) => {
    const p = req.principal
    if (p?.kind !== 'user') throw new UnauthorizedError()
    res.setHeader('Cache-Control', 'no-store')
    res.json(service().snapshot(actorFromUser(p, req.ip)))
  })

  router.post('/switchboard/transfers', guard, async (req, res) => {
    const body = transferBody.parse(req.body ?? {})
    res.json(await service().transfer(actorOf(req), body))
  })

  router.post('/switchboard/transfers/:id/complete', guard, async (req, res) => {
    res.json(await service().completeConsult(actorOf(req), idParam.parse(req.params).id))
  })

  router.post('/switchboard/transfers/:id/return', guard, async (req, res) => {
    res.json(await service().returnTransfer(actorOf(req), idParam.parse(req.params).id))
  })

  router.post('/switchboard/alerts/:id/dismiss', guard, (req, res) => {
    if (!service().dismissAlert(actorOf(req), idParam.parse(req.params).id))
      throw new NotFoundError('Uyarı bulunamadı.')
    res.status(204).end()
  })

  return router
}

/**
 * `/api/v1/desk…`: the Çağrı Masası. The agent's own state and numbers, pause
 * and unpause through the PBX, decisions about the call on screen (citizen, ticket, wrap-up) and
 * click-to-call from the worklists. The pop itself arrives on the socket (room `agent:<userId>`).
 */
import { Router } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import type { Role } from '../../contract/auth.ts'
import type { OriginateBody, PopTicketBody, WrapUpBody } from '../../contract/agent-desk.ts'
import { PRIORITIES, TICKET_TYPES } from '../../contract/tickets.ts'
import { requireRole } from '../../auth/require-role.ts'
import type { AgentDesk } from '../../services/agent-desk/desk-service.ts'
import { AppError } from '../../errors.ts'
import { actorOf } from './tickets.ts'

const DESK: [Role, ...Role[]] = ['agent', 'supervisor']
const CALLERS: [Role, ...Role[]] = ['agent', 'operator', 'supervisor', 'admin']

const popParam = z.object({ popId: textField().min(3).max(300) })
const pauseBody = z.object({ reason: textField().trim().min(1, 'Mola nedeni seçin.').max(80) })
const citizenBody = z.object({ citizenId: idField() })
const wrapUpBody = z.object({
  wrapUpCodeId: idField(),
  note: textField().trim().max(2000).nullish(),
  callback: z
    .strictObject({
      at: textField().datetime({ offset: true, message: 'Geçerli bir tarih ve saat seçin.' }),
      assignTo: z.enum(['me', 'queue'], { message: 'Kendiniz ya da kuyruk için seçin.' }),
      note: textField().trim().max(500).nullish(),
    })
    .optional(),
})
const ticketBody = z.object({
  type: z.enum(TICKET_TYPES),
  subject: textField().trim().min(1, 'Konu gerekli.').max(200),
  description: textField().trim().min(1, 'Açıklama gerekli.').max(10_000),
  category: textField().trim().max(100).nullish(),
  unitId: idField().nullish(),
  priority: z.enum(PRIORITIES).optional(),
  citizenId: idField().nullish(),
})
const originateBody = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('ticket'), ticketId: idField() }),
    z.object({ kind: z.literal('callback'), callbackId: idField() }),
  ]),
  phone: textField().trim().min(3).max(40).optional(),
})

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** `getDesk` is read per request: the desk starts after the app (it needs socket.io for its pushes). */
export function deskRoutes(getDesk: () => AgentDesk | null): Router {
  const router = Router()
  const desk = (): AgentDesk => {
    const current = getDesk()
    if (current === null) throw new AppError(503, 'desk_unavailable', 'Çağrı Masası henüz hazır değil.')
    return current
  }

  router.get('/desk/me', requireRole(...DESK), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json(await desk().state(actorOf(req)))
  })

  router.post('/desk/pause', requireRole(...DESK), async (req, res) => {
    const { reason } = pauseBody.parse(req.body ?? {})
    res.json(await desk().pause(actorOf(req), reason))
  })

  router.post('/desk/unpause', requireRole(...DESK), async (req, res) => {
    res.json(await desk().unpause(actorOf(req)))
  })

  router.post('/desk/pops/:popId/citizen', requireRole(...DESK), async (req, res) => {
    const { popId } = popParam.parse(req.params)
    const { citizenId } = citizenBody.parse(req.body ?? {})
    res.json({ pop: await desk().selectCitizen(actorOf(req), popId, citizenId) })
  })

  router.post('/desk/pops/:popId/tickets', requireRole(...DESK), async (req, res) => {
    const { popId } = popParam.parse(req.params)
    const body = defined(ticketBody.parse(req.body ?? {})) as PopTicketBody
    res.status(201).json(await desk().createTicketFromPop(actorOf(req), popId, body))
  })

  router.post('/desk/pops/:popId/wrap-up', requireRole(...DESK), async (req, res) => {
    const { popId } = popParam.parse(req.params)
    const body = defined(wrapUpBody.parse(req.body ?? {})) as WrapUpBody
    res.json(await desk().wrapUp(actorOf(req), popId, body))
  })

  router.get('/desk/uncoded-calls', requireRole(...DESK), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await desk().uncodedCalls(actorOf(req)) })
  })

  router.get('/desk/scheduled-callbacks', requireRole(...DESK), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store')
    res.json({ items: await desk().plannedCallbacks(actorOf(req)) })
  })

  router.post('/desk/pops/:popId/dismiss', requireRole(...DESK), (req, res) => {
    const { popId } = popParam.parse(req.params)
    desk().dismiss(actorOf(req), popId)
    res.status(204).end()
  })

  router.post('/desk/originate', requireRole(...CALLERS), async (req, res) => {
    const body = defined(originateBody.parse(req.body ?? {})) as OriginateBody
    res.status(202).json(await desk().calls.start(actorOf(req), body))
  })

  return router
}

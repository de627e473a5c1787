/**
 * `/api/v1/tickets…`: the Talepler list, one ticket with its history, opening tickets and every action on
 * them. Role guards here say who may call a route at all; the services decide per ticket (unit staff:
 * only their unit's tickets, 403 for another unit's) and mask personal data per role.
 */
import { Router, type Request } from 'express'
import { z } from 'zod'
import { idField } from '../../contract/id-field.ts'
import { textField } from '../../contract/text-field.ts'
import type { Role } from '../../contract/auth.ts'
import {
  CHANNELS,
  CONTACT_OUTCOMES,
  LEGAL_TRACKS,
  PRIORITIES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type CreateTicketBody,
} from '../../contract/tickets.ts'
import { requireRole } from '../../auth/require-role.ts'
import { NotFoundError, UnauthorizedError } from '../../errors.ts'
import { actorFromUser, type Actor } from '../../services/audit/actor.ts'
import type { ServiceDeps } from '../../services/tickets/service-deps.ts'
import { createTicket } from '../../services/tickets/ticket-create.ts'
import { previewDueDate } from '../../services/tickets/ticket-deadlines.ts'
import { linkCallToTicket } from '../../services/tickets/ticket-calls.ts'
import {
  addComment,
  answerTicket,
  extendTicket,
  notifyCitizen,
  returnTicket,
  routeTicket,
  transitionTicket,
} from '../../services/tickets/ticket-actions.ts'
import { getTicketDetail, listTickets } from '../../services/tickets/ticket-queries.ts'
import { ticketMessagesCsv, ticketMessagesFileName } from '../../services/tickets/ticket-messages-csv.ts'
import { notifyCitizenInWriting } from '../../services/tickets/ticket-notify-written.ts'
import { MESSAGE_CHANNELS } from '../../contract/messaging.ts'
import '../request-context.ts'

export const ALL_ROLES: [Role, ...Role[]] = ['agent', 'operator', 'unit', 'supervisor', 'admin']
export const DIRECTORATE: [Role, ...Role[]] = ['agent', 'operator', 'supervisor', 'admin']
const ANSWERING: [Role, ...Role[]] = ['unit', 'supervisor', 'admin']
const EXTENDING: [Role, ...Role[]] = ['agent', 'supervisor', 'admin']

/** The signed-in user as the services see them (the role guard ran before). */
export function actorOf(req: Request): Actor {
  const p = req.principal
  if (p?.kind !== 'user') throw new UnauthorizedError()
  return actorFromUser(p, req.ip)
}

export const idParam = z.object({ id: idField() })
const ticketNumberParam = textField().regex(/^\d{4}-\d{6,12}$/)

const text = (max: number, message: string) => textField().trim().min(1, message).max(max)
const optionalText = (max: number) => textField().trim().max(max).nullish()
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
  .transform((v) => v === true || v === 'true' || v === '1')
/** `?status=YENI,ISLEMDE` or `?status=YENI&status=ISLEMDE`. */
const statusList = z
  .union([textField(), z.array(textField())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''))
  .pipe(z.array(z.enum(TICKET_STATUSES)))

const listQuery = z.object({
  status: statusList.optional(),
  unitId: idField().optional(),
  overdue: flag.optional(),
  dueSoon: flag.optional(),
  track: z.enum(LEGAL_TRACKS).optional(),
  q: textField().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
})

const createBody = z.object({
  type: z.enum(TICKET_TYPES),
  channel: z.enum(CHANNELS),
  subject: text(200, 'Konu gerekli.'),
  description: text(10_000, 'Açıklama gerekli.'),
  category: optionalText(100),
  unitId: idField().nullish(),
  deskId: idField().nullish(),
  priority: z.enum(PRIORITIES).optional(),
  citizenId: idField().nullish(),
  externalRef: textField()
    .trim()
    .max(40)
    .regex(/^[\p{L}\d./-]*$/u, 'Başvuru numarası yalnızca harf, rakam, nokta, eğik çizgi ve tire içerebilir.')
    .nullish(),
  callId: idField().nullish(),
  kvkkRequest: z.boolean().optional(),
  formalPetition: z.boolean().optional(),
})

const previewQuery = z.object({
  channel: z.enum(CHANNELS),
  type: z.enum(TICKET_TYPES),
  kvkkRequest: flag.optional(),
  formalPetition: flag.optional(),
})

const transitionBody = z.object({ to: z.enum(TICKET_STATUSES), note: optionalText(2000) })
const routeBody = z.object({ unitId: idField(), note: optionalText(2000) })
const answerBody = z.object({ answer: text(10_000, 'Yanıt metni gerekli.') })
const returnBody = z.object({ reason: text(2000, 'İade gerekçesi gerekli.') })
const notifyBody = z.object({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: optionalText(2000),
  close: z.boolean().optional(),
})
const notifyWrittenBody = z.object({
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  close: z.boolean().optional(),
})
const extendBody = z.object({ reason: text(2000, 'Uzatma gerekçesi gerekli.') })
const commentBody = z.object({ text: text(5000, 'Not metni gerekli.') })
const linkBody = z.object({ callId: idField() })

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

export function ticketRoutes(deps: ServiceDeps): Router {
  const router = Router()

  router.get('/tickets', requireRole(...ALL_ROLES), async (req, res) => {
    const query = listQuery.parse(req.query)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await listTickets(deps, actorOf(req), query))
  })

  router.get('/tickets/due-preview', requireRole(...DIRECTORATE), async (req, res) => {
    const query = previewQuery.parse(req.query)
    res.json(await previewDueDate(deps, query))
  })

  router.post('/tickets', requireRole(...DIRECTORATE), async (req, res) => {
    const body = stripUndefined(createBody.parse(req.body ?? {})) as CreateTicketBody
    const actor = actorOf(req)
    const created = await createTicket(deps, actor, body)
    const detail = await getTicketDetail(deps, actor, created.id)
    res.status(201).json({ ticket: detail, warnings: created.warnings })
  })

  /** By id, or by its number (`2026-000123`): a ticket's own address in the app is `/talepler/<number>`. */
  // The written messages as a CSV for a CİMER or 4982 file (docs/messaging.md §5): built from the
  // detail's own view, so the same roles, masking and audit apply.
  router.get('/tickets/:id/messages.csv', requireRole(...ALL_ROLES), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const detail = await getTicketDetail(deps, actorOf(req), id)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Content-Type', 'text/csv; charset=utf-8')
    res.setHeader('Content-Disposition', `attachment; filename="${ticketMessagesFileName(detail.number)}"`)
    res.send(ticketMessagesCsv(detail.messages))
  })

  router.get('/tickets/:id', requireRole(...ALL_ROLES), async (req, res) => {
    const number = ticketNumberParam.safeParse(req.params.id)
    const id = number.success
      ? ((await deps.prisma.ticket.findUnique({ where: { number: number.data }, select: { id: true } }))
          ?.id ?? null)
      : idParam.parse(req.params).id
    if (id === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
    res.setHeader('Cache-Control', 'no-store')
    res.json(await getTicketDetail(deps, actorOf(req), id))
  })

  /** Every action answers with the ticket as it is now. */
  const action = <S extends z.ZodType>(
    path: string,
    roles: [Role, ...Role[]],
    schema: S,
    run: (actor: Actor, id: number, body: z.output<S>) => Promise<unknown>,
  ) => {
    router.post(`/tickets/:id/${path}`, requireRole(...roles), async (req, res) => {
      const { id } = idParam.parse(req.params)
      const body = schema.parse(req.body ?? {})
      const actor = actorOf(req)
      await run(actor, id, body)
      res.json(await getTicketDetail(deps, actor, id))
    })
  }

  action('transition', ALL_ROLES, transitionBody, (a, id, b) => transitionTicket(deps, a, id, b))
  action('route', DIRECTORATE, routeBody, (a, id, b) => routeTicket(deps, a, id, b))
  action('answer', ANSWERING, answerBody, (a, id, b) => answerTicket(deps, a, id, b))
  // The unit no longer sees a ticket it sent back, so this action answers with the ticket's number only.
  router.post('/tickets/:id/return', requireRole(...ANSWERING), async (req, res) => {
    const { id } = idParam.parse(req.params)
    const body = returnBody.parse(req.body ?? {})
    res.json(await returnTicket(deps, actorOf(req), id, body))
  })
  action('notify', DIRECTORATE, notifyBody, (a, id, b) => notifyCitizen(deps, a, id, b))
  action('notify-written', DIRECTORATE, notifyWrittenBody, (a, id, b) =>
    notifyCitizenInWriting(deps, a, id, b),
  )
  action('extend', EXTENDING, extendBody, (a, id, b) => extendTicket(deps, a, id, b))
  action('comments', ALL_ROLES, commentBody, (a, id, b) => addComment(deps, a, id, b))
  action('calls', DIRECTORATE, linkBody, (a, id, b) => linkCallToTicket(deps, a, b.callId, id))

  return router
}

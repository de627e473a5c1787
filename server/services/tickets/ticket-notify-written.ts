/**
 * "Vatandaşa bildir" in writing: the unit's answer goes to the citizen as a message (e-mail, SMS or
 * WhatsApp) queued in the same transaction that moves the ticket to VATANDASA_BILDIRILDI
 * (docs/decisions/010-outbox-with-pg-boss.md). A citizen without consent, channel or a valid recipient
 * is refused with the reason at the field (400) before anything is queued; the phone flow
 * (ticket-actions.ts `notifyCitizen`) stays for them.
 */
import type { MessageChannelCode } from '../../contract/messaging.ts'
import type { Prisma } from '../../db/generated/client.ts'
import { ConflictError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { changeTicket, checkMove } from './ticket-actions.ts'
import { DIRECTORATE_ROLES, requireRole } from './ticket-access.ts'
import type { NewTicketEvent } from './ticket-history.ts'
import type { ServiceDeps } from './service-deps.ts'

export async function notifyCitizenInWriting(
  deps: ServiceDeps,
  actor: Actor,
  ticketId: number,
  input: { channel?: MessageChannelCode | undefined; close?: boolean | undefined },
): Promise<void> {
  requireRole(actor, DIRECTORATE_ROLES, 'Vatandaşa bildirimi Halkla İlişkiler personeli yapar.')
  const messaging = deps.messaging
  if (!messaging) throw new ConflictError('Yazılı bildirim bu kurulumda kapalı.', 'messaging_off')
  await changeTicket(deps, actor, ticketId, async (t, now, tx) => {
    if (t.status !== 'YANITLANDI') {
      throw new ConflictError(
        'Yalnızca birimin yanıtladığı talep vatandaşa bildirilir.',
        'ticket_not_answered',
      )
    }
    checkMove('YANITLANDI', 'VATANDASA_BILDIRILDI', actor, null)
    const queued = await messaging.queueInTx(tx, {
      ticketId,
      templateKey: 'ANSWER_RELAYED',
      actor,
      at: now,
      values: { answer: t.unitAnswer ?? '' },
      ...(input.channel ? { channel: input.channel } : {}),
    })
    if (!queued.queued) {
      throw new ValidationError([
        {
          path: queued.field === 'citizen' ? 'citizen' : 'channel',
          code: 'not_writable',
          message: queued.reason,
        },
      ])
    }
    const events: NewTicketEvent[] = [
      {
        kind: 'CITIZEN_NOTIFIED',
        fromStatus: 'YANITLANDI',
        toStatus: 'VATANDASA_BILDIRILDI',
        data: { via: 'written', channel: queued.channel, messageId: queued.messageId },
      },
    ]
    const data: Prisma.TicketUncheckedUpdateInput = { status: 'VATANDASA_BILDIRILDI' }
    if (input.close === true) {
      checkMove('VATANDASA_BILDIRILDI', 'KAPANDI', actor, null)
      events.push({ kind: 'STATUS_CHANGED', fromStatus: 'VATANDASA_BILDIRILDI', toStatus: 'KAPANDI' })
      data.status = 'KAPANDI'
      data.closedAt = now
    }
    await tx.callback.updateMany({
      where: { ticketId, reason: 'TICKET_NOTIFY', status: 'OPEN' },
      data: { status: 'DONE', closedAt: now },
    })
    return { data, events }
  })
}

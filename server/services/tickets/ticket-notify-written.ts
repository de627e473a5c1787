/**
 * "Vatandaşa bildir" in writing: the unit's answer goes to the citizen as a message (e-mail, SMS or
 * WhatsApp) queued in the same transaction that moves the ticket to VATANDASA_BILDIRILDI
 * (docs/decisions/010-outbox-with-pg-boss.md). A citizen without consent, channel or a valid recipient
 * is refused with the reason at the field (400) before anything is queued; the phone flow
 * (ticket-actions.ts `notifyCitizen`) stays for them.
 */
import type { MessageChannelCode } from '../../contract/messaging.ts'
import { ConflictError, ValidationError } from '../../errors.ts'
import type { Actor } from '../audit/actor.ts'
import { answerRelayed, changeTicket, requireAnswered } from './ticket-actions.ts'
import { DIRECTORATE_ROLES, requireRole } from './ticket-access.ts'
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
    requireAnswered(t)
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
    return answerRelayed(
      tx,
      actor,
      ticketId,
      now,
      { data: { via: 'written', channel: queued.channel, messageId: queued.messageId } },
      input.close,
    )
  })
}

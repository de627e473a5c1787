/**
 * Click-to-call: an async Originate from the agent's own extension to a citizen's
 * number taken from the ticket or the missed-call row (never a free-typed number), progress pushed to
 * `agent:<userId>` (aranıyor… → bağlandı / ulaşılamadı, from the correlated OriginateResponse), the
 * outbound call stored as an OUTBOUND Call row and linked to the ticket. The outcome the agent then
 * records goes through the ticket's notify action or the callback attempt, with this call's id.
 */
import { randomUUID } from 'node:crypto'
import {
  deskRoom,
  DESK_EVENTS,
  type DeskMember,
  type OriginateBody,
  type OriginateProgress,
} from '../../contract/agent-desk.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { formatPhoneTr, normalizePhone } from '../../domain/phone.ts'
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { OriginateOutcome } from '../../../telephony/index.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, CITIZEN_ENTITY, recordAudit } from '../audit/audit-log.ts'
import type { DeskSink } from '../screen-pop/screen-pop-service.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { DIRECTORATE_ROLES, requireRole } from '../tickets/ticket-access.ts'
import { linkCallToTicket } from '../tickets/ticket-calls.ts'
import type { DeskTelephony } from './desk-telephony.ts'
import { MEMBER_INTERFACES_SELECT } from '../users/member-interfaces.ts'
import { originateReasonText, pbxFailureSentence, pbxNotConfigured } from '../telephony/control-errors.ts'

export interface ClickToCallOptions {
  services: ServiceDeps
  prisma: PrismaClient
  logger: Logger
  telephony: DeskTelephony | null
  sink: DeskSink
  memberOf: (userId: number) => DeskMember | null
  /** The agent's own phone as an Originate channel (default `Local/<ext>@agents`). */
  channelFor?: (extension: string) => string
  /** Dialplan context that dials the citizen out (default `click2call-dest`). */
  context?: string
  ringTimeoutMs?: number
}

export interface ClickToCall {
  start(actor: Actor, body: OriginateBody): Promise<OriginateProgress>
  /** Resolves when every Originate started so far has been settled and stored (tests). */
  idle(): Promise<void>
}

/** What to dial: `0` + national number in Türkiye, `00` + digits abroad (the trunk's convention). */
export function dialString(e164: string): string {
  return e164.startsWith('+90') ? `0${e164.slice(3)}` : `00${e164.slice(1)}`
}

interface Target {
  phones: string[]
  citizenId: number | null
  ticketId: number | null
  callbackId: number | null
}

export function createClickToCall(options: ClickToCallOptions): ClickToCall {
  const { prisma, services, sink } = options
  const log = options.logger.child({ module: 'click-to-call' })
  const channelFor = options.channelFor ?? ((ext: string) => `Local/${ext}@agents`)
  const context = options.context ?? 'click2call-dest'
  const inFlight = new Set<Promise<void>>()

  async function targetOf(body: OriginateBody): Promise<Target> {
    if (body.target.kind === 'ticket') {
      const ticket = await prisma.ticket.findUnique({
        where: { id: body.target.ticketId },
        select: {
          id: true,
          citizen: { select: { id: true, phones: { orderBy: { id: 'asc' }, select: { e164: true } } } },
        },
      })
      if (ticket === null) throw new NotFoundError('Talep bulunamadı.', 'ticket_not_found')
      if (ticket.citizen === null || ticket.citizen.phones.length === 0)
        throw new ConflictError('Bu talebin vatandaşına ait telefon numarası yok.', 'no_phone')
      return {
        phones: ticket.citizen.phones.map((p) => p.e164),
        citizenId: ticket.citizen.id,
        ticketId: ticket.id,
        callbackId: null,
      }
    }
    const callback = await prisma.callback.findUnique({
      where: { id: body.target.callbackId },
      select: { phoneE164: true, citizenId: true, ticketId: true, status: true },
    })
    if (callback === null) throw new NotFoundError('Geri arama kaydı bulunamadı.', 'callback_not_found')
    if (callback.status !== 'OPEN')
      throw new ConflictError('Bu geri arama zaten kapanmış.', 'callback_closed')
    return {
      phones: [callback.phoneE164],
      citizenId: callback.citizenId,
      ticketId: null,
      callbackId: body.target.callbackId,
    }
  }

  function chooseNumber(target: Target, asked: string | undefined): string {
    if (asked === undefined) return target.phones[0] as string
    const phone = normalizePhone(asked)
    if (!phone.ok || !target.phones.includes(phone.e164))
      throw new ValidationError([
        { path: 'phone', code: 'not_allowed', message: 'Yalnızca kayıtlı numaralardan biri aranabilir.' },
      ])
    return phone.e164
  }

  async function storeCall(
    progressId: string,
    pbxId: string,
    actor: Actor,
    user: { displayName: string; memberInterfaces: ReadonlyArray<{ interface: string }> },
    target: Target,
    e164: string,
    startedAt: Date,
    outcome: { ok: true; value: OriginateOutcome } | { ok: false },
  ): Promise<number> {
    const at = services.clock.now()
    const success = outcome.ok && outcome.value.success
    const call = await prisma.call.create({
      data: {
        pbxId,
        callKey: `originate/${progressId}`,
        linkedId: (outcome.ok ? outcome.value.uniqueid : undefined) ?? `originate/${progressId}`,
        direction: 'OUTBOUND',
        queue: null,
        callerNumber: e164,
        citizenId: target.citizenId,
        agentUserId: actor.userId,
        agentName: user.displayName,
        agentInterface: user.memberInterfaces[0]?.interface ?? null,
        enteredAt: startedAt,
        answeredAt: success ? at : null,
        endedAt: at,
        waitSec: Math.max(0, (at.getTime() - startedAt.getTime()) / 1000),
        talkSec: null,
        outcome: success ? 'ANSWERED' : outcome.ok ? 'NO_ANSWER' : 'FAILED',
      },
      select: { id: true },
    })
    if (target.ticketId !== null) await linkCallToTicket(services, actor, call.id, target.ticketId)
    return call.id
  }

  return {
    async start(actor, body) {
      requireRole(actor, DIRECTORATE_ROLES, 'Tıkla-ara Halkla İlişkiler personeli içindir.')
      const user = await prisma.user.findUnique({
        where: { id: actor.userId },
        select: { displayName: true, extension: true, ...MEMBER_INTERFACES_SELECT },
      })
      if (user === null) throw new NotFoundError('Kullanıcı bulunamadı.', 'user_not_found')
      if (user.extension === null)
        throw new ConflictError('Dahili numaranız tanımlı değil: tıkla-ara kullanılamaz.', 'no_extension')
      if (options.telephony === null) throw pbxNotConfigured('Arama başlatılamadı')
      const target = await targetOf(body)
      const e164 = chooseNumber(target, body.phone)
      const bridges = options.telephony.bridges()
      const pbxId = options.memberOf(actor.userId)?.pbxId ?? bridges[0]?.pbxId
      if (pbxId === undefined) throw pbxNotConfigured('Arama başlatılamadı')
      const id = randomUUID()
      const startedAt = services.clock.now()
      const progress: OriginateProgress = {
        id,
        target: body.target,
        phoneDisplay: formatPhoneTr(e164),
        state: 'calling',
        detail: 'Önce kendi telefonunuz çalar; açınca vatandaşın numarası çevrilir.',
        callId: null,
        at: startedAt.toISOString(),
      }
      // The number dialled stands on the agent's screen in every progress push: one read per call.
      await recordAudit(prisma, actor, startedAt, [
        {
          action: AUDIT_ACTIONS.citizenClickToCall,
          entity: target.citizenId === null ? 'Callback' : CITIZEN_ENTITY,
          entityId: target.citizenId ?? target.callbackId ?? 0,
          detail: {
            progress: id,
            target: { ...body.target },
            ...(target.ticketId === null ? {} : { ticketId: target.ticketId }),
          },
        },
      ])
      const room = deskRoom(actor.userId)
      sink.emit(room, DESK_EVENTS.originate, progress)
      const telephony = options.telephony
      const work = (async () => {
        const result = await telephony.originate(pbxId, {
          channel: channelFor(user.extension as string),
          context,
          exten: dialString(e164),
          timeoutMs: options.ringTimeoutMs ?? 30_000,
        })
        let next: OriginateProgress
        if (result.ok && result.value.success) {
          next = {
            ...progress,
            state: 'connected',
            detail: 'Vatandaşın numarası çevrildi; görüşme bitince sonucu aşağıdan seçin.',
          }
        } else if (result.ok) {
          next = {
            ...progress,
            state: 'failed',
            detail: originateReasonText(result.value.reason),
          }
        } else {
          next = { ...progress, state: 'failed', detail: pbxFailureSentence(result.error) }
        }
        try {
          const callId = await storeCall(
            id,
            pbxId,
            actor,
            user,
            target,
            e164,
            startedAt,
            result.ok ? result : { ok: false },
          )
          next = { ...next, callId }
        } catch (err) {
          log.error({ err, id }, 'storing the click-to-call failed')
        }
        sink.emit(room, DESK_EVENTS.originate, { ...next, at: services.clock.now().toISOString() })
      })().catch((err: unknown) => {
        log.error({ err, id }, 'click-to-call failed')
        sink.emit(room, DESK_EVENTS.originate, {
          ...progress,
          state: 'failed',
          detail: 'Çağrı başlatılamadı.',
        })
      })
      inFlight.add(work)
      // Settled either way (never `finally`, which would pass a rejection on to nobody).
      const done = () => inFlight.delete(work)
      void work.then(done, done)
      return progress
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
  }
}

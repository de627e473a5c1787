/**
 * The Çağrı Masası behind `/api/v1/desk…` and the `agent:<userId>` room: the screen pop, the agent's own
 * controls (pause with a reason, unpause, today's numbers), decisions about the call on screen (which
 * citizen, tickets opened from it, wrap-up) and click-to-call (click-to-call.ts).
 *
 *   const desk = await createAgentDesk({ services, prisma, logger, telephony: deskTelephonyFrom(svc), sink })
 *   desk.state(actor) / desk.pause(actor, 'Mola') / desk.createTicketFromPop(actor, popId, body)
 */
import type {
  DeskState,
  PauseResult,
  PlannedCallback,
  PopCitizen,
  PopTicketBody,
  PopTicketResult,
  ScreenPop,
  UncodedCall,
  WrapUpBody,
  WrapUpResult,
} from '../../contract/agent-desk.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { formatPhoneTr } from '../../domain/phone.ts'
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordCitizenReads } from '../audit/audit-log.ts'
import {
  createScreenPopService,
  type DeskSink,
  type PopReplica,
  type ScreenPopService,
} from '../screen-pop/screen-pop-service.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { createTicket } from '../tickets/ticket-create.ts'
import { createCallFollowups, type CallFollowups } from './call-followups.ts'
import { createClickToCall, type ClickToCall, type ClickToCallOptions } from './click-to-call.ts'
import { pbxError, pbxNotConfigured } from '../telephony/control-errors.ts'
import type { DeskTelephony } from './desk-telephony.ts'
import { settlesWithin } from '../../settles-within.ts'
import { interfacesOf, MEMBER_INTERFACES_SELECT } from '../users/member-interfaces.ts'
import { uncodedCallsOf } from './uncoded-calls.ts'
import { CALLBACK_WRAP_UP_CODE, plannedCallbacksOf, scheduleCallback } from './scheduled-callback.ts'
import { AUTO_PAUSE_REASON, choosablePauseReason } from '../telephony/pause-reasons.ts'

/** Asterisk's own reason after unanswered rings: shown, never chosen. */
const AUTO_PAUSE = AUTO_PAUSE_REASON
/** How long a decision on a just-ended call waits for its record to be written; past it, it lands later. */
const STORE_NOW_WAIT_MS = 2_000

export interface AgentDeskOptions {
  services: ServiceDeps
  prisma: PrismaClient
  logger: Logger
  /** null: Pano runs without live telephony (the desk still lists worklists). */
  telephony: DeskTelephony | null
  sink: DeskSink
  clickToCall?: Pick<ClickToCallOptions, 'channelFor' | 'context' | 'ringTimeoutMs'>
  userRefreshMs?: number
  followupSweepMs?: number
  /** Several nodes: pop changes shared over Redis (cluster/pop-replica.ts). */
  popReplica?: PopReplica
}

export interface AgentDesk {
  readonly pops: ScreenPopService | null
  readonly followups: CallFollowups
  readonly calls: ClickToCall
  state(actor: Actor): Promise<DeskState>
  pause(actor: Actor, reason: string): Promise<PauseResult>
  unpause(actor: Actor): Promise<PauseResult>
  selectCitizen(actor: Actor, popId: string, citizenId: number): Promise<ScreenPop | null>
  createTicketFromPop(actor: Actor, popId: string, body: PopTicketBody): Promise<PopTicketResult>
  /** With "geri-aranacak", also schedules the call back at the time chosen (scheduled-callback.ts). */
  wrapUp(actor: Actor, popId: string, body: WrapUpBody): Promise<WrapUpResult>
  /** Today's answered calls of this agent without a wrap-up code that are no longer on screen. */
  uncodedCalls(actor: Actor): Promise<UncodedCall[]>
  /** Call backs promised at wrap-up whose time has not come yet (scheduled-callback.ts). */
  plannedCallbacks(actor: Actor): Promise<PlannedCallback[]>
  dismiss(actor: Actor, popId: string): void
  stop(): void
}

/** `<pbxId>/<callKey>` → its parts (a callKey may itself hold a slash: `<uniqueid>/2`). */
export function parsePopId(popId: string): { pbxId: string; callKey: string } {
  const slash = popId.indexOf('/')
  if (slash <= 0 || slash === popId.length - 1)
    throw new ValidationError([{ path: 'popId', code: 'invalid', message: 'Geçersiz çağrı kimliği.' }])
  return { pbxId: popId.slice(0, slash), callKey: popId.slice(slash + 1) }
}

export async function createAgentDesk(options: AgentDeskOptions): Promise<AgentDesk> {
  const { services, prisma, telephony, sink } = options
  const log = options.logger.child({ module: 'agent-desk' })
  let pops: ScreenPopService | null = null
  const followups = createCallFollowups({
    services,
    prisma,
    logger: options.logger,
    ...(options.followupSweepMs === undefined ? {} : { sweepMs: options.followupSweepMs }),
    onStored: (pbxId, callKey, callId) => {
      const popId = `${pbxId}/${callKey}`
      if (pops?.getPop(popId)?.pop.callId === null) pops.updatePop(popId, { callId })
    },
  })
  const unsubscribeStored =
    telephony?.onCallsStored((pbxId, keys) => void followups.callsStored(pbxId, keys)) ?? (() => {})

  /**
   * Records what the agent decided about a call on the Call row, now or once the row is written. A call
   * that has just ended (its pop in wrap-up) may still be gathered for the recorder's next write
   * (calls/record-batching.ts): that is written at once, so the decision is on the row when the agent
   * moves on. The Call id, or null while the row is not written.
   */
  async function decideOnCall(
    pop: ScreenPop | null,
    pbxId: string,
    callKey: string,
    actor: Actor,
    decision: Parameters<CallFollowups['decide']>[3],
  ): Promise<number | null> {
    const callId = await followups.decide(pbxId, callKey, actor, decision)
    if (callId !== null || pop?.phase !== 'wrap-up' || telephony === null) return callId
    if (!(await settlesWithin(telephony.writeGatheredCalls(), STORE_NOW_WAIT_MS))) return null
    return followups.decide(pbxId, callKey, actor, {})
  }
  if (telephony !== null) {
    pops = await createScreenPopService({
      services,
      prisma,
      logger: options.logger,
      bridges: () => telephony.bridges(),
      subscribe: (l) => telephony.subscribe(l),
      sink,
      acts: (pbxId) => telephony.acts(pbxId),
      ...(options.popReplica ? { replica: options.popReplica } : {}),
      ...(options.userRefreshMs === undefined ? {} : { userRefreshMs: options.userRefreshMs }),
    })
  }
  const calls = createClickToCall({
    services,
    prisma,
    logger: options.logger,
    telephony,
    sink,
    memberOf: (userId) => pops?.memberOf(userId) ?? null,
    ...options.clickToCall,
  })

  async function deskUser(actor: Actor) {
    const user = await prisma.user.findUnique({
      where: { id: actor.userId },
      select: { id: true, displayName: true, extension: true, ...MEMBER_INTERFACES_SELECT },
    })
    if (user === null) throw new NotFoundError('Kullanıcı bulunamadı.', 'user_not_found')
    return {
      id: user.id,
      displayName: user.displayName,
      extension: user.extension,
      memberInterfaces: interfacesOf(user),
    }
  }

  /** The pop must be on this agent's screen; after a restart, the stored call must be theirs. */
  async function ownPop(
    actor: Actor,
    popId: string,
  ): Promise<{ pop: ScreenPop | null; pbxId: string; callKey: string }> {
    const { pbxId, callKey } = parsePopId(popId)
    const live = pops?.getPop(popId)
    if (live !== undefined) {
      if (live.userId !== actor.userId) throw new ForbiddenError('Bu çağrı sizin ekranınızda değil.')
      return { pop: live.pop, pbxId, callKey }
    }
    const user = await deskUser(actor)
    const stored = await prisma.call.findUnique({
      where: { pbxId_callKey: { pbxId, callKey } },
      select: { agentUserId: true, agentInterface: true },
    })
    if (stored === null) throw new NotFoundError('Çağrı bulunamadı.', 'call_not_found')
    const mine =
      stored.agentUserId === actor.userId ||
      (stored.agentInterface !== null && user.memberInterfaces.includes(stored.agentInterface))
    if (!mine) throw new ForbiddenError('Bu çağrı sizin ekranınızda değil.')
    return { pop: null, pbxId, callKey }
  }

  async function setPause(actor: Actor, paused: boolean, reason?: string): Promise<PauseResult> {
    const user = await deskUser(actor)
    if (user.memberInterfaces.length === 0)
      throw new ConflictError('Hesabınız bir çağrı kuyruğuna bağlı değil.', 'no_member_interface')
    const what = paused ? 'Mola verilemedi' : 'Moladan dönülemedi'
    if (telephony === null) throw pbxNotConfigured(what)
    // An agent on several interfaces pauses on all of them: the PBX must not ring a paused person.
    let message = ''
    for (const iface of user.memberInterfaces) {
      const done = await telephony.pauseMember({
        interface: iface,
        paused,
        ...(reason === undefined ? {} : { reason }),
      })
      if (!done.ok) throw pbxError(done.error, what)
      message = done.value.message
    }
    log.info({ userId: actor.userId, paused, reason }, 'agent pause changed')
    return { member: pops?.memberOf(actor.userId) ?? null, message }
  }

  return {
    pops,
    followups,
    calls,
    async state(actor) {
      const [user, reasons, codes] = await Promise.all([
        deskUser(actor),
        prisma.pauseReason.findMany({
          where: { active: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
        }),
        prisma.wrapUpCode.findMany({
          where: { active: true },
          orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
        }),
      ])
      let today: DeskState['today'] = null
      if (user.memberInterfaces.length > 0 && telephony !== null) {
        const sum = { at: Date.now(), answered: 0, missed: 0, talkSec: 0, pausedSec: 0 }
        for (const b of telephony.bridges()) {
          const agents = b.stats().today.agents
          for (const iface of user.memberInterfaces) {
            const a = agents[iface]
            if (a === undefined) continue
            sum.answered += a.answered
            sum.missed += a.missed
            sum.talkSec += a.talkSec
            sum.pausedSec += a.pausedSec
          }
        }
        today = sum
      }
      return {
        user,
        member: pops?.memberOf(actor.userId) ?? null,
        today,
        pauseReasons: reasons
          .filter((r) => r.code !== AUTO_PAUSE)
          .map((r) => ({ code: r.code, label: r.label, productive: r.productive })),
        wrapUpCodes: codes.map((c) => ({ id: c.id, code: c.code, label: c.label })),
        pops: pops?.popsOf(actor.userId) ?? [],
        telephony: telephony !== null,
      }
    },
    async pause(actor, reason) {
      return setPause(actor, true, await choosablePauseReason(prisma, reason))
    },
    unpause: (actor) => setPause(actor, false),
    async selectCitizen(actor, popId, citizenId) {
      const { pop, pbxId, callKey } = await ownPop(actor, popId)
      const citizen = await prisma.citizen.findUnique({
        where: { id: citizenId },
        select: { id: true, mergedIntoId: true, anonymizedAt: true },
      })
      if (citizen === null || citizen.anonymizedAt !== null)
        throw new NotFoundError('Vatandaş kaydı bulunamadı.', 'citizen_not_found')
      const id = citizen.mergedIntoId ?? citizen.id
      await decideOnCall(pop, pbxId, callKey, actor, { citizenId: id })
      // The chosen record's name, mahalle, phones and tickets now stand on the agent's screen.
      await recordCitizenReads(prisma, actor, services.clock.now(), [id], AUDIT_ACTIONS.citizenDeskSelect, {
        pop: popId,
      })
      if (pop === null) return null
      if (pop.candidates.some((c) => c.id === id)) return pops?.updatePop(popId, { citizenId: id }) ?? null
      // A record made or found during the call joins the candidates (no open tickets yet to show).
      const row = await prisma.citizen.findUniqueOrThrow({
        where: { id },
        select: { fullName: true, mahalle: true, phones: { select: { e164: true }, orderBy: { id: 'asc' } } },
      })
      const added: PopCitizen = {
        id,
        fullName: row.fullName,
        mahalle: row.mahalle,
        phones: row.phones.map((p) => formatPhoneTr(p.e164)),
        openTickets: [],
        lastContactAt: null,
      }
      return pops?.updatePop(popId, { citizenId: id, candidates: [...pop.candidates, added] }) ?? null
    },
    async createTicketFromPop(actor, popId, body) {
      const { pop, pbxId, callKey } = await ownPop(actor, popId)
      const citizenId = body.citizenId ?? pop?.citizenId ?? null
      const stored = await prisma.call.findUnique({
        where: { pbxId_callKey: { pbxId, callKey } },
        select: { id: true },
      })
      const created = await createTicket(services, actor, {
        type: body.type,
        channel: 'CAGRI_MERKEZI',
        subject: body.subject,
        description: body.description,
        ...(body.category === undefined ? {} : { category: body.category }),
        ...(body.unitId === undefined ? {} : { unitId: body.unitId }),
        ...(body.priority === undefined ? {} : { priority: body.priority }),
        citizenId,
        callId: stored?.id ?? null,
      })
      let linked = stored !== null
      if (!linked) {
        const callId = await decideOnCall(pop, pbxId, callKey, actor, {
          ticketId: created.id,
          ...(citizenId === null ? {} : { citizenId }),
        })
        linked = callId !== null
      }
      if (pop !== null)
        pops?.updatePop(popId, {
          ticketIds: [...pop.ticketIds, created.id],
          ...(citizenId === null ? {} : { citizenId }),
        })
      return { ticket: { id: created.id, number: created.number }, linked, warnings: created.warnings }
    },
    async wrapUp(actor, popId, body) {
      const { pop, pbxId, callKey } = await ownPop(actor, popId)
      const code = await prisma.wrapUpCode.findFirst({ where: { id: body.wrapUpCodeId, active: true } })
      if (code === null)
        throw new ValidationError([
          { path: 'wrapUpCodeId', code: 'unknown', message: 'Geçerli bir işlem kodu seçin.' },
        ])
      const wantsCallback = code.code === CALLBACK_WRAP_UP_CODE
      if (wantsCallback !== (body.callback !== undefined))
        throw new ValidationError([
          wantsCallback
            ? { path: 'callback.at', code: 'required', message: 'Geri arama zamanını seçin.' }
            : {
                path: 'callback',
                code: 'not_allowed',
                message: 'Geri arama zamanı yalnızca “Geri aranacak” ile seçilir.',
              },
        ])
      let callback: WrapUpResult['callback'] = null
      if (body.callback !== undefined) {
        const stored = await prisma.call.findUnique({
          where: { pbxId_callKey: { pbxId, callKey } },
          select: { callerNumber: true, citizenId: true, queue: true, enteredAt: true },
        })
        const queue = pop?.queue ?? stored?.queue ?? null
        const enteredAt = pop?.enteredAt ?? stored?.enteredAt.toISOString() ?? null
        if (queue === null || enteredAt === null)
          throw new NotFoundError('Çağrı bulunamadı.', 'call_not_found')
        callback = await scheduleCallback(prisma, await services.calendar.current(), services.clock.now(), {
          body: body.callback,
          callerNumber: pop?.callerNumber ?? stored?.callerNumber ?? null,
          citizenId: pop?.citizenId ?? stored?.citizenId ?? null,
          queue,
          calledAt: new Date(enteredAt),
          agentUserId: actor.userId,
        })
      }
      const note = body.note?.trim() || null
      const callId = await decideOnCall(pop, pbxId, callKey, actor, { wrapUp: { codeId: code.id, note } })
      if (pop !== null) {
        pops?.updatePop(popId, { wrapUp: { codeId: code.id, note }, ...(callId === null ? {} : { callId }) })
        if (pop.phase === 'wrap-up') pops?.dismiss(popId)
      }
      return { callId, callback }
    },
    async uncodedCalls(actor) {
      const user = await deskUser(actor)
      const onScreen = new Set((pops?.popsOf(actor.userId) ?? []).map((p) => p.popId))
      return uncodedCallsOf(prisma, user, onScreen, services.clock.now())
    },
    plannedCallbacks: (actor) => plannedCallbacksOf(prisma, actor, services.clock.now()),
    dismiss(actor, popId) {
      const live = pops?.getPop(popId)
      if (live === undefined) return
      if (live.userId !== actor.userId) throw new ForbiddenError('Bu çağrı sizin ekranınızda değil.')
      if (live.pop.phase !== 'wrap-up')
        throw new ConflictError('Süren bir çağrı ekrandan kaldırılamaz.', 'call_in_progress')
      pops?.dismiss(popId)
    },
    stop() {
      unsubscribeStored()
      followups.stop()
      pops?.stop()
    },
  }
}

/**
 * Listen / whisper / barge (docs/decisions/018-listen-whisper-barge.md): a müdür asks to listen to an
 * agent's live call; Pano checks who asks and on which call before anything reaches the PBX, writes
 * the audit row, then originates a call to the müdür's own extension that runs ChanSpy on the agent's
 * channel (`q`, plus `w` or `B`, and `E` so the spy ends with the call). The session follows the spy
 * leg in the live state: when it is gone, the end (how long, why) is audited and the agent's desk told.
 * The leg's channel ids start with `pano-spy-<session>` (telephony/spy-leg.ts), so the live call lists do
 * not show the müdür's own leg as a call.
 *
 *   const spy = createSpyService({ prisma, clock, logger, telephony: () => spyTelephonyFrom(svc), sink })
 *   await spy.start(actor, { interface: 'Local/1001@agents/n', mode: 'listen' })   // 202 'calling'
 */
import { randomUUID } from 'node:crypto'
import { DESK_EVENTS, listenedRoom } from '../../contract/agent-desk.ts'
import {
  SPY_MODE_AGENT_TEXT,
  type DeskListened,
  type SpyBody,
  type SpyMode,
  type SpySessionView,
} from '../../contract/supervision.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import {
  chanSpyData,
  spyLegIds,
  type ChanSpyOption,
  type OriginateOutcome,
  type OriginateRequest,
  type Result,
  type TelephonyState,
} from '../../../telephony/index.ts'
import type { Actor } from '../audit/actor.ts'
import { AUDIT_ACTIONS, recordAudit } from '../audit/audit-log.ts'
import type { DeskSink } from '../screen-pop/screen-pop-service.ts'
import type { Clock } from '../tickets/service-deps.ts'
import { interfacesOf, MEMBER_INTERFACES_SELECT } from '../users/member-interfaces.ts'
import { spyFailureText, spyLog } from './spy-log.ts'
import { spyTargetOf, type SpyTarget } from './spy-target.ts'
import { supervisionSettings } from './supervision-settings.ts'
import { pbxNotConfigured } from '../telephony/control-errors.ts'

/** The part of the telephony service a spy needs (tests hand in the real one through spyTelephonyFrom). */
export interface SpyTelephony {
  bridges(): Array<{ readonly pbxId: string; readonly state: TelephonyState }>
  originate(pbxId: string, request: OriginateRequest): Promise<Result<OriginateOutcome, Error>>
  hangup(pbxId: string, channel: string): Promise<Result<unknown, Error>>
  subscribe(listener: () => void): () => void
}

export function spyTelephonyFrom(service: {
  readonly pbxs: ReadonlyMap<
    string,
    { readonly bridge: { readonly pbxId: string; readonly state: TelephonyState } }
  >
  originate: SpyTelephony['originate']
  hangup: SpyTelephony['hangup']
  subscribe(listener: () => void): () => void
}): SpyTelephony {
  return {
    bridges: () => [...service.pbxs.values()].map((e) => e.bridge),
    originate: (pbxId, r) => service.originate(pbxId, r),
    hangup: (pbxId, channel) => service.hangup(pbxId, channel),
    subscribe: (listener) => service.subscribe(listener),
  }
}

export const SPY_OPTIONS: Record<SpyMode, readonly ChanSpyOption[]> = {
  listen: ['q', 'E'],
  whisper: ['q', 'w', 'E'],
  barge: ['q', 'B', 'E'],
}

/** Queue kinds a müdür may listen on: the call centre's and the switchboard's (docs/kvkk.md). */
const SPIED_KINDS = new Set(['CALL_CENTRE', 'SWITCHBOARD'])

export interface SpyServiceOptions {
  prisma: PrismaClient
  clock: Clock
  logger: Logger
  telephony: () => SpyTelephony | null
  sink: DeskSink
  /** The müdür's phone as an Originate channel (default `Local/<ext>@agents`, as click-to-call). */
  channelFor?: (extension: string) => string
  ringTimeoutMs?: number
}

export interface SpyService {
  start(actor: Actor, body: SpyBody): Promise<SpySessionView>
  /** Hangs up the müdür's spy leg; the end is audited when the leg is gone. */
  stop(actor: Actor, id: string): Promise<void>
  /** This müdür's sessions today, from the audit log (with live state for the ones running here). */
  list(actor: Actor): Promise<SpySessionView[]>
  /** Resolves when every Originate started so far has been settled (tests). */
  idle(): Promise<void>
  close(): void
}

interface Session {
  view: SpySessionView
  actorId: number
  actor: Actor
  pbxId: string
  agentUserId: number | null
  announced: boolean
  legUniqueId: string | undefined
  legChannel: string | undefined
  answeredAt: number | undefined
}

export function requireSupervisor(actor: Actor): void {
  if (actor.role !== 'supervisor')
    throw new ForbiddenError('Dinleme, fısıldama ve araya girme yalnızca müdür içindir.', 'action_forbidden')
}

export function createSpyService(options: SpyServiceOptions): SpyService {
  const { prisma, clock, sink } = options
  const log = options.logger.child({ module: 'supervision' })
  const channelFor = options.channelFor ?? ((ext: string) => `Local/${ext}@agents`)
  const sessions = new Map<string, Session>()
  const inFlight = new Set<Promise<void>>()
  let unsubscribe: (() => void) | null = null

  function announce(s: Session, listened: DeskListened): void {
    if (s.announced && s.agentUserId !== null)
      sink.emit(listenedRoom(s.agentUserId), DESK_EVENTS.listened, listened)
  }

  async function finish(
    s: Session,
    state: 'ended' | 'failed',
    detail: string,
    endedBy: string,
  ): Promise<void> {
    if (s.view.state === 'ended' || s.view.state === 'failed') return
    const at = clock.now()
    const durationSec =
      s.answeredAt === undefined ? null : Math.max(0, Math.round((at.getTime() - s.answeredAt) / 100) / 10)
    s.view = { ...s.view, state, endedAt: at.toISOString(), durationSec, detail }
    announce(s, { active: false, mode: null, text: null })
    // The session stays listed from memory until its end row is written, so the list never shows an
    // ended session without its duration (spy-log.ts reads the end from the audit row).
    try {
      await recordAudit(prisma, s.actor, at, [
        {
          action: AUDIT_ACTIONS.spyEnd,
          entity: 'QueueCall',
          entityId: `${s.pbxId}/${s.view.callId}`,
          detail: {
            session: s.view.id,
            mode: s.view.mode,
            outcome: state,
            endedBy,
            durationSec,
            note: detail,
          },
        },
      ])
    } finally {
      sessions.delete(s.view.id)
    }
    log.info({ session: s.view.id, state, endedBy, durationSec }, 'spy ended')
  }

  /** A spy leg no longer in the live state has hung up: the session is over. */
  function sweep(): void {
    const bridges = options.telephony()?.bridges() ?? []
    for (const s of [...sessions.values()]) {
      if (s.view.state !== 'active') continue
      const state = bridges.find((b) => b.pbxId === s.pbxId)?.state
      if (state === undefined) continue
      const alive =
        s.legUniqueId !== undefined
          ? state.channels.has(s.legUniqueId)
          : [...state.channels.values()].some((c) => c.name === s.legChannel)
      if (!alive)
        void finish(s, 'ended', 'Dinleme bitti.', 'leg-gone').catch((err: unknown) =>
          log.error({ err, session: s.view.id }, 'auditing the end of a spy failed'),
        )
    }
  }

  function follow(): void {
    if (unsubscribe !== null) return
    const telephony = options.telephony()
    if (telephony !== null) unsubscribe = telephony.subscribe(sweep)
  }

  function targetFor(body: SpyBody, extension: string) {
    const telephony = options.telephony()
    if (telephony === null) throw pbxNotConfigured('Dinleme başlatılamadı')
    const bridges = telephony.bridges().filter((b) => body.pbxId === undefined || b.pbxId === body.pbxId)
    let found: { pbxId: string; target: SpyTarget } | null = null
    let onCall = false
    for (const b of bridges) {
      const r = spyTargetOf(b.state, body.interface)
      if (r.ok) found = { pbxId: b.pbxId, target: r.target }
      else if (r.reason !== 'not-member') onCall = true
      if (found !== null) break
    }
    if (found === null)
      throw onCall
        ? new ConflictError('Temsilci şu anda görüşmede değil.', 'not_on_call')
        : new NotFoundError('Bu temsilci hiçbir kuyrukta yok.', 'member_not_found')
    if (body.callId !== undefined && body.callId !== found.target.callId)
      throw new ConflictError('Temsilci artık bu çağrıda değil.', 'call_changed')
    const ownLine = [`Local/${extension}@`, `PJSIP/${extension}-`, `SIP/${extension}-`]
    if (ownLine.some((p) => found.target.channel.startsWith(p)))
      throw new ForbiddenError('Kendi hattınız dinlenemez.', 'own_line')
    return { telephony, ...found }
  }

  return {
    async start(actor, body) {
      requireSupervisor(actor)
      const user = await prisma.user.findUnique({
        where: { id: actor.userId },
        select: { extension: true, ...MEMBER_INTERFACES_SELECT },
      })
      if (user === null) throw new NotFoundError('Kullanıcı bulunamadı.', 'user_not_found')
      if (interfacesOf(user).includes(body.interface))
        throw new ForbiddenError('Kendi hattınız dinlenemez.', 'own_line')
      if (user.extension === null)
        throw new ConflictError(
          'Dahili numaranız tanımlı değil: dinleme sizin telefonunuzu arar.',
          'no_extension',
        )
      if (
        [...sessions.values()].some(
          (s) => s.actorId === actor.userId && s.view.state !== 'ended' && s.view.state !== 'failed',
        )
      )
        throw new ConflictError('Süren bir dinlemeniz var; önce onu bitirin.', 'spy_in_progress')
      const { telephony, pbxId, target } = targetFor(body, user.extension)
      const [queue, owner, settings] = await Promise.all([
        prisma.queue.findUnique({ where: { pbxId_name: { pbxId, name: target.queue } } }),
        prisma.memberInterface.findUnique({ where: { interface: body.interface }, select: { userId: true } }),
        supervisionSettings(prisma),
      ])
      if (queue === null || !queue.shown || !SPIED_KINDS.has(queue.kind))
        throw new ForbiddenError('Bu kuyruktaki görüşmeler dinlenemez.', 'queue_not_allowed')
      if (owner?.userId === actor.userId) throw new ForbiddenError('Kendi hattınız dinlenemez.', 'own_line')
      const data = chanSpyData(target.channel, SPY_OPTIONS[body.mode])
      if (!data.ok) throw new ConflictError('Bu görüşmenin kanalı santrale gönderilemez.', 'bad_channel')
      const at = clock.now()
      const session: Session = {
        view: {
          id: randomUUID(),
          mode: body.mode,
          state: 'calling',
          agentName: target.agentName,
          agentInterface: body.interface,
          queue: target.queue,
          queueLabel: queue.label,
          callId: target.callId,
          startedAt: at.toISOString(),
          endedAt: null,
          durationSec: null,
          detail: 'Önce kendi telefonunuz çalar; açınca görüşmeyi duyarsınız.',
        },
        actorId: actor.userId,
        actor,
        pbxId,
        agentUserId: owner?.userId ?? null,
        announced: settings.announceToAgent,
        legUniqueId: undefined,
        legChannel: undefined,
        answeredAt: undefined,
      }
      // Audited before the PBX is asked: no listening can ever happen without its row.
      await recordAudit(prisma, actor, at, [
        {
          action: AUDIT_ACTIONS.spyStart,
          entity: 'QueueCall',
          entityId: `${pbxId}/${target.callId}`,
          detail: {
            session: session.view.id,
            mode: body.mode,
            agentUserId: session.agentUserId,
            agentName: target.agentName,
            agentInterface: body.interface,
            queue: target.queue,
            callKey: target.callKey,
            channel: target.channel,
            announced: settings.announceToAgent,
          },
        },
      ])
      sessions.set(session.view.id, session)
      follow()
      const work = (async () => {
        const result = await telephony.originate(pbxId, {
          channel: channelFor(user.extension as string),
          application: 'ChanSpy',
          data: data.value,
          callerId: `"Pano dinleme" <${user.extension as string}>`,
          timeoutMs: options.ringTimeoutMs ?? 30_000,
          // The leg's channels are named after the session, so every channel of it carries a Linkedid
          // the live call lists know to leave out (telephony/spy-leg.ts).
          ...spyLegIds(session.view.id),
        })
        if (!result.ok || !result.value.success) {
          await finish(session, 'failed', spyFailureText(result), 'originate-failed')
          return
        }
        session.legUniqueId = result.value.uniqueid
        session.legChannel = result.value.channel
        session.answeredAt = clock.now().getTime()
        session.view = { ...session.view, state: 'active', detail: null }
        announce(session, { active: true, mode: body.mode, text: SPY_MODE_AGENT_TEXT[body.mode] })
        sweep()
      })().catch((err: unknown) => log.error({ err, session: session.view.id }, 'spy failed'))
      inFlight.add(work)
      const done = () => inFlight.delete(work)
      void work.then(done, done)
      return session.view
    },
    async stop(actor, id) {
      requireSupervisor(actor)
      const s = sessions.get(id)
      if (s === undefined || s.actorId !== actor.userId)
        throw new NotFoundError('Süren böyle bir dinleme yok.', 'spy_not_found')
      const telephony = options.telephony()
      if (s.legChannel === undefined || telephony === null)
        throw new ConflictError('Telefonunuz henüz açılmadı; kapatınca dinleme biter.', 'spy_not_answered')
      const r = await telephony.hangup(s.pbxId, s.legChannel)
      if (!r.ok) log.warn({ err: r.error, session: id }, 'hanging up the spy leg failed')
      sweep()
    },
    async list(actor) {
      requireSupervisor(actor)
      const live = new Map([...sessions].map(([id, session]) => [id, session.view]))
      return spyLog(prisma, actor.userId, clock.now(), live)
    },
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    close() {
      unsubscribe?.()
      unsubscribe = null
    },
  }
}

/**
 * The screen pop (docs/design.md §2.4). On every telephony change that touches agents, the
 * members mapped to users (their MemberInterface rows) are compared with what they were doing before
 * (ring-transitions.ts):
 * - ring: the pop goes to `agent:<userId>` at once with the number, queue and wait, then again when the
 *   one indexed lookup has found the citizen(s) (audited), then with the last contacts;
 * - connect: "görüşmede"; retract: the ring ended (no answer, answered elsewhere, caller left);
 * - end: the call is over, the pop waits for wrap-up.
 * Nothing goes to any other room. Time comes from the PBX clock (`receivedAt` of the event).
 */
import {
  deskRoom,
  DESK_EVENTS,
  WRAP_UP_SCREEN_MIN,
  type DeskMember,
  type PopRetracted,
  type ScreenPop,
} from '../../contract/agent-desk.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { TelephonyState } from '../../../telephony/index.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { identifyCaller, lookupCaller, recentContacts } from './pop-lookup.ts'
import {
  applyPopReplica,
  type PopRecord,
  type PopReplica,
  type PopReplicaMessage,
} from './pop-replication.ts'
import { observeMembers, transitionsOf, type MemberCalls, type RingTransition } from './ring-transitions.ts'
import { loadDeskDirectory, memberState, retractReason, type DeskUser } from './desk-members.ts'

/** The part of a telephony bridge the pop reads. */
export interface PopBridge {
  readonly pbxId: string
  readonly state: TelephonyState
}

export interface PopChange {
  readonly pbxId: string
  readonly kinds: readonly string[]
  readonly receivedAt: number
}

/** Where pops go: socket.io rooms in production, a list in tests. */
export interface DeskSink {
  emit(room: string, event: string, payload: unknown): void
}

export type { DeskUser } from './desk-members.ts'

export interface ScreenPopOptions {
  services: ServiceDeps
  prisma: PrismaClient
  logger: Logger
  bridges: () => Iterable<PopBridge>
  subscribe: (listener: (change: PopChange) => void) => () => void
  sink: DeskSink
  /** Re-read the member → user map this often (default 30 s; 0 = only on refreshUsers()). */
  userRefreshMs?: number
  /** A pop waiting for wrap-up leaves the screen after this long (default WRAP_UP_SCREEN_MIN). */
  wrapUpTtlMs?: number
  /** Called when a pop is created or moves on (the follow-ups link calls and wrap-ups). */
  onPop?: (pop: ScreenPop, userId: number) => void
  /**
   * Several nodes (docs/cluster.md): whether this node acts for the PBX. Only that node turns telephony
   * changes into pops (one pop, one audited lookup); the others follow the same state silently.
   */
  acts?: (pbxId: string) => boolean
  /** Several nodes: every pop change is shared, so any node answers for and updates any pop. */
  replica?: PopReplica
}

export type { PopReplica, PopReplicaMessage } from './pop-replication.ts'

export interface ScreenPopService {
  popsOf(userId: number): ScreenPop[]
  getPop(popId: string): { pop: ScreenPop; userId: number } | undefined
  /** Changes a pop (citizen chosen, ticket opened, wrap-up saved) and pushes it to its agent. */
  updatePop(
    popId: string,
    patch: Partial<Pick<ScreenPop, 'citizenId' | 'callId' | 'wrapUp' | 'ticketIds' | 'candidates'>>,
  ): ScreenPop | undefined
  /** Removes a finished pop from the screen (after wrap-up). */
  dismiss(popId: string): void
  memberOf(userId: number): DeskMember | null
  userByInterface(iface: string): DeskUser | undefined
  userById(userId: number): DeskUser | undefined
  refreshUsers(): Promise<void>
  /** Resolves when every lookup started so far has pushed its result (tests, benchmarks). */
  idle(): Promise<void>
  stop(): void
}

const popIdOf = (pbxId: string, callKey: string) => `${pbxId}/${callKey}`

export async function createScreenPopService(options: ScreenPopOptions): Promise<ScreenPopService> {
  const { services, prisma, sink } = options
  const log = options.logger.child({ module: 'screen-pop' })
  const wrapUpTtlMs = options.wrapUpTtlMs ?? WRAP_UP_SCREEN_MIN * 60_000
  let users = new Map<string, DeskUser>()
  let usersById = new Map<number, DeskUser>()
  let watched = new Set<string>()
  let queueLabels = new Map<string, string>()
  const observed = new Map<string, Map<string, MemberCalls>>()
  const pops = new Map<string, PopRecord>()
  const lastMember = new Map<number, string>()
  const inFlight = new Set<Promise<void>>()

  async function refreshUsers(): Promise<void> {
    const directory = await loadDeskDirectory(prisma)
    users = directory.byInterface
    usersById = directory.byId
    watched = new Set(users.keys())
    queueLabels = directory.queueLabels
  }
  await refreshUsers()

  const emitPop = (record: PopRecord) => sink.emit(deskRoom(record.userId), DESK_EVENTS.pop, record.pop)
  const replica = options.replica
  const actsFor = (pbxId: string) => options.acts?.(pbxId) ?? true

  /** Changes a pop here and on every other node (field by field, so two nodes' changes both stay). */
  function patch(record: PopRecord, changes: Partial<ScreenPop>, droppedAt?: number): void {
    record.pop = { ...record.pop, ...changes }
    if (droppedAt !== undefined) record.droppedAt = droppedAt
    replica?.publish({
      t: 'patch',
      popId: record.pop.popId,
      patch: changes,
      ...(droppedAt === undefined ? {} : { droppedAt }),
    })
  }

  function remove(popId: string): void {
    if (pops.delete(popId)) replica?.publish({ t: 'del', popId })
  }

  const applyReplica = (m: PopReplicaMessage) => applyPopReplica(pops, m)
  const stopReplica = replica?.subscribe(applyReplica)

  function track(work: Promise<void>): void {
    inFlight.add(work)
    // Settled either way: a lookup that fails past its own catch must not become an unhandled rejection.
    const done = () => inFlight.delete(work)
    void work.then(done, (err: unknown) => {
      done()
      log.error({ err }, 'screen-pop lookup failed')
    })
  }

  function newPop(
    bridge: PopBridge,
    callKey: string,
    user: DeskUser,
    receivedAt: number,
  ): PopRecord | undefined {
    const call = bridge.state.queueCalls.get(callKey)
    if (call === undefined) return undefined
    const caller = identifyCaller(call.callerNum)
    const pop: ScreenPop = {
      popId: popIdOf(bridge.pbxId, callKey),
      pbxId: bridge.pbxId,
      callKey,
      linkedId: call.linkedId,
      queue: call.queue,
      queueLabel: queueLabels.get(`${bridge.pbxId}/${call.queue}`) ?? call.queue,
      callerNumber: caller.number,
      callerDisplay: caller.display,
      callerName: call.callerName?.trim() || null,
      enteredAt: new Date(call.enteredAt).toISOString(),
      waitedSec: Math.max(0, (receivedAt - call.enteredAt) / 1000),
      ringingSince: new Date(receivedAt).toISOString(),
      answeredAt: null,
      endedAt: null,
      phase: 'ringing',
      match: caller.number === null ? 'withheld' : 'pending',
      candidates: [],
      citizenId: null,
      recentContacts: [],
      callId: null,
      wrapUp: null,
      ticketIds: [],
      receivedAt,
    }
    const record: PopRecord = { pop, userId: user.id, droppedAt: undefined }
    pops.set(pop.popId, record)
    replica?.publish({ t: 'new', popId: pop.popId, userId: user.id, pop, droppedAt: null })
    options.onPop?.(pop, user.id)
    emitPop(record)
    if (caller.number !== null) track(lookUp(record, user, caller))
    return record
  }

  async function lookUp(record: PopRecord, user: DeskUser, caller: ReturnType<typeof identifyCaller>) {
    const actor: Actor = { userId: user.id, role: user.role, unitId: null, ip: null }
    try {
      const found = await lookupCaller(services, actor, caller)
      if (pops.get(record.pop.popId) !== record) return
      patch(record, {
        match: found.match,
        candidates: found.candidates,
        citizenId:
          record.pop.citizenId ?? (found.match === 'single' ? (found.candidates[0]?.id ?? null) : null),
      })
      emitPop(record)
      const contacts = await recentContacts(
        services,
        caller.e164,
        found.candidates.map((c) => c.id),
        record.pop.callKey,
      )
      if (pops.get(record.pop.popId) !== record || contacts.length === 0) return
      patch(record, { recentContacts: contacts })
      emitPop(record)
    } catch (err) {
      log.error({ err, popId: record.pop.popId }, 'screen-pop lookup failed')
      if (pops.get(record.pop.popId) !== record || record.pop.match !== 'pending') return
      patch(record, { match: 'failed' })
      emitPop(record)
    }
  }

  function apply(bridge: PopBridge, user: DeskUser, t: RingTransition, receivedAt: number): void {
    const popId = popIdOf(bridge.pbxId, t.callKey)
    const record = pops.get(popId)
    const at = new Date(receivedAt).toISOString()
    switch (t.kind) {
      case 'ring':
        if (record === undefined || record.userId !== user.id) newPop(bridge, t.callKey, user, receivedAt)
        return
      case 'connect': {
        const r = record?.userId === user.id ? record : newPop(bridge, t.callKey, user, receivedAt)
        if (r === undefined) return
        patch(r, { phase: 'talking', answeredAt: at })
        options.onPop?.(r.pop, r.userId)
        emitPop(r)
        return
      }
      case 'retract': {
        if (record === undefined || record.userId !== user.id || record.pop.phase !== 'ringing') return
        remove(popId)
        const retracted: PopRetracted = { popId, reason: retractReason(bridge.state, t.callKey) }
        sink.emit(deskRoom(user.id), DESK_EVENTS.retract, retracted)
        return
      }
      case 'end': {
        if (record === undefined || record.userId !== user.id) return
        patch(record, { phase: 'wrap-up', endedAt: at }, receivedAt + wrapUpTtlMs)
        options.onPop?.(record.pop, record.userId)
        emitPop(record)
      }
    }
  }

  function memberOf(userId: number): DeskMember | null {
    const user = usersById.get(userId)
    if (user === undefined) return null
    for (const b of options.bridges()) {
      for (const iface of user.memberInterfaces) {
        const m = memberState(b.pbxId, b.state, iface)
        if (m !== null) return m
      }
    }
    return null
  }

  function onChange(change: PopChange): void {
    if (!change.kinds.includes('agents')) return
    const bridge = [...options.bridges()].find((b) => b.pbxId === change.pbxId)
    if (bridge === undefined) return
    const before = observed.get(bridge.pbxId) ?? new Map<string, MemberCalls>()
    const after = observeMembers(bridge.state, watched)
    observed.set(bridge.pbxId, after)
    if (!actsFor(bridge.pbxId)) return sweep(change.receivedAt)
    // Pause changes come as member events (no 'calls' kind): only then may every member's state differ.
    const memberEvent = !change.kinds.includes('calls')
    for (const iface of new Set([...before.keys(), ...after.keys()])) {
      const user = users.get(iface)
      if (user === undefined) continue
      const moments = transitionsOf(before.get(iface), after.get(iface))
      if (moments.length === 0 && !memberEvent) continue
      for (const t of moments) {
        try {
          apply(bridge, user, t, change.receivedAt)
        } catch (err) {
          log.error({ err, iface, transition: t }, 'screen-pop transition failed')
        }
      }
      const member = memberState(bridge.pbxId, bridge.state, iface)
      const key = JSON.stringify(member)
      if (lastMember.get(user.id) !== key) {
        lastMember.set(user.id, key)
        sink.emit(deskRoom(user.id), DESK_EVENTS.member, member)
      }
    }
    sweep(change.receivedAt)
  }

  /** Wrap-ups left too long go to the uncoded-calls list; the agent's screen is told, not left stale. */
  function sweep(now: number): void {
    for (const [id, r] of pops) {
      if (r.droppedAt === undefined || r.droppedAt >= now) continue
      pops.delete(id)
      if (!actsFor(r.pop.pbxId)) continue
      const retracted: PopRetracted = { popId: id, reason: 'wrap-up-expired' }
      sink.emit(deskRoom(r.userId), DESK_EVENTS.retract, retracted)
    }
  }

  const unsubscribe = options.subscribe(onChange)
  const refreshMs = options.userRefreshMs ?? 30_000
  const timer =
    refreshMs > 0
      ? setInterval(() => {
          refreshUsers().catch((err: unknown) => log.warn({ err }, 'user map refresh failed'))
        }, refreshMs)
      : undefined
  timer?.unref()

  return {
    popsOf: (userId) => [...pops.values()].filter((r) => r.userId === userId).map((r) => r.pop),
    getPop(popId) {
      const r = pops.get(popId)
      return r === undefined ? undefined : { pop: r.pop, userId: r.userId }
    },
    updatePop(popId, changes) {
      const r = pops.get(popId)
      if (r === undefined) return undefined
      patch(r, changes)
      emitPop(r)
      return r.pop
    },
    dismiss(popId) {
      remove(popId)
    },
    memberOf,
    userByInterface: (iface) => users.get(iface),
    userById: (id) => usersById.get(id),
    refreshUsers,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    stop() {
      unsubscribe()
      stopReplica?.()
      if (timer !== undefined) clearInterval(timer)
    },
  }
}

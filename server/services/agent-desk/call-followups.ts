/**
 * What an agent decides about a call while it is still going on (the citizen it is about, the tickets
 * opened from it, the wrap-up code) has to land on the Call row, which the call recorder writes only when
 * the call is over (idempotent on pbxId + callKey). Decisions are kept here by `<pbxId>/<callKey>` and
 * applied as soon as the row exists: right away when it already does, after every batch the recorder
 * writes, and by a sweep that retries what is still open (a restart loses only undelivered decisions;
 * the ticket itself is already stored). Linking is idempotent (CallTicket's key), so retries are safe.
 */
import type { PrismaClient } from '../../db/generated/client.ts'
import type { Logger } from '../../logger.ts'
import type { Actor } from '../audit/actor.ts'
import type { ServiceDeps } from '../tickets/service-deps.ts'
import { linkCallToTicket } from '../tickets/ticket-calls.ts'

export interface CallDecisions {
  pbxId: string
  callKey: string
  actor: Actor
  ticketIds: Set<number>
  wrapUp: { codeId: number; note: string | null } | undefined
  citizenId: number | undefined
  since: number
}

export interface CallFollowups {
  /** Records a decision and applies whatever can be applied now. Resolves with the Call id if stored. */
  decide(
    pbxId: string,
    callKey: string,
    actor: Actor,
    decision: { ticketId?: number; wrapUp?: { codeId: number; note: string | null }; citizenId?: number },
  ): Promise<number | null>
  /** The recorder stored calls: apply what waits for them. */
  callsStored(pbxId: string, callKeys: readonly string[]): Promise<void>
  /** Retries everything still waiting (the sweep timer calls this). */
  retryAll(): Promise<void>
  pending(): number
  stop(): void
}

export interface CallFollowupsOptions {
  services: ServiceDeps
  prisma: PrismaClient
  logger: Logger
  /** The Call id became known for a pop (the pop shows it). */
  onStored?: (pbxId: string, callKey: string, callId: number) => void
  sweepMs?: number
  /** Decisions older than this are given up (logged). Default 24 h. */
  maxAgeMs?: number
  now?: () => number
}

const keyOf = (pbxId: string, callKey: string) => `${pbxId}/${callKey}`

export function createCallFollowups(options: CallFollowupsOptions): CallFollowups {
  const { prisma, services } = options
  const log = options.logger.child({ module: 'call-followups' })
  const now = options.now ?? Date.now
  const maxAgeMs = options.maxAgeMs ?? 24 * 3600_000
  const waiting = new Map<string, CallDecisions>()
  const running = new Map<string, Promise<number | null>>()

  /** One apply at a time per call, so a retry never races a first attempt. */
  function applySerial(pbxId: string, callKey: string): Promise<number | null> {
    const key = keyOf(pbxId, callKey)
    const previous = running.get(key) ?? Promise.resolve(null)
    const next = previous.then(
      () => applyOne(pbxId, callKey),
      () => applyOne(pbxId, callKey),
    )
    running.set(key, next)
    // Settled either way, never rejected: `next.finally()` would hand a failed write (a database
    // error) to a promise nobody awaits, and an unhandled rejection ends the process (main.ts). The
    // caller of `decide` gets the failure through `next` itself.
    const forget = () => {
      if (running.get(key) === next) running.delete(key)
    }
    void next.then(forget, forget)
    return next
  }

  async function applyOne(pbxId: string, callKey: string): Promise<number | null> {
    const key = keyOf(pbxId, callKey)
    const d = waiting.get(key)
    if (d === undefined) return storedCallId(pbxId, callKey)
    const call = await prisma.call.findUnique({
      where: { pbxId_callKey: { pbxId: d.pbxId, callKey: d.callKey } },
      select: { id: true, citizenId: true },
    })
    if (call === null) {
      if (now() - d.since > maxAgeMs) {
        waiting.delete(key)
        log.warn({ call: key, tickets: [...d.ticketIds] }, 'call never stored; decisions dropped')
      }
      return null
    }
    // A decision can arrive while this awaits (the agent wraps up as the call is stored): each one is
    // taken off the entry before its write, and the entry is only dropped once nothing is left on it.
    while (d.ticketIds.size > 0 || d.wrapUp !== undefined || d.citizenId !== undefined) {
      for (const ticketId of [...d.ticketIds]) {
        d.ticketIds.delete(ticketId)
        await linkCallToTicket(services, d.actor, call.id, ticketId)
      }
      const wrapUp = d.wrapUp
      d.wrapUp = undefined
      if (wrapUp !== undefined)
        await prisma.call.update({
          where: { id: call.id },
          data: { wrapUpCodeId: wrapUp.codeId, wrapUpNote: wrapUp.note },
        })
      const citizenId = d.citizenId
      d.citizenId = undefined
      // The recorder's own match (by phone) wins only when the agent chose nobody.
      if (citizenId !== undefined)
        await prisma.call.updateMany({ where: { id: call.id }, data: { citizenId } })
    }
    waiting.delete(key)
    options.onStored?.(d.pbxId, d.callKey, call.id)
    return call.id
  }

  /** The stored call's id once an earlier run applied (and dropped) the entry. */
  async function storedCallId(pbxId: string, callKey: string): Promise<number | null> {
    const call = await prisma.call.findUnique({
      where: { pbxId_callKey: { pbxId, callKey } },
      select: { id: true },
    })
    return call?.id ?? null
  }

  async function guarded(pbxId: string, callKey: string): Promise<void> {
    try {
      await applySerial(pbxId, callKey)
    } catch (err) {
      log.error({ err, call: keyOf(pbxId, callKey) }, 'applying call decisions failed; will retry')
    }
  }

  const sweepMs = options.sweepMs ?? 10_000
  const timer = sweepMs > 0 ? setInterval(() => void retryAll(), sweepMs) : undefined
  timer?.unref()

  async function retryAll(): Promise<void> {
    for (const d of [...waiting.values()]) await guarded(d.pbxId, d.callKey)
  }

  return {
    async decide(pbxId, callKey, actor, decision) {
      const key = keyOf(pbxId, callKey)
      const d = waiting.get(key) ?? {
        pbxId,
        callKey,
        actor,
        ticketIds: new Set<number>(),
        wrapUp: undefined,
        citizenId: undefined,
        since: now(),
      }
      if (decision.ticketId !== undefined) d.ticketIds.add(decision.ticketId)
      if (decision.wrapUp !== undefined) d.wrapUp = decision.wrapUp
      if (decision.citizenId !== undefined) d.citizenId = decision.citizenId
      waiting.set(key, d)
      return applySerial(pbxId, callKey)
    },
    async callsStored(pbxId, callKeys) {
      for (const callKey of callKeys) {
        const key = keyOf(pbxId, callKey)
        if (waiting.has(key)) await guarded(pbxId, callKey)
      }
    },
    retryAll,
    pending: () => waiting.size,
    stop() {
      if (timer !== undefined) clearInterval(timer)
    },
  }
}

/**
 * The switchboard console's live side: what room `switchboard` is sent (calls, directory
 * lights, today's transfers, answer rates), numbered and throttled, and the follow-up of every
 * transfer from the telephony change notices; a transfer's alerts go to the operator who started it
 * (transfer-alerts.ts). The transfer actions themselves are in transfer-actions.ts.
 *
 *   const sb = await createSwitchboardService({ prisma, telephony, logger, alertAfterMs: 30_000 })
 *   sb.attachSink(switchboardSinkOn(io))  // server/realtime/handlers/switchboard.ts
 *   sb.snapshot(viewer)                // for `switchboard:sync` / GET (audits the names it shows)
 *   await sb.transfer(actor, { call: 'main/1700.1', extensionId: 7, kind: 'blind' })
 */
import { randomUUID } from 'node:crypto'
import {
  SWITCHBOARD_EVENTS,
  type ActionResultView,
  type DirectoryView,
  type SwitchboardParts,
  type SwitchboardCallView,
  type SwitchboardSnapshot,
  type TransferRequest,
  type TransferView,
} from '../../contract/switchboard.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { ForbiddenError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { DirectoryLine } from '../directory/directory.ts'
import type { TelephonyChange } from '../../../telephony/index.ts'
import type { TelephonyService } from '../telephony/telephony-service.ts'
import type { Actor } from '../audit/actor.ts'
import {
  createCallIdentityAudit,
  shownIdentities,
  writeIdentityReads,
  type ShownIdentity,
} from './call-identity-audit.ts'
import { switchboardCalls } from './switchboard-calls.ts'
import { createTransferActions, type ActionContext, type TransferActor } from './transfer-actions.ts'
import { createCallerNames } from './caller-names.ts'
import { createConsolePublisher } from './console-publisher.ts'
import type { AlertMirror, MirroredBook } from './alert-mirror.ts'
import type { TransferHandover } from './transfer-handover.ts'
import type { SettleAction, SettleRelay } from './settle-relay.ts'
import { createAlertBook, endedAlert, unansweredAlert } from './transfer-alerts.ts'
import { observeTransfer, type TrackedTransfer, type TrackerStep } from './transfer-tracker.ts'
import {
  decideTransferRow,
  isPhoneTransferRecord,
  loadPhoneTransferCandidates,
  loadTodaysTransfers,
  noteLostCaller,
  phoneTransferOf,
  phoneTransfersTo,
  phoneTransferViews,
  startOfIstanbulDay,
  unitStats,
  type FoundPhoneTransfer,
  type PhoneTransfer,
} from './transfer-store.ts'
import {
  directoryFor,
  lightOf,
  loadSwitchboardSetup,
  queuesOf,
  type SwitchboardSetup,
} from './switchboard-setup.ts'

export type SwitchboardTelephony = Pick<
  TelephonyService,
  'pbxs' | 'blindTransfer' | 'redirect' | 'hangup' | 'subscribe'
>

export interface SwitchboardOptions {
  prisma: PrismaClient
  telephony: SwitchboardTelephony
  logger: Logger
  /** A transfer not answered within this raises an alert (default 30 s). */
  alertAfterMs?: number
  /** Where "geri al" sends a blind-transferred caller (the switchboard queue's entry); null: not offered. */
  returnTarget?: { context: string; exten: string } | null
  /** Whether the PBX lets Pano park calls (no Park support yet: the UI says so). */
  parkAvailable?: boolean
  flushIntervalMs?: number
  tickIntervalMs?: number
  /**
   * Several nodes (docs/cluster.md): a transfer started or decided on one node is stored, then the
   * others are told to re-read today's transfers, so every operator's list is the same.
   */
  peers?: { changed(): void; onChanged(handler: () => void): () => void }
  /** Several nodes: keeps the alerts in Redis and mirrors the other nodes' (alert-mirror.ts). */
  shareAlerts?: (book: MirroredBook) => Promise<AlertMirror>
  /** Several nodes: what this node follows outlives it (transfer-handover.ts). */
  handover?: TransferHandover
  /** Several nodes: "tamamla" and "geri al" of a transfer another node follows go there (settle-relay.ts). */
  settle?: (run: SettleRunner) => Promise<SettleRelay>
}

export interface SwitchboardSink {
  emit(event: string, payload: unknown): void
  /** To one operator's sockets on every node: the alerts of the transfers they started. */
  toOperator(userId: number, event: string, payload: unknown): void
  /**
   * Who receives what `emit` sends (the signed-in users in room `switchboard`), read when an update is
   * sent: every citizen name in it is audited for each of them (call-identity-audit.ts).
   */
  viewers(): Promise<readonly Actor[]>
  /**
   * Whether any socket of this node is in the room. While none is, the console is not computed at all
   * (a sync computes it fresh); absent: always (tests that collect what is emitted).
   */
  watched?(): boolean
}

export interface SwitchboardService {
  /** The whole console; given the viewer it goes to, the citizen names in it are audited for them. */
  snapshot(viewer?: Actor): SwitchboardSnapshot
  attachSink(sink: SwitchboardSink): void
  directory(userId: number): Promise<DirectoryView>
  transfer(actor: TransferActor, request: TransferRequest): Promise<ActionResultView>
  completeConsult(actor: TransferActor, transferId: number): Promise<ActionResultView>
  returnTransfer(actor: TransferActor, transferId: number): Promise<ActionResultView>
  /** False when there is no such alert; refused (403) for another operator's transfer. */
  dismissAlert(actor: TransferActor, transferId: number): boolean
  /** Re-reads directory, operators and switchboard queues (after admin edits). */
  reload(): Promise<void>
  /** Resolves when every outcome and callback decided so far is written. */
  whenIdle(): Promise<void>
  close(): void
}

/** What the node following a transfer runs when another node asks (settle-relay.ts). */
type SettleRunner = (
  action: SettleAction,
  actor: TransferActor,
  transferId: number,
) => Promise<ActionResultView>

/** What the room is sent; alerts are not among them: each goes to its own operator. */
type RoomParts = Omit<SwitchboardParts, 'alerts'>
type PartName = keyof RoomParts
const ALL_PARTS: readonly PartName[] = [
  'calls',
  'lights',
  'transfers',
  'phoneTransfers',
  'stats',
  'stale',
  'directoryAt',
]

export async function createSwitchboardService(options: SwitchboardOptions): Promise<SwitchboardService> {
  const { prisma, telephony } = options
  const log = options.logger.child({ module: 'switchboard' })
  const alertAfterMs = options.alertAfterMs ?? 30_000
  const stream = randomUUID()
  let seq = 0
  /** When the directory was last read (the consoles' `directoryAt`). */
  let directoryAt = 0
  let sink: SwitchboardSink | null = null
  let setup: SwitchboardSetup = {
    lines: [],
    operators: [],
    switchboardQueues: new Set(),
    queueLabels: new Map(),
  }
  const tracked = new Map<number, TrackedTransfer>()
  /** Transfers an operator is taking back right now: the tracker leaves them alone meanwhile. */
  const returning = new Set<number>()
  /** Transfers other nodes follow, as they last wrote them to Redis (transfer-handover.ts). */
  let elsewhere = new Map<number, TrackedTransfer>()
  const alerts = createAlertBook((userId, event, payload) => sink?.toOperator(userId, event, payload))
  const alertMirror = options.shareAlerts === undefined ? null : await options.shareAlerts(alerts)
  if (alertMirror !== null) alerts.shareWith(alertMirror)
  const identityAudit = createCallIdentityAudit()
  let writes: Promise<unknown> = Promise.resolve()
  let peersPending = false

  const now = (): number => {
    const first = telephony.pbxs.values().next().value
    return first?.clock.now() ?? Date.now()
  }
  let today: TransferView[] = await loadTodaysTransfers(prisma, now())
  /**
   * Today's transferred call records by `<pbxId>/<callKey>`, from the database at start and from every
   * PBX's records as calls end: those an operator transferred from their phone count per unit.
   */
  const phoneCandidates = new Map<string, PhoneTransfer>()
  const notePhoneCandidate = (c: PhoneTransfer): void => {
    phoneCandidates.set(`${c.pbxId}/${c.callKey}`, c)
  }

  const publisher = createConsolePublisher<RoomParts>({
    compute: computeParts,
    watching: () => (sink === null ? null : (sink.watched?.() ?? true)),
    publish(changed) {
      if (sink === null) return
      seq++
      // The room is read before sending, so it holds exactly the sockets this update goes to.
      const shown = changed.calls === undefined ? [] : shownIn(changed.calls)
      if (shown.length > 0) auditShown(shown, sink.viewers())
      sink.emit(SWITCHBOARD_EVENTS.update, { stream, seq, at: now(), parts: changed })
    },
    intervalMs: options.flushIntervalMs ?? 100,
  })

  const offRecords = [...telephony.pbxs.values()].map((e) =>
    e.bridge.onRecords((r) => {
      const fromPhone = r.finishedCalls.filter(isPhoneTransferRecord)
      for (const c of fromPhone) notePhoneCandidate(phoneTransferOf(c))
      if (fromPhone.length > 0) publisher.mark(['phoneTransfers', 'stats'])
    }),
  )
  for (const c of await loadPhoneTransferCandidates(prisma, startOfIstanbulDay(now()))) notePhoneCandidate(c)

  async function reload(): Promise<void> {
    setup = await loadSwitchboardSetup(prisma)
    directoryAt = Date.now()
    markDirty(ALL_PARTS)
  }
  await reload()

  const callerNames = createCallerNames(prisma, log, () => markDirty(['calls']))

  function computeParts(names: readonly PartName[]): Partial<RoomParts> {
    const parts: Partial<RoomParts> = {}
    // The list and the figures are marked together: one reckoning serves both.
    let phone: Array<FoundPhoneTransfer<DirectoryLine>> | undefined
    const phoneTransfers = () => (phone ??= todaysPhoneTransfers())
    for (const name of names) {
      switch (name) {
        case 'calls':
          parts.calls = [...telephony.pbxs.values()].flatMap((e) =>
            switchboardCalls({
              pbxId: e.bridge.pbxId,
              state: e.bridge.state,
              switchboardQueues: queuesOf(setup, e.bridge.pbxId),
              operators: setup.operators,
              transfers: new Map(
                [...elsewhere.values(), ...tracked.values()]
                  .filter((t) => t.pbxId === e.bridge.pbxId)
                  .map((t) => [t.callId, t]),
              ),
              citizenNameOf: callerNames.nameOf,
              queueLabelOf: (queue) => setup.queueLabels.get(`${e.bridge.pbxId}/${queue}`) ?? null,
            }),
          )
          identityAudit.retain(new Set(parts.calls.map((c) => c.key)))
          callerNames.retain(
            new Set(parts.calls.flatMap((c) => (c.callerNumber === null ? [] : [c.callerNumber]))),
          )
          break
        case 'lights':
          parts.lights = Object.fromEntries(
            setup.lines.map((l) => [l.id, lightOf(l, telephony.pbxs.get(l.pbxId)?.bridge.state)]),
          )
          break
        case 'transfers':
          parts.transfers = todaysTransfers().slice(0, 100)
          break
        case 'phoneTransfers':
          parts.phoneTransfers = phoneTransferViews(phoneTransfers()).slice(0, 100)
          break
        case 'stats':
          parts.stats = unitStats(
            todaysTransfers(),
            phoneTransfers().map((found) => found.line),
          )
          break
        case 'stale':
          parts.stale = [...telephony.pbxs.values()].some((e) => e.bridge.getStatus().stale)
          break
        case 'directoryAt':
          parts.directoryAt = directoryAt
          break
      }
    }
    return parts
  }

  function todaysTransfers(): TransferView[] {
    const from = startOfIstanbulDay(now()).getTime()
    today = today.filter((t) => t.startedAt >= from)
    return today
  }

  function todaysPhoneCandidates(): PhoneTransfer[] {
    const from = startOfIstanbulDay(now()).getTime()
    for (const [key, c] of phoneCandidates) if (c.at < from) phoneCandidates.delete(key)
    return [...phoneCandidates.values()]
  }

  /** The figures' `fromPhone` and the console's list both come from here, so they agree. */
  function todaysPhoneTransfers(): Array<FoundPhoneTransfer<DirectoryLine>> {
    return phoneTransfersTo(todaysPhoneCandidates(), setup.lines, setup.switchboardQueues, todaysTransfers())
  }

  function shownIn(calls: readonly SwitchboardCallView[]): ShownIdentity[] {
    return shownIdentities(calls, callerNames.idOf)
  }

  /** Written in order with the service's other writes (whenIdle waits for them too). */
  function auditShown(shown: readonly ShownIdentity[], viewers: Promise<readonly Actor[]>): void {
    if (shown.length === 0) return
    queueWrite(async () => {
      await writeIdentityReads(prisma, new Date(now()), identityAudit.take(shown, await viewers))
    })
  }

  const offPeers = options.peers?.onChanged(() => {
    loadTodaysTransfers(prisma, now())
      .then((rows) => {
        today = rows
        publisher.mark(['transfers', 'phoneTransfers', 'stats'])
      })
      .catch((err: unknown) => log.warn({ err }, "today's transfers not re-read"))
  })

  function markDirty(names: readonly PartName[]): void {
    if (options.peers !== undefined && names.includes('transfers') && !peersPending) {
      peersPending = true
      // After what is queued is written: the other nodes read it from the database.
      void writes.then(() => {
        peersPending = false
        options.peers?.changed()
      })
    }
    publisher.mark(names)
  }

  function replaceTransfer(id: number, patch: Partial<TransferView>): TransferView | undefined {
    const i = today.findIndex((t) => t.id === id)
    const current = today[i]
    if (current === undefined) return undefined
    const next = { ...current, ...patch }
    today[i] = next
    return next
  }

  function queueWrite(work: () => Promise<unknown>): void {
    writes = writes.then(work).catch((err: unknown) => log.error({ err }, 'switchboard write failed'))
  }

  function apply(t: TrackedTransfer, steps: readonly TrackerStep[]): void {
    for (const step of steps) {
      if (step.kind === 'consult-answered') {
        // The unit is on the line: "… cevap vermiyor" is over, the console now asks to complete.
        alerts.clear(t.id)
        markDirty(['calls'])
      } else if (step.kind === 'alert') {
        const canReturn = t.kind === 'ATTENDED' || options.returnTarget != null
        alerts.raise(t, unansweredAlert(t, step.reason, alertAfterMs, canReturn), true)
        replaceTransfer(t.id, { alerted: true })
        markDirty(['transfers'])
      } else decide(t, step.outcome, step.at)
    }
  }

  function decide(
    t: TrackedTransfer,
    outcome: 'ANSWERED' | 'NOT_ANSWERED' | 'CALLER_HUNG_UP' | 'RETURNED',
    at: number,
  ): void {
    tracked.delete(t.id)
    options.handover?.release(t.id)
    replaceTransfer(t.id, {
      outcome,
      endedAt: at,
      ...(outcome === 'ANSWERED' ? { answeredAt: at } : {}),
    })
    queueWrite(() => decideTransferRow(prisma, t.id, outcome, at))
    const callerLost = outcome === 'CALLER_HUNG_UP' || (outcome === 'NOT_ANSWERED' && t.kind === 'BLIND')
    if (outcome === 'ANSWERED' || outcome === 'RETURNED') alerts.clear(t.id)
    else alerts.raise(t, endedAlert(t, outcome, callerLost), !callerLost)
    if (callerLost && t.callerNumber?.startsWith('+') === true) {
      const phoneE164 = t.callerNumber
      queueWrite(async () => {
        const callbackId = await noteLostCaller(prisma, { phoneE164, unitId: t.unitId, at })
        replaceTransfer(t.id, { callbackId })
        markDirty(['transfers'])
      })
    }
    markDirty(['calls', 'transfers', 'phoneTransfers', 'stats'])
  }

  function observe(pbxId: string | null): void {
    for (const t of [...tracked.values()]) {
      if ((pbxId !== null && t.pbxId !== pbxId) || returning.has(t.id)) continue
      const entry = telephony.pbxs.get(t.pbxId)
      if (entry === undefined || entry.bridge.getStatus().stale) continue
      apply(t, observeTransfer(t, entry.bridge.state, entry.clock.now(), alertAfterMs))
    }
  }

  /** An alert about a caller who was still on the line goes once that call has ended. */
  function clearEndedCalls(pbxId: string): void {
    // Runs on every call event: the alerts are looked at first, as there are seldom any to clear.
    const waiting = alerts.following().filter((a) => a.pbxId === pbxId && !tracked.has(a.transferId))
    if (waiting.length === 0) return
    const entry = telephony.pbxs.get(pbxId)
    if (entry === undefined || entry.bridge.getStatus().stale) return
    for (const a of waiting) {
      if (![...entry.bridge.state.channels.values()].some((ch) => ch.callId === a.callId))
        alerts.clear(a.transferId)
    }
  }

  const unsubscribe = telephony.subscribe((c: TelephonyChange) => {
    if (tracked.size > 0 && (c.kinds.includes('calls') || c.kinds.includes('connection'))) observe(c.pbxId)
    if (c.kinds.includes('calls')) clearEndedCalls(c.pbxId)
    const parts: PartName[] = []
    if (c.kinds.includes('calls') || c.kinds.includes('queues')) parts.push('calls')
    if (c.kinds.includes('extensions')) parts.push('lights')
    if (c.kinds.includes('connection')) parts.push('stale', 'calls', 'lights')
    if (parts.length > 0) markDirty(parts)
  })
  let handingOver = false
  /** Keeps what this node follows in Redis and follows on what a node that is gone followed. */
  async function handOver(handover: TransferHandover): Promise<void> {
    const { lost, adopted, elsewhere: others } = await handover.tick(tracked)
    const seen = new Map(others.map((t) => [t.id, t]))
    if (JSON.stringify([...seen]) !== JSON.stringify([...elsewhere])) {
      elsewhere = seen
      markDirty(['calls'])
    }
    for (const id of lost) tracked.delete(id)
    for (const t of adopted) {
      tracked.set(t.id, t)
      // What it was told while another node followed it is in the database.
      if (!today.some((v) => v.id === t.id)) today = await loadTodaysTransfers(prisma, now())
    }
    if (adopted.length > 0) observe(null)
  }
  const ticker = setInterval(() => {
    if (tracked.size > 0) observe(null)
    const handover = options.handover
    if (handover === undefined || handingOver) return
    handingOver = true
    handOver(handover)
      .catch((err: unknown) => log.warn({ err }, 'santral transfer hand-over failed'))
      .finally(() => (handingOver = false))
  }, options.tickIntervalMs ?? 1000)
  ticker.unref()

  const context: ActionContext = {
    prisma,
    telephony,
    logger: log,
    returnTarget: options.returnTarget ?? null,
    lines: () => setup.lines,
    operators: () => setup.operators,
    switchboardQueues: (pbxId) => queuesOf(setup, pbxId),
    tracked,
    followedElsewhere: () => elsewhere,
    forward: (action, actor, transferId) =>
      settleRelay?.ask(action, actor, transferId) ?? Promise.resolve(null),
    async addTransfer(view, t) {
      today.unshift(view)
      let handed: Promise<void> | undefined
      if (t !== null) {
        // The operator moved this call on again: what went wrong with it before is over.
        alerts.clearCall(t.pbxId, t.callId)
        tracked.set(t.id, t)
        handed = options.handover?.follow(t)
        const entry = telephony.pbxs.get(t.pbxId)
        if (entry !== undefined)
          apply(t, observeTransfer(t, entry.bridge.state, entry.clock.now(), alertAfterMs))
      }
      markDirty(['calls', 'transfers', 'phoneTransfers', 'stats'])
      await handed
    },
    returned(t, at) {
      decide(t, 'RETURNED', at)
    },
    holdWhileReturning(transferId) {
      returning.add(transferId)
      return () => {
        returning.delete(transferId)
        // Refused by the PBX: the transfer goes on, and what happened meanwhile is looked at now.
        if (tracked.has(transferId)) observe(null)
      }
    },
  }
  const actions = createTransferActions(context)
  const settleRelay =
    options.settle === undefined
      ? null
      : await options.settle((action, actor, transferId) =>
          action === 'complete'
            ? actions.completeConsultHere(actor, transferId)
            : actions.returnTransferHere(actor, transferId),
        )

  return {
    snapshot(viewer) {
      const parts = computeParts(ALL_PARTS) as RoomParts
      publisher.adopt(parts)
      if (viewer !== undefined) auditShown(shownIn(parts.calls), Promise.resolve([viewer]))
      return {
        ...parts,
        alerts: alerts.visibleTo(viewer?.userId),
        stream,
        seq,
        at: now(),
        parkAvailable: options.parkAvailable ?? false,
      }
    },
    attachSink(s) {
      sink = s
      markDirty(ALL_PARTS)
    },
    directory: (userId) =>
      directoryFor(prisma, setup.lines, userId, (pbxId) => telephony.pbxs.get(pbxId)?.bridge.state),
    transfer: actions.transfer,
    completeConsult: actions.completeConsult,
    returnTransfer: actions.returnTransfer,
    dismissAlert(actor, transferId) {
      const owner = alerts.ownerOf(transferId)
      if (owner === undefined) return false
      if (actor.role !== 'supervisor' && owner !== actor.userId)
        throw new ForbiddenError(
          'Bu uyarı başka bir operatörün aktarımına ait; yalnızca o ya da müdür kapatabilir.',
          'not_your_transfer',
        )
      return alerts.clear(transferId)
    },
    reload,
    async whenIdle() {
      for (;;) {
        const current = writes
        await current
        if (current === writes) return
      }
    },
    close() {
      unsubscribe()
      offPeers?.()
      for (const off of offRecords) off()
      clearInterval(ticker)
      // Another node follows on at once instead of after the lease runs out.
      options.handover
        ?.close(tracked)
        .catch((err: unknown) => log.warn({ err }, 'santral transfers not handed over'))
      publisher.close()
      sink = null
      alertMirror?.close().catch((err: unknown) => log.warn({ err }, 'santral alert mirror not closed'))
      settleRelay?.close().catch((err: unknown) => log.warn({ err }, 'santral settle relay not closed'))
    },
  }
}

/**
 * Bridge state + statistics → the wire views of server/contract/views.ts. Pure: the bridge's state,
 * its statistics report, the queue settings and the user map come in, plain objects go out.
 */
import type {
  AgentState,
  AgentView,
  CallView,
  ExtensionState,
  ExtensionView,
  PbxStatusView,
  QueueCounts,
  QueueView,
} from '../../contract/views.ts'
import {
  formulaLabels,
  memberView,
  normaliseCallerNumber,
  selectCentreCalls,
  selectExtensions,
  type AgentActivity,
  type BridgeStatus,
  type MemberView,
  type QueueMetrics,
  type StatsReport,
  type TelephonyBridge,
} from '../../../telephony/index.ts'
import type { QueueSettings } from './queue-settings.ts'

export function countsOf(m: QueueMetrics | undefined): QueueCounts {
  return {
    offered: m?.offered ?? 0,
    answered: m?.answered ?? 0,
    abandoned: m?.abandoned ?? 0,
    shortAbandoned: m?.shortAbandoned ?? 0,
    timedOut: m?.timedOut ?? 0,
    exitEmpty: m?.exitEmpty ?? 0,
    exitKey: m?.exitKey ?? 0,
    transferred: m?.transferred ?? 0,
    movedUnanswered: m?.movedUnanswered ?? 0,
    waitingNow: m?.waitingNow ?? 0,
    decidingNow: m?.decidingNow ?? 0,
    serviceLevelPct: m?.serviceLevelPct ?? null,
    asaSec: m?.asaSec ?? null,
    ahtSec: m?.ahtSec ?? null,
    abandonRatePct: m?.abandonRatePct ?? null,
  }
}

export function pbxStatusView(pbxId: string, s: BridgeStatus, simulated: boolean): PbxStatusView {
  return {
    id: pbxId,
    state: s.phase,
    reason: s.reason,
    since: s.since,
    lastEventAgeMs: s.lastEventAgeMs ?? null,
    reconnects: s.counters.reconnects,
    decodeErrors: s.decodeErrors,
    unknownEvents: s.unknownEvents,
    simulated,
    health: s.health.state,
    healthSince: s.health.since,
    degraded: [...s.health.degraded],
    backlog: s.backlog,
    droppedFrames: s.counters.droppedFrames,
    droppedEntries: { ...s.dropped },
  }
}

export function queueViews(
  bridge: TelephonyBridge,
  report: StatsReport,
  settings: readonly QueueSettings[],
  stale: boolean,
): QueueView[] {
  const { pbxId, state } = bridge
  const mine = settings.filter((s) => s.pbxId === pbxId)
  const names = new Set([
    ...mine.map((s) => s.name),
    ...state.queues.keys(),
    ...Object.keys(report.today.queues),
  ])
  const hidden = new Set(mine.filter((s) => !s.shown).map((s) => s.name))
  return [...names]
    .filter((name) => !hidden.has(name))
    .sort()
    .map((name): QueueView => {
      const setting = mine.find((s) => s.name === name)
      const live = report.live.find((q) => q.name === name)
      const pauseReasons: Record<string, number> = {}
      for (const m of state.queues.get(name)?.members.values() ?? []) {
        if (m.paused) pauseReasons[m.pausedReason ?? ''] = (pauseReasons[m.pausedReason ?? ''] ?? 0) + 1
      }
      const formulas = formulaLabels(bridge.statsConfig, name)
      const t = bridge.statsConfig.queues[name]
      return {
        pbxId,
        name,
        label: setting?.label ?? name,
        kind: setting?.kind ?? 'CALL_CENTRE',
        configured: setting !== undefined,
        ...countsOf(report.today.queues[name]),
        waiting: live?.callsWaiting ?? 0,
        longestWaitSec: live?.longestWaitSec ?? null,
        serviceLevelSec: t?.serviceLevelSec ?? bridge.statsConfig.serviceLevelSec,
        shortAbandonSec: t?.shortAbandonSec ?? bridge.statsConfig.shortAbandonSec,
        serviceLevelFormula: formulas.serviceLevel,
        abandonRateFormula: formulas.abandonRate,
        agents: {
          available: live?.available ?? 0,
          onCall: live?.onCall ?? 0,
          ringing: live?.ringing ?? 0,
          paused: live?.paused ?? 0,
          wrapUp: live?.wrapUp ?? 0,
          unavailable: live?.unavailable ?? 0,
          pausedOnCall: live?.pausedOnCall ?? 0,
        },
        pauseReasons,
        thresholds: setting?.thresholds ?? {},
        trend: report.trend.map((slot) => {
          const m = slot.queues[name]
          return {
            from: slot.from,
            offered: m?.offered ?? 0,
            answered: m?.answered ?? 0,
            abandoned: m?.abandoned ?? 0,
            serviceLevelPct: m?.serviceLevelPct ?? null,
          }
        }),
        windows: {
          today: countsOf(report.today.queues[name]),
          last15: countsOf(report.last15.queues[name]),
          last60: countsOf(report.last60.queues[name]),
        },
        stale,
      }
    })
}

const AGENT_STATE: Record<AgentActivity, AgentState> = {
  available: 'available',
  ringing: 'ringing',
  onCall: 'on-call',
  wrapUp: 'wrap-up',
  paused: 'paused',
  unavailable: 'unavailable',
}
/** An agent in several queues shows the most telling of its member states. */
const PRECEDENCE: readonly AgentActivity[] = [
  'onCall',
  'ringing',
  'paused',
  'wrapUp',
  'available',
  'unavailable',
]

function sinceOf(
  v: MemberView,
  ringingSince: number | undefined,
  lastCallEndedAt: number | undefined,
): number | null {
  switch (v.activity) {
    case 'onCall':
      return v.onCallSince ?? null
    case 'ringing':
      return ringingSince ?? null
    case 'paused':
      return v.pausedSince ?? null
    case 'wrapUp':
      return lastCallEndedAt ?? null
    default:
      return lastCallEndedAt ?? v.loggedInSince ?? null
  }
}

export function agentViews(
  bridge: TelephonyBridge,
  report: StatsReport,
  userIdByInterface: ReadonlyMap<string, number>,
  now: number,
): AgentView[] {
  const stale = bridge.getStatus().stale
  const byInterface = new Map<string, Array<{ view: MemberView; ringingSince?: number; endedAt?: number }>>()
  for (const q of bridge.state.queues.values()) {
    for (const m of q.members.values()) {
      const list = byInterface.get(m.interface) ?? []
      list.push({
        view: memberView(bridge.state, m, now),
        ...(m.ringingSince === undefined ? {} : { ringingSince: m.ringingSince }),
        ...(m.lastCallEndedAt === undefined ? {} : { endedAt: m.lastCallEndedAt }),
      })
      byInterface.set(m.interface, list)
    }
  }
  return [...byInterface]
    .map(([iface, members]): AgentView => {
      const chosen = [...members].sort(
        (a, b) => PRECEDENCE.indexOf(a.view.activity) - PRECEDENCE.indexOf(b.view.activity),
      )[0]
      const v = chosen?.view
      // A pause is per interface; on a call it shows next to the call (Asterisk's "in call, paused").
      const paused = members.find((m) => m.view.paused)?.view
      const stats = report.today.agents[iface]
      return {
        pbxId: bridge.pbxId,
        interface: iface,
        name: v?.name ?? iface,
        userId: userIdByInterface.get(iface) ?? null,
        queues: members.map((m) => m.view.queue).sort(),
        state: AGENT_STATE[v?.activity ?? 'unavailable'],
        since: v === undefined ? null : sinceOf(v, chosen?.ringingSince, chosen?.endedAt),
        pauseReason: paused === undefined ? null : (paused.pausedReason ?? ''),
        autoPaused: paused?.autoPaused ?? false,
        answeredToday: stats?.answered ?? 0,
        missedToday: stats?.missed ?? 0,
        talkSecToday: stats?.talkSec ?? 0,
        pausedSecToday: stats?.pausedSec ?? 0,
        pausedByReasonSec: { ...stats?.pausedByReasonSec },
        occupancyPct: stats?.occupancyPct ?? null,
        stale,
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'tr'))
}

export function callViews(bridge: TelephonyBridge, now: number, redacted: boolean): CallView[] {
  const { state } = bridge
  const stale = bridge.getStatus().stale
  const queueCallOf = new Map([...state.queueCalls.values()].map((c) => [c.linkedId, c]))
  return selectCentreCalls(state).map((call): CallView => {
    const qc = queueCallOf.get(call.callId)
    const channels = call.participants.flatMap((p) => p.uniqueIds.map((id) => state.channels.get(id)))
    const onHold = channels.some((c) => c?.holdSince !== undefined)
    const phase: CallView['phase'] =
      qc?.phase === 'waiting'
        ? 'waiting'
        : call.bridgeIds.length > 0
          ? onHold
            ? 'on-hold'
            : 'talking'
          : 'ringing'
    const bridged = channels.filter((c) => c !== undefined && c.bridgeId !== undefined)
    // Found talking by a resync: the answer time is not known and is not made up (state/bridge-peers.ts).
    const answeredAtUnknown =
      qc?.answeredAtUnknown ??
      (bridged.length > 0 &&
        bridged.every((c) => c !== undefined && c.answeredAt === undefined && c.answeredAtUnknown))
    const answeredAt = answeredAtUnknown
      ? null
      : (qc?.answeredAt ?? bridged.find((c) => c?.answeredAt !== undefined)?.answeredAt ?? null)
    const view: CallView = {
      pbxId: bridge.pbxId,
      callId: call.callId,
      startedAt: call.startedAt,
      phase,
      queue: qc?.queue ?? call.queue ?? null,
      waitSec:
        qc === undefined || qc.answeredAtUnknown
          ? null
          : Math.round((((qc.answeredAt ?? now) - qc.enteredAt) / 1000) * 10) / 10,
      answeredAt,
      answeredAtUnknown,
      agentName: qc?.agentName ?? null,
      agentInterface: qc?.agentInterface ?? null,
      parties: call.participants.length,
      stale,
    }
    if (redacted) return view
    const first = call.participants[0]
    return {
      ...view,
      callerNumber: normaliseCallerNumber(qc?.callerNum ?? first?.callerNum) ?? null,
      callerName: qc?.callerName ?? first?.callerName ?? null,
    }
  })
}

const LIGHT: Record<string, ExtensionState> = {
  idle: 'idle',
  ringing: 'ringing',
  inUse: 'in-use',
  onHold: 'in-use',
  busy: 'busy',
  unavailable: 'unavailable',
  unknown: 'unavailable',
}

export function extensionViews(bridge: TelephonyBridge): ExtensionView[] {
  const stale = bridge.getStatus().stale
  return selectExtensions(bridge.state)
    .map((e) => ({
      pbxId: bridge.pbxId,
      number: e.exten,
      context: e.context,
      state: LIGHT[e.light] ?? 'unavailable',
      onHold: e.light === 'onHold',
      stale,
    }))
    .sort((a, b) => a.number.localeCompare(b.number))
}

/**
 * frame → decode → reduce → stats over a whole capture, as one JSON-ready document. Pure: the
 * capture and the clock come in, the document goes out (telephony/cli/replay.ts does the I/O).
 */
import { decodeAmiEvent } from '../ami/events.ts'
import { createTelephonyState, takeRecords, type TelephonyState } from '../state/model.ts'
import { reduce, tick } from '../state/reduce.ts'
import type { FinishedCall, PauseInterval } from '../state/records.ts'
import { statsConfig, type QueueStatsConfig, type StatsConfig } from '../stats/config.ts'
import type { QueueOutcomeCounts } from '../stats/aggregate.ts'
import { statsOver } from '../stats/report.ts'
import type { Capture } from './capture.ts'

export interface ReplayQueue extends QueueOutcomeCounts {
  /** Of `answered`: moved on while still ringing, so no agent's (telephony/stats/aggregate.ts). */
  movedUnanswered: number
  serviceLevelPct: number | null
  asaSec: number | null
  ahtSec: number | null
  abandonRatePct: number | null
}

export interface ReplayCall {
  linkedid: string
  callerNumber: string | null
  queue: string
  outcome: string
  waitSec: number
  talkSec: number | null
  agent: string | null
  transferredTo: string | null
}

export interface ReplayResult {
  amiVersion: string | null
  queues: Record<string, ReplayQueue>
  agents: Record<string, { answered: number; missed: number; talkSec: number; pausedSec: number }>
  calls: ReplayCall[]
  decodeErrors: number
  unknownEvents: number
}

/** Per-queue T from QueueParams.ServiceLevel where the capture has it. */
function configFromState(state: TelephonyState, base: StatsConfig): StatsConfig {
  const queues: Record<string, QueueStatsConfig> = { ...base.queues }
  for (const q of state.queues.values()) {
    if (
      q.serviceLevelSec !== undefined &&
      q.serviceLevelSec > 0 &&
      queues[q.name]?.serviceLevelSec === undefined
    ) {
      queues[q.name] = { ...queues[q.name], serviceLevelSec: q.serviceLevelSec }
    }
  }
  return { ...base, queues }
}

export function replayCapture(
  capture: Capture,
  options: { at: number; pbxId?: string; stats?: Partial<StatsConfig> },
): ReplayResult & { finishedCalls: FinishedCall[]; pauses: PauseInterval[] } {
  const state = createTelephonyState({ pbxId: options.pbxId ?? 'replay' })
  let decodeErrors = 0
  let unknownEvents = 0
  let first: number | undefined
  let last = options.at
  const finishedCalls: FinishedCall[] = []
  const pauses: PauseInterval[] = []
  for (const { message, receivedAt } of capture.messages) {
    if (message.kind !== 'event') continue
    const at = receivedAt ?? options.at
    first ??= at
    if (at > last) last = at
    const event = decodeAmiEvent(message)
    if (event.type === 'unknown') unknownEvents++
    else if (event.type === 'decodeError') decodeErrors++
    else reduce(state, event, at)
  }
  // The capture ends: let every grace period run out, then take what was produced.
  tick(state, last + 24 * 3600_000)
  const records = takeRecords(state)
  finishedCalls.push(...records.finishedCalls)
  pauses.push(...records.pauses)
  for (const [iface, p] of state.pauses) {
    pauses.push({
      pbxId: state.config.pbxId,
      memberInterface: iface,
      memberName: p.memberName,
      reason: p.reason,
      startedAt: new Date(p.since),
      endedAt: null,
    })
  }
  const config = configFromState(state, statsConfig(options.stats))
  const to = Math.max(last, ...finishedCalls.map((c) => c.endedAt.getTime()))
  const window = statsOver(
    finishedCalls,
    pauses,
    Math.min(first ?? options.at, ...finishedCalls.map((c) => c.enteredAt.getTime())),
    to,
    config,
  )

  const queues: Record<string, ReplayQueue> = {}
  for (const [name, m] of Object.entries(window.queues)) {
    queues[name] = {
      offered: m.offered,
      answered: m.answered,
      abandoned: m.abandoned,
      shortAbandoned: m.shortAbandoned,
      timedOut: m.timedOut,
      exitEmpty: m.exitEmpty,
      exitKey: m.exitKey,
      transferred: m.transferred,
      movedUnanswered: m.movedUnanswered,
      serviceLevelPct: m.serviceLevelPct,
      asaSec: m.asaSec,
      ahtSec: m.ahtSec,
      abandonRatePct: m.abandonRatePct,
    }
  }
  const agents: ReplayResult['agents'] = {}
  for (const q of state.queues.values()) {
    for (const m of q.members.values())
      agents[m.name] ??= { answered: 0, missed: 0, talkSec: 0, pausedSec: 0 }
  }
  for (const a of Object.values(window.agents)) {
    const t = (agents[a.name] ??= { answered: 0, missed: 0, talkSec: 0, pausedSec: 0 })
    t.answered += a.answered
    t.missed += a.missed
    t.talkSec = Math.round((t.talkSec + a.talkSec) * 10) / 10
    t.pausedSec = Math.round((t.pausedSec + a.pausedSec) * 10) / 10
  }
  const calls = [...finishedCalls]
    .sort((a, b) => a.enteredAt.getTime() - b.enteredAt.getTime() || a.callKey.localeCompare(b.callKey))
    .map((c) => ({
      linkedid: c.linkedId,
      callerNumber: c.callerNumber,
      queue: c.queue,
      outcome: c.outcome.toLowerCase().replace('_', '-'),
      waitSec: c.waitSec,
      talkSec: c.talkSec,
      agent: c.agentName,
      transferredTo: c.transferredTo,
    }))
  return {
    amiVersion: capture.amiVersion ?? null,
    queues: Object.fromEntries(Object.entries(queues).sort(([a], [b]) => a.localeCompare(b))),
    agents: Object.fromEntries(Object.entries(agents).sort(([a], [b]) => a.localeCompare(b))),
    calls,
    decodeErrors,
    unknownEvents,
    finishedCalls,
    pauses,
  }
}

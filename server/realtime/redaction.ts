/**
 * Kiosk (TV) variants of the live views: no personal data at all (docs/design.md §2.8, ADR 006). Items are
 * rebuilt field by field from an allow-list, so a field added to a view later stays out until someone
 * decides it may be shown on a TV. Pure.
 *
 * Citizens: no caller numbers or names anywhere (calls are not sent to kiosks at all).
 * Staff: agent names are personal data too (KVKK m.3); a TV is seen by visitors, so a kiosk shows the
 * extension (`Dahili 1001`) instead of the name, and no user id.
 */
import type { AgentView, PbxStatusView, QueueView } from '../contract/views.ts'

/** `Local/1001@agents/n`, `PJSIP/1001` → `1001`; anything else → `?`. */
export function extensionOfInterface(iface: string): string {
  const m = /^[A-Za-z0-9_-]+\/(\d{2,8})(?:[@/-]|$)/.exec(iface)
  return m?.[1] ?? '?'
}

export function kioskAgentLabel(agent: Pick<AgentView, 'interface'>): string {
  return `Dahili ${extensionOfInterface(agent.interface)}`
}

/** A pause reason's code (what the PBX carries) → the label people read; the code when unknown. */
export type PauseReasonLabel = (code: string) => string

const asIs: PauseReasonLabel = (code) => code

/** Counts or seconds keyed by reason code, re-keyed by label (two codes with one label add up). */
function byLabel(record: Record<string, number>, label: PauseReasonLabel): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [code, n] of Object.entries(record)) {
    const key = code === '' ? '' : label(code)
    out[key] = (out[key] ?? 0) + n
  }
  return out
}

/**
 * A TV has no session to look pause reasons up, so it gets their labels (`Geri arama listesi`) where
 * signed-in boards get the codes (`Geri arama`) and label them from the reason list.
 */
export function redactAgentForKiosk(a: AgentView, label: PauseReasonLabel = asIs): AgentView {
  const ext = extensionOfInterface(a.interface)
  return {
    pbxId: a.pbxId,
    // The interface names the extension only; a channel name never carries the caller.
    interface: `Dahili/${ext}#${shortHash(a.interface)}`,
    name: kioskAgentLabel(a),
    userId: null,
    queues: [...a.queues],
    state: a.state,
    since: a.since,
    pauseReason: a.pauseReason === null || a.pauseReason === '' ? a.pauseReason : label(a.pauseReason),
    autoPaused: a.autoPaused,
    answeredToday: a.answeredToday,
    missedToday: a.missedToday,
    talkSecToday: a.talkSecToday,
    pausedSecToday: a.pausedSecToday,
    pausedByReasonSec: byLabel(a.pausedByReasonSec, label),
    occupancyPct: a.occupancyPct,
    stale: a.stale,
  }
}

export function redactQueueForKiosk(q: QueueView, label: PauseReasonLabel = asIs): QueueView {
  return {
    pbxId: q.pbxId,
    name: q.name,
    label: q.label,
    kind: q.kind,
    configured: q.configured,
    offered: q.offered,
    answered: q.answered,
    abandoned: q.abandoned,
    shortAbandoned: q.shortAbandoned,
    timedOut: q.timedOut,
    exitEmpty: q.exitEmpty,
    exitKey: q.exitKey,
    transferred: q.transferred,
    movedUnanswered: q.movedUnanswered,
    waitingNow: q.waitingNow,
    decidingNow: q.decidingNow,
    serviceLevelPct: q.serviceLevelPct,
    asaSec: q.asaSec,
    ahtSec: q.ahtSec,
    abandonRatePct: q.abandonRatePct,
    waiting: q.waiting,
    longestWaitSec: q.longestWaitSec,
    serviceLevelSec: q.serviceLevelSec,
    shortAbandonSec: q.shortAbandonSec,
    serviceLevelFormula: q.serviceLevelFormula,
    abandonRateFormula: q.abandonRateFormula,
    agents: { ...q.agents },
    pauseReasons: byLabel(q.pauseReasons, label),
    thresholds: { ...q.thresholds },
    trend: q.trend.map((t) => ({ ...t })),
    windows: {
      today: { ...q.windows.today },
      last15: { ...q.windows.last15 },
      last60: { ...q.windows.last60 },
    },
    stale: q.stale,
  }
}

export function redactPbxForKiosk(p: PbxStatusView): PbxStatusView {
  return {
    id: p.id,
    state: p.state,
    // Free text from the connection layer (host names, error text): not for a TV.
    reason: '',
    since: p.since,
    lastEventAgeMs: p.lastEventAgeMs,
    reconnects: p.reconnects,
    decodeErrors: p.decodeErrors,
    unknownEvents: p.unknownEvents,
    simulated: p.simulated,
    health: p.health,
    healthSince: p.healthSince,
    degraded: [...p.degraded],
    backlog: p.backlog,
    droppedFrames: p.droppedFrames,
    droppedEntries: { ...p.droppedEntries },
  }
}

/** A short stable tag so two interfaces with the same extension stay two keys. */
function shortHash(text: string): string {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return (h >>> 0).toString(36)
}

/**
 * From one telephony snapshot to what a live view room is sent (pure): which collections a view has,
 * how they are keyed, which change kinds touch them, and the kiosk redaction.
 */
import { liveItemKey, type LiveView, type LiveViewData } from '../contract/events.ts'
import type { MetricThreshold, TelephonySnapshotView, ThresholdMetric } from '../contract/views.ts'
import {
  redactAgentForKiosk,
  redactPbxForKiosk,
  redactQueueForKiosk,
  type PauseReasonLabel,
} from './redaction.ts'
import type { ViewVariant } from './view-access.ts'
import type { TelephonyChangeKind as CoreChangeKind } from '../../telephony/index.ts'

/** What a change notice says changed: the telephony core's kinds, and the written requests waiting. */
export type TelephonyChangeKind = CoreChangeKind | 'written'

/** The change kinds that make a view's data worth recomputing. */
export const KINDS_OF_VIEW: Record<LiveView, readonly TelephonyChangeKind[]> = {
  wallboard: ['queues', 'connection', 'written'],
  agents: ['agents', 'connection'],
  calls: ['calls', 'connection'],
}

export const COLLECTIONS_OF_VIEW: { [V in LiveView]: readonly (keyof LiveViewData[V] & string)[] } = {
  wallboard: ['queues', 'pbxs', 'written'],
  agents: ['agents', 'pbxs'],
  calls: ['calls', 'pbxs'],
}

/** Fields that change on every read and alone are no reason to send an item again. */
export const VOLATILE_FIELDS: Record<string, readonly string[]> = {
  pbxs: ['lastEventAgeMs'],
}

export type ThresholdsLookup = (
  pbxId: string,
  queue: string,
) => Partial<Record<ThresholdMetric, MetricThreshold>> | undefined

/** What Pano lays over the telephony views: admin thresholds, and pause reasons' labels for kiosks. */
export interface ViewOverlays {
  thresholds?: ThresholdsLookup | undefined
  /** Kiosks get labels (they cannot load the reason list; see redaction.ts). */
  pauseReasonLabel?: PauseReasonLabel | undefined
}

export function computeViewData<V extends LiveView>(
  view: V,
  variant: ViewVariant,
  snapshot: TelephonySnapshotView,
  { thresholds, pauseReasonLabel }: ViewOverlays = {},
): LiveViewData[V] {
  const kiosk = variant === 'kiosk'
  const pbxs = kiosk ? snapshot.pbxs.map(redactPbxForKiosk) : snapshot.pbxs
  switch (view) {
    case 'wallboard': {
      const queues = snapshot.queues.map((q) => {
        const overlay = thresholds?.(q.pbxId, q.name)
        const withThresholds = overlay === undefined ? q : { ...q, thresholds: overlay }
        return kiosk ? redactQueueForKiosk(withThresholds, pauseReasonLabel) : withThresholds
      })
      const written = snapshot.written ?? []
      return { queues, pbxs, written } satisfies LiveViewData['wallboard'] as LiveViewData[V]
    }
    case 'agents': {
      const agents = kiosk
        ? snapshot.agents.map((a) => redactAgentForKiosk(a, pauseReasonLabel))
        : snapshot.agents
      return { agents, pbxs } satisfies LiveViewData['agents'] as LiveViewData[V]
    }
    case 'calls': {
      // Kiosks never join `calls` (view-access.ts); should one ever ask, it gets nothing.
      return { calls: kiosk ? [] : snapshot.calls, pbxs } satisfies LiveViewData['calls'] as LiveViewData[V]
    }
    default:
      throw new TypeError(`unknown live view ${String(view)}`)
  }
}

export function keyOf(collection: string): (item: unknown) => string {
  return (item) => liveItemKey(collection, item)
}

/**
 * Screen pops on several nodes (docs/cluster.md): the messages a pop change travels in between nodes,
 * and how a node applies another node's change to its own copy (screen-pop-service.ts).
 */
import type { ScreenPop } from '../../contract/agent-desk.ts'

export interface PopRecord {
  pop: ScreenPop
  userId: number
  droppedAt: number | undefined
}

export type PopReplicaMessage =
  | { t: 'new'; popId: string; userId: number; pop: ScreenPop; droppedAt: number | null }
  | { t: 'patch'; popId: string; patch: Partial<ScreenPop>; droppedAt?: number }
  | { t: 'del'; popId: string }

export interface PopReplica {
  publish(message: PopReplicaMessage): void
  subscribe(handler: (message: PopReplicaMessage) => void): () => void
}

/** Another node's change: applied to the same record object, so lookups in flight keep their record. */
export function applyPopReplica(pops: Map<string, PopRecord>, m: PopReplicaMessage): void {
  if (m.t === 'del') {
    pops.delete(m.popId)
    return
  }
  if (m.t === 'new') {
    const existing = pops.get(m.popId)
    if (existing !== undefined && existing.userId === m.userId) return
    pops.set(m.popId, { pop: m.pop, userId: m.userId, droppedAt: m.droppedAt ?? undefined })
    return
  }
  const r = pops.get(m.popId)
  if (r === undefined) return
  r.pop = { ...r.pop, ...m.patch }
  if (m.droppedAt !== undefined) r.droppedAt = m.droppedAt
}

/**
 * The written requests waiting for an agent (docs/intake.md §10), as the wallboard and the TV show them:
 * one label per channel and the oldest one still waiting.
 */
import type { WrittenWaitingView } from '../../../server/contract/views.ts'

/** When the oldest waiting request arrived (ms epoch), or null when none waits. */
export function oldestWaitingAt(written: readonly WrittenWaitingView[]): number | null {
  return written.reduce<number | null>(
    (min, w) => (w.oldestAt !== null && (min === null || w.oldestAt < min) ? w.oldestAt : min),
    null,
  )
}

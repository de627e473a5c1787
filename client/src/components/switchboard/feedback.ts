/**
 * What the santral console says after the operator's own action (pure). A message about a call holds
 * only while that call is as it was: it goes when the call has left the console (ended, or the unit
 * took it) or, if it was still waiting then, once someone has answered it, so an old "transfer failed"
 * never stands beside a call that has moved on. Any later success replaces it (SwitchboardView.svelte).
 */
import type { SwitchboardCallView } from '../../../../server/contract/switchboard.ts'

export interface ConsoleFeedback {
  readonly tone: 'info' | 'error'
  readonly text: string
  /** The call the message is about, as it stood then; absent for messages about no call. */
  readonly call?: { readonly key: string; readonly waiting: boolean }
}

const notAnswered = (c: SwitchboardCallView) => c.state === 'waiting' || c.state === 'ringing'

/** The feedback for an action on `call` (or on no call), remembering how the call stood. */
export function feedbackAbout(
  tone: ConsoleFeedback['tone'],
  text: string,
  call: SwitchboardCallView | undefined,
): ConsoleFeedback {
  return call === undefined
    ? { tone, text }
    : { tone, text, call: { key: call.key, waiting: notAnswered(call) } }
}

/** Whether the feedback still describes the console: false once its call ended or was answered. */
export function feedbackHolds(feedback: ConsoleFeedback, calls: readonly SwitchboardCallView[]): boolean {
  const about = feedback.call
  if (about === undefined) return true
  const now = calls.find((c) => c.key === about.key)
  if (now === undefined) return false
  return !about.waiting || notAnswered(now)
}

/** One line of the console's notice tray (NoticeTray.svelte) other than a transfer alert. */
export interface TrayNotice {
  /** Stable per notice (`feedback`, `stale`, …): marks it as `data-notice` for tests and styles. */
  readonly id: string
  readonly tone: 'info' | 'warn' | 'error'
  readonly text: string
  /** Absent: it goes by itself (a connection state), not by the operator. */
  readonly ondismiss?: () => void
}

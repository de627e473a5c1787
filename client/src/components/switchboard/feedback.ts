/**
 * What the santral console says after the operator's own action (pure). A message about a call holds
 * only while that call is as it was: it goes when the call has left the console (ended, or the unit
 * took it); an error about a call still waiting or ringing goes once the call has moved on (someone
 * answered it or moved it), so an old "transfer failed" never stands beside a call that has moved on;
 * and a message given while a consult was still ringing goes once the unit answers (the console then
 * asks for the next step itself). A result stays with the call it moved: a waiting call transferred
 * reads "aktarılıyor" afterwards, as a talking one does. Any later success replaces it
 * (SwitchboardView.svelte). A confirmation of the operator's own action is read first, though: it stays
 * CONFIRMATION_MIN_MS even when its call left before the server's answer arrived (a unit that picks up
 * at once), so "aktarıldı" is never taken away before it was shown.
 */
import type { SwitchboardCallView } from '../../../../server/contract/switchboard.ts'

/** How long a confirmation stays at least, whatever its call did meanwhile. */
export const CONFIRMATION_MIN_MS = 5_000

export interface ConsoleFeedback {
  readonly tone: 'info' | 'error'
  readonly text: string
  /** When it was given (ms since the epoch). */
  readonly givenAt: number
  /** The call the message is about, as it stood then; absent for messages about no call. */
  readonly call?: {
    readonly key: string
    /** An error about a call nobody had answered yet: it goes once the call is no longer waiting. */
    readonly waiting: boolean
    /** Whether the unit of the call's consult had answered then. */
    readonly consultAnswered: boolean
  }
}

const notAnswered = (c: SwitchboardCallView) => c.state === 'waiting' || c.state === 'ringing'

/** The feedback for an action on `call` (or on no call), remembering how the call stood. */
export function feedbackAbout(
  tone: ConsoleFeedback['tone'],
  text: string,
  call: SwitchboardCallView | undefined,
  givenAt: number = Date.now(),
): ConsoleFeedback {
  return call === undefined
    ? { tone, text, givenAt }
    : {
        tone,
        text,
        givenAt,
        call: {
          key: call.key,
          waiting: tone === 'error' && notAnswered(call),
          consultAnswered: call.consult?.answered === true,
        },
      }
}

/**
 * Whether the feedback still describes the console at `now`: false once its call ended, an error's
 * waiting call moved on, or the consult it was given beside was answered; a confirmation not before it
 * has stood CONFIRMATION_MIN_MS.
 */
export function feedbackHolds(
  feedback: ConsoleFeedback,
  calls: readonly SwitchboardCallView[],
  now: number,
): boolean {
  const about = feedback.call
  if (about === undefined) return true
  if (feedback.tone === 'info' && now - feedback.givenAt < CONFIRMATION_MIN_MS) return true
  const call = calls.find((c) => c.key === about.key)
  if (call === undefined) return false
  if (!about.consultAnswered && call.consult?.answered === true) return false
  return !about.waiting || notAnswered(call)
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

/**
 * Pano's own Redirects, noted in the event stream (PanoRedirectEvent in ami/events/types.ts). Asterisk
 * raises no transfer event when a caller still waiting in a queue is redirected elsewhere: Queue() gives
 * the caller up as on a hangup, which reads as an abandon or a timeout. The AMI client that writes the
 * action tells its `event` listeners itself, before the bytes go out, and again if the PBX refuses it.
 * On several nodes only the holder writes actions, and its feed carries whatever its client emits
 * (server/services/cluster/pbx-relay.ts), so every node reduces the same note in the same place.
 */
import type { ActionResult, AmiAction } from '../ami/action.ts'
import { PANO_REDIRECT_EVENT } from '../ami/events.ts'
import { AmiMessage } from '../ami/message.ts'

export interface RedirectNote {
  readonly channel: string
  readonly exten: string
}

/** The channel and target of a Redirect action; null for any other action or one that did not encode. */
export function redirectNoteOf(action: AmiAction | ActionResult): RedirectNote | null {
  const built = 'ok' in action ? (action.ok ? action.value : null) : action
  if (built === null || built.name.toLowerCase() !== 'redirect') return null
  const value = (key: string) => built.fields.find(([k]) => k.toLowerCase() === key)?.[1]
  const channel = value('channel')
  const exten = value('exten')
  return channel === undefined || exten === undefined ? null : { channel, exten }
}

export function redirectNoteMessage(note: RedirectNote, outcome: 'sent' | 'refused'): AmiMessage {
  return AmiMessage.of([
    ['Event', PANO_REDIRECT_EVENT],
    ['Channel', note.channel],
    ['Exten', note.exten],
    ['Outcome', outcome],
  ])
}

/** A PBX event that claims to be Pano's own note: never taken from the wire. */
export function isForgedNote(message: AmiMessage): boolean {
  return message.get('Event')?.toLowerCase() === PANO_REDIRECT_EVENT.toLowerCase()
}

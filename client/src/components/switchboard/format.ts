/** Display helpers of the santral console (pure). */
import type { LightState, SwitchboardCallState } from '../../../../server/contract/switchboard.ts'

import { formatTime } from '../../lib/format.ts'

/** Phone numbers and durations read the same on every screen (client/src/lib/format.ts). */
export { formatDuration, formatPhone } from '../../lib/format.ts'

export function formatClock(ms: number): string {
  return formatTime(ms)
}

/** An icon per light so the state reads without colour. */
export const LIGHT_ICONS: Record<LightState, string> = {
  idle: '●',
  ringing: '☎',
  busy: '■',
  unavailable: '✖',
}

export const CALL_STATE_ICONS: Record<SwitchboardCallState, string> = {
  waiting: '◔',
  ringing: '☎',
  talking: '●',
  transferring: '➜',
  'on-hold': '❚❚',
}

/** Display helpers of the santral console (pure). */
import type { LightState, SwitchboardCallState } from '../../../../server/contract/switchboard.ts'

/** `+905321234567` → `0532 123 45 67`; other numbers as they are; null → `Gizli numara`. */
export function formatPhone(e164: string | null): string {
  if (e164 === null || e164 === '') return 'Gizli numara'
  const m = /^\+90(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(e164)
  return m === null ? e164 : `0${m[1]} ${m[2]} ${m[3]} ${m[4]}`
}

/** Seconds → `m:ss` (or `h:mm:ss`). */
export function formatDuration(totalSec: number): string {
  const s = Math.max(0, Math.floor(totalSec))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const ss = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('tr-TR', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Istanbul',
  })
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

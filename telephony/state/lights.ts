import type { ChannelLight } from './model.ts'

/** DeviceStateChange `State` → directory light. */
export function lightOfDeviceState(state: string): ChannelLight {
  switch (state.toUpperCase()) {
    case 'NOT_INUSE':
      return 'idle'
    case 'INUSE':
      return 'inUse'
    case 'BUSY':
      return 'busy'
    case 'RINGING':
    case 'RINGINUSE':
      return 'ringing'
    case 'ONHOLD':
      return 'onHold'
    case 'UNAVAILABLE':
    case 'INVALID':
      return 'unavailable'
    default:
      return 'unknown'
  }
}

/** ExtensionStatus `Status` bits (0 idle, 1 in use, 2 busy, 4 unavailable, 8 ringing, 16 on hold). */
export function lightOfExtensionStatus(status: number): ChannelLight {
  if (status === 0) return 'idle'
  if (status & 4) return 'unavailable'
  if (status & 8) return 'ringing'
  if (status & 2) return 'busy'
  if (status & 16) return 'onHold'
  if (status & 1) return 'inUse'
  return 'unknown'
}

/** QueueMember `Status` (AST_DEVICE_*) → light. */
export function lightOfMemberStatus(status: number | undefined): ChannelLight {
  switch (status) {
    case 1:
      return 'idle'
    case 2:
      return 'inUse'
    case 3:
      return 'busy'
    case 4:
    case 5:
      return 'unavailable'
    case 6:
    case 7:
      return 'ringing'
    case 8:
      return 'onHold'
    default:
      return 'unknown'
  }
}

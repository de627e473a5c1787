/**
 * Which views an event can change. The realtime layer recomputes only those (a DeviceStateChange does
 * not make it rebuild the queue board). Pure.
 */
import type { TelephonyEvent } from '../ami/events.ts'

export type TelephonyChangeKind = 'calls' | 'queues' | 'agents' | 'extensions' | 'connection'

export const ALL_CHANGE_KINDS: readonly TelephonyChangeKind[] = [
  'calls',
  'queues',
  'agents',
  'extensions',
  'connection',
]

const CALLS: readonly TelephonyChangeKind[] = ['calls']
const QUEUE_CALLERS: readonly TelephonyChangeKind[] = ['calls', 'queues']
const AGENT_WORK: readonly TelephonyChangeKind[] = ['calls', 'queues', 'agents']
const MEMBERS: readonly TelephonyChangeKind[] = ['queues', 'agents']
const LIGHTS: readonly TelephonyChangeKind[] = ['extensions']
const NOTHING: readonly TelephonyChangeKind[] = []

export function changeKindsOf(event: TelephonyEvent): readonly TelephonyChangeKind[] {
  switch (event.type) {
    case 'QueueCallerJoin':
    case 'QueueCallerLeave':
    case 'QueueCallerAbandon':
    case 'QueueEntry':
    case 'QueueParams':
      return QUEUE_CALLERS
    case 'AgentCalled':
    case 'AgentConnect':
    case 'AgentComplete':
    case 'AgentRingNoAnswer':
    case 'AgentDump':
      return AGENT_WORK
    case 'QueueMemberStatus':
    case 'QueueMemberAdded':
    case 'QueueMemberRemoved':
    case 'QueueMemberPause':
    case 'QueueMember':
      return MEMBERS
    case 'DeviceStateChange':
    case 'ExtensionStatus':
      return LIGHTS
    case 'FullyBooted':
    case 'ListComplete':
    case 'OriginateResponse':
    case 'Newexten':
    case 'VarSet':
      return NOTHING
    default:
      return CALLS
  }
}

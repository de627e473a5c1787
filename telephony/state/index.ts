/**
 * The telephony state layer's public surface: create a state, feed it decoded events with the time
 * they were received, resync after every (re)connect, read views, and take the records to persist.
 */
export { createTelephonyState, takeRecords } from './model.ts'
export type { StateConfig, TelephonyState, ChannelLight, TransferRecord } from './model.ts'
export { reduce, tick } from './reduce.ts'
export { beginResync, applySnapshot, isStale } from './resync.ts'
export {
  selectBridges,
  selectCalls,
  selectCentreCalls,
  selectChannel,
  selectChannels,
  selectDevices,
  selectExtensions,
  selectQueues,
  selectTransfers,
  memberView,
} from './select.ts'
export type {
  AgentActivity,
  CallView,
  ChannelView,
  MemberView,
  ParticipantView,
  QueueView,
  WaitingCallerView,
} from './select.ts'
export type { CallDirection, CallOutcome, FinishedCall, MissedBy, PauseInterval } from './records.ts'
export { normaliseCallerNumber } from './phone-number.ts'

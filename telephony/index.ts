/**
 * The telephony layer's public face: the server imports from here and nowhere else in telephony/.
 * One bridge per PBX (createTelephonyBridge); selectors read its state; the simulator is for the demo
 * and tests.
 */
export {
  createTelephonyBridge,
  type BridgeAmiOptions,
  type BridgeStatus,
  type TelephonyBridge,
  type TelephonyBridgeOptions,
  type TelephonyChange,
  type TelephonyChangeKind,
  type TelephonyClock,
  type TelephonyRecords,
  type TelephonyActions,
  type PauseMemberRequest,
  type ActionDone,
} from './bridge.ts'
export { ALL_CHANGE_KINDS } from './bridge/changes.ts'
export {
  AmiActionError,
  AmiAuthError,
  AmiDisconnectedError,
  AmiEncodeError,
  AmiTimeoutError,
  err,
  type AmiError,
  type Result,
} from './ami/errors.ts'
export { AmiMessage } from './ami/message.ts'
export {
  chanSpyData,
  type ActionResult,
  type AmiAction,
  type EventMask,
  type ChanSpyOption,
  type OriginateRequest,
  type OriginateToApplication,
  type OriginateToExten,
} from './ami/action.ts'
export { PANO_SPY_ID_PREFIX, isPanoSpyLeg, spyLegIds, type SpyLegIds } from './spy-leg.ts'
/** The AMI client itself: for the cluster, which holds one connection and relays it to other nodes. */
export {
  createAmiClient,
  type AmiClient,
  type AmiClientEvents,
  type AmiConnectionState,
  type AmiCounters,
  type AmiListResult,
  type AmiLogger,
  type AmiPhase,
  type OriginateOutcome,
  type SendOptions,
} from './connection/ami-client.ts'
export type { CallOutcome, CallDirection, FinishedCall, PauseInterval, MissedBy } from './state/records.ts'
export { answeredUnseen } from './state/records.ts'
export type { TelephonyState } from './state/model.ts'
export type { ConnectionHealth, DegradedReason, PbxHealthState } from './bridge/connection-health.ts'
export { isStale } from './state/resync.ts'
export {
  memberView,
  selectCalls,
  selectCentreCalls,
  selectExtensions,
  selectQueues,
  type AgentActivity,
  type CallView as StateCallView,
  type MemberView,
  type QueueView as StateQueueView,
} from './state/select.ts'
export { normaliseCallerNumber } from './state/phone-number.ts'
export {
  statsConfig,
  formulaLabels,
  thresholdsOf,
  dayStartOf,
  type StatsConfig,
  type QueueStatsConfig,
} from './stats/config.ts'
export { rebuildStats, type StatsReport, type WindowStats, type AgentMetrics } from './stats/report.ts'
export type { QueueMetrics, QueueOutcomeCounts } from './stats/aggregate.ts'
export { liveInputsOf, statsOver, type InProgressCall } from './stats/index.ts'
export {
  createPbxSimulator,
  type ActionFault,
  type PbxSimulator,
  type PbxSimulatorOptions,
  type GroundTruth,
  type ScenarioOptions,
} from './simulator/index.ts'
export {
  DEMO_EXTENSIONS,
  DEMO_PBX_ID,
  DEMO_QUEUES,
  type PlanExtension,
  type PlanQueue,
} from './demo-pbx-plan.ts'

/** Statistics from finished-call records and pause intervals, live or rebuilt (docs/design.md §2.3). */
export { createStatsAccumulator, addFinishedCall, addPauseInterval } from './accumulator.ts'
export type { StatsAccumulator } from './accumulator.ts'
export { computeStats, rebuildStats, statsOver, NO_LIVE_INPUTS } from './report.ts'
export type { AgentMetrics, LiveInputs, StatsReport, WindowStats } from './report.ts'
export type { InProgressCall, QueueMetrics } from './aggregate.ts'
export { statsConfig, formulaLabels, dayStartOf, DEFAULT_STATS_CONFIG } from './config.ts'
export type { StatsConfig, QueueStatsConfig } from './config.ts'
export { liveInputsOf } from './live.ts'

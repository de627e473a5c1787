import { decodeAmiEvent } from '../../../../telephony/ami/events.ts'
import { AmiMessage } from '../../../../telephony/ami/message.ts'
import { createTelephonyState, takeRecords, type TelephonyState } from '../../../../telephony/state/model.ts'
import { reduce, tick } from '../../../../telephony/state/reduce.ts'
import type { FinishedCall, PauseInterval } from '../../../../telephony/state/records.ts'
import {
  addFinishedCall,
  addPauseInterval,
  createStatsAccumulator,
  type StatsAccumulator,
} from '../../../../telephony/stats/accumulator.ts'
import type { StatsConfig } from '../../../../telephony/stats/config.ts'
import { createPbxEngine, type PbxEngine } from '../../../../telephony/simulator/engine.ts'
import type { PbxSimulatorOptions } from '../../../../telephony/simulator/index.ts'

export interface Driven {
  readonly engine: PbxEngine
  readonly state: TelephonyState
  readonly acc: StatsAccumulator
  readonly finished: FinishedCall[]
  readonly pauses: PauseInterval[]
  readonly counts: { events: number; unknown: number; errors: number }
  /** Runs the simulator for `ms` of virtual time, feeding every event through decode → reduce → stats. */
  run(ms: number): void
}

/** The simulator engine in-process (no TCP), its events fed to Pano's core as they happen. */
export function driveSimulator(options: PbxSimulatorOptions, stats: StatsConfig): Driven {
  const lwe = options.leaveWhenEmpty ?? false
  const state = createTelephonyState({
    pbxId: 'sim',
    wrapUpSec: { 'cagri-merkezi': 5 },
    leaveWhenEmpty: { 'cagri-merkezi': lwe, santral: lwe },
  })
  const acc = createStatsAccumulator(stats)
  const finished: FinishedCall[] = []
  const pauses: PauseInterval[] = []
  const counts = { events: 0, unknown: 0, errors: 0 }
  const drain = () => {
    const r = takeRecords(state)
    for (const c of r.finishedCalls) addFinishedCall(acc, c)
    for (const p of r.pauses) addPauseInterval(acc, p)
    finished.push(...r.finishedCalls)
    pauses.push(...r.pauses)
  }
  const holder: { engine?: PbxEngine } = {}
  const engine = createPbxEngine({ clock: 'virtual', ...options }, (ev) => {
    const decoded = decodeAmiEvent(AmiMessage.of(ev.fields))
    counts.events++
    if (decoded.type === 'unknown') counts.unknown++
    else if (decoded.type === 'decodeError') counts.errors++
    else reduce(state, decoded, holder.engine?.pbx.now ?? 0)
    drain()
  })
  holder.engine = engine
  return {
    engine,
    state,
    acc,
    finished,
    pauses,
    counts,
    run(ms: number) {
      engine.virtual?.runFor(ms)
      tick(state, engine.pbx.now)
      drain()
    },
  }
}

/** Ground-truth outcome names → FinishedCall outcomes. */
export const OUTCOME_OF_TRUTH: Readonly<Record<string, string>> = {
  answered: 'ANSWERED',
  transferred: 'TRANSFERRED',
  abandoned: 'ABANDONED',
  timeout: 'TIMEOUT',
  'exit-empty': 'EXIT_EMPTY',
  'exit-with-key': 'EXIT_KEY',
}

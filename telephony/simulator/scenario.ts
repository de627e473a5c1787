/**
 * Random traffic from a seed: Poisson arrivals per queue, lognormal talk times, ring-no-answer, abandon
 * with exponential patience, transfers, exit-with-key, and agent pauses. The same seed and options give
 * the same calls.
 */
import { DEPARTMENTS_CONTEXT } from '../demo-pbx-plan.ts'
import type { Pbx, PbxMember } from './pbx.ts'
import type { CallerPlan, QueueCaller, QueueFlow } from './queue-flow.ts'
import type { Prng } from './random.ts'

export interface ScenarioOptions {
  /** Calls per minute: one number for every queue, or per queue name. */
  readonly ratePerMinute: number | Readonly<Record<string, number>>
  readonly talkTime?: { readonly meanSec: number; readonly sdSec: number }
  /** Seconds a member's phone rings before it is answered (uniform). */
  readonly ringSec?: { readonly min: number; readonly max: number }
  readonly ringNoAnswerProbability?: number
  readonly abandonProbability?: number
  /** Mean patience of callers who will abandon (exponential). */
  readonly patienceMeanSec?: number
  readonly transferProbability?: number
  /** Share of transfers that are attended (the rest are blind). */
  readonly attendedShare?: number
  readonly exitWithKeyProbability?: number
  /** Share of answered calls ended by the caller (the rest by the agent). */
  readonly callerHangupShare?: number
  /** Pauses per agent per hour, their reasons and mean length. */
  readonly pauses?: {
    readonly perAgentPerHour: number
    readonly reasons: readonly string[]
    readonly meanSec: number
  }
  /** Stop generating new calls after this much simulated time. */
  readonly durationMs?: number
  /**
   * A day's ebb and flow on top of `ratePerMinute` (which is then the average): a slow swell of
   * ±`depth` over `periodMin`, and a rush (a burst of `factor` times the rate for `lengthMin`) every
   * `rush.everyMin`, as when a water cut or a news item fills the lines. Absent: a steady rate.
   */
  readonly waves?: {
    readonly periodMin: number
    readonly depth: number
    readonly rush?: { readonly everyMin: number; readonly lengthMin: number; readonly factor: number }
  }
}

export const SCENARIO_DEFAULTS = {
  talkTime: { meanSec: 90, sdSec: 60 },
  ringSec: { min: 1, max: 3 },
  ringNoAnswerProbability: 0.1,
  abandonProbability: 0.1,
  patienceMeanSec: 30,
  transferProbability: 0.05,
  attendedShare: 0.3,
  exitWithKeyProbability: 0,
  callerHangupShare: 0.5,
} as const

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v))
}

/** Per-ring decision used for every call that did not say how its member answers. */
export function scenarioAnswer(
  prng: Prng,
  options: ScenarioOptions | undefined,
): (caller: QueueCaller, m: PbxMember) => number | null {
  return (caller) => {
    const ans = caller.plan.answer
    if (ans === true) return 2000
    if (ans === false) return null
    if (typeof ans === 'number') return ans
    const p = options?.ringNoAnswerProbability ?? SCENARIO_DEFAULTS.ringNoAnswerProbability
    if (options && prng.chance(p)) return null
    const ring = options?.ringSec ?? SCENARIO_DEFAULTS.ringSec
    return Math.round((ring.min + prng.next() * (ring.max - ring.min)) * 1000)
  }
}

export function turkishMobile(prng: Prng): string {
  let n = '+905'
  n += String(prng.int(0, 5))
  for (let i = 0; i < 8; i++) n += String(prng.int(0, 9))
  return n
}

export function randomPlan(
  prng: Prng,
  o: ScenarioOptions,
  departments: readonly string[],
  style: 'local' | 'trunk',
): CallerPlan {
  const talk = o.talkTime ?? SCENARIO_DEFAULTS.talkTime
  const talkMs = Math.round(clamp(prng.lognormal(talk.meanSec, talk.sdSec), 5, 1800) * 1000)
  const abandons = prng.chance(o.abandonProbability ?? SCENARIO_DEFAULTS.abandonProbability)
  const patienceMs = abandons
    ? Math.round(
        clamp(prng.exponential(o.patienceMeanSec ?? SCENARIO_DEFAULTS.patienceMeanSec), 1, 600) * 1000,
      )
    : undefined
  const exitKey = prng.chance(o.exitWithKeyProbability ?? SCENARIO_DEFAULTS.exitWithKeyProbability)
  const transfers =
    departments.length > 0 && prng.chance(o.transferProbability ?? SCENARIO_DEFAULTS.transferProbability)
  const attended = prng.chance(o.attendedShare ?? SCENARIO_DEFAULTS.attendedShare)
  const byCaller = prng.chance(o.callerHangupShare ?? SCENARIO_DEFAULTS.callerHangupShare)
  const exten = departments.length > 0 ? prng.pick(departments) : ''
  return {
    talkMs,
    patienceMs,
    hangupBy: byCaller ? 'caller' : 'agent',
    exitWithKeyAfterMs: exitKey ? prng.int(5, 40) * 1000 : undefined,
    transfer: transfers
      ? { kind: attended ? 'attended' : 'blind', exten, afterMs: Math.round(talkMs / 2) }
      : undefined,
    callerStyle: style,
  }
}

/** The rate factor at `ms` of simulated time (1 without waves). Pure. */
export function waveFactor(waves: ScenarioOptions['waves'], ms: number): number {
  if (waves === undefined) return 1
  const minute = ms / 60_000
  const swell = 1 + waves.depth * Math.sin((2 * Math.PI * minute) / waves.periodMin)
  const rush = waves.rush
  const inRush = rush !== undefined && minute % rush.everyMin >= rush.everyMin - rush.lengthMin
  return Math.max(0, swell * (inRush ? rush.factor : 1))
}

/** The largest factor the waves reach (arrivals are drawn at this rate and thinned). */
function peakFactor(waves: ScenarioOptions['waves']): number {
  if (waves === undefined) return 1
  return (1 + waves.depth) * Math.max(1, waves.rush?.factor ?? 1)
}

/** Starts the generators; returns a function that stops them. */
export function startScenario(
  pbx: Pbx,
  flow: QueueFlow,
  prng: Prng,
  o: ScenarioOptions,
  style: 'local' | 'trunk',
): () => void {
  const sched = pbx.deps.scheduler
  const until = o.durationMs === undefined ? Infinity : pbx.now + o.durationMs
  let stopped = false
  const departments = [...pbx.extensions.values()]
    .filter((e) => e.context === DEPARTMENTS_CONTEXT)
    .map((e) => e.number)
  for (const q of pbx.queues.values()) {
    const average = typeof o.ratePerMinute === 'number' ? o.ratePerMinute : (o.ratePerMinute[q.name] ?? 0)
    if (!(average > 0)) continue
    // With waves: candidate arrivals at the peak rate, each kept with probability factor ÷ peak (thinning
    // of a Poisson process), so the rate follows the waves and the same seed still gives the same calls.
    const peak = peakFactor(o.waves)
    const rate = average * peak
    const startedAt = pbx.now
    const arrive = (): void => {
      if (stopped || pbx.now > until) return
      const keep = o.waves === undefined || prng.chance(waveFactor(o.waves, pbx.now - startedAt) / peak)
      if (keep) flow.placeCall(q, turkishMobile(prng), undefined, randomPlan(prng, o, departments, style))
      sched.after(Math.round(prng.exponential(60_000 / rate)), arrive)
    }
    sched.after(Math.round(prng.exponential(60_000 / rate)), arrive)
  }
  const pauses = o.pauses
  if (pauses && pauses.perAgentPerHour > 0 && pauses.reasons.length > 0) {
    const ifaces = new Set([...pbx.queues.values()].flatMap((q) => q.members.map((m) => m.iface)))
    for (const iface of ifaces) {
      const next = (): void => {
        if (stopped || pbx.now > until) return
        pbx.pause(iface, true, prng.pick(pauses.reasons))
        sched.after(Math.round(prng.exponential(pauses.meanSec) * 1000), () => {
          pbx.pause(iface, false, '')
          flow.requestDispatch()
          sched.after(Math.round(prng.exponential(3_600_000 / pauses.perAgentPerHour)), next)
        })
      }
      sched.after(Math.round(prng.exponential(3_600_000 / pauses.perAgentPerHour)), next)
    }
  }
  return () => {
    stopped = true
  }
}

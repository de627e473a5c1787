/**
 * Reducer + statistics throughput and memory over N simulated queue calls (default 1,000,000).
 * Events are generated in-process (already decoded), 40 calls in flight at a time, one call entering
 * every 2 s of simulated time (so a million calls span ~23 days and cross day boundaries): 80 %
 * answered (some after a missed ring), 12 % abandoned, 8 % timed out. Finished calls and pauses feed
 * the stats accumulator as the bridge would. Prints one JSON line; `heap_growth_mb` compares the heap
 * after 10 % and after 100 % of the calls (it must stay near 0: finished calls leave memory).
 *
 *   npm run bench -- state [calls]
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { ChannelSnapshot, TelephonyEvent } from '../telephony/ami/events.ts'
import { createTelephonyState, takeRecords } from '../telephony/state/model.ts'
import { reduce } from '../telephony/state/reduce.ts'
import { addFinishedCall, addPauseInterval, createStatsAccumulator } from '../telephony/stats/accumulator.ts'
import { statsConfig } from '../telephony/stats/config.ts'
import { computeStats } from '../telephony/stats/report.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const CALLS = Number(process.argv[2] ?? 1_000_000)
const IN_FLIGHT = 40
const Q = 'cagri-merkezi'
const START = Date.UTC(2026, 10, 26, 5, 0, 0)
const MEMBERS = Array.from({ length: 20 }, (_, i) => ({
  iface: `Local/${1001 + i}@agents/n`,
  name: `Temsilci ${i + 1}`,
}))

const mb = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10

function snap(uniqueId: string, name: string, callId: string, num: string | undefined): ChannelSnapshot {
  return {
    channel: name,
    uniqueId,
    callId,
    state: 6,
    stateDesc: 'Up',
    callerNum: num,
    callerName: undefined,
    connectedNum: undefined,
    connectedName: undefined,
    accountCode: undefined,
    context: 'incoming',
    exten: 's',
    priority: '1',
    vars: undefined,
  }
}

/** The events of call `i` as (offset ms, event) pairs, in the order Asterisk sends them. */
function callEvents(i: number): Array<[number, TelephonyEvent]> {
  const id = `${1795668000 + i}.${i}`
  const caller = snap(
    id,
    `PJSIP/trunk-${i.toString(16).padStart(8, '0')}`,
    id,
    `0532${String(i % 10_000_000).padStart(7, '0')}`,
  )
  const m = MEMBERS[i % MEMBERS.length] as (typeof MEMBERS)[number]
  const agent = snap(`${id}9`, `${m.iface.replace('/n', '')}-${i.toString(16)};1`, id, undefined)
  const base = { caller, member: agent, queue: Q, interface: m.iface, memberName: m.name }
  const bridge = {
    bridgeId: `b-${i}`,
    bridgeType: 'basic',
    technology: 'simple_bridge',
    numChannels: undefined,
  }
  const kind = i % 25 < 20 ? 'answer' : i % 25 < 23 ? 'abandon' : 'timeout'
  const out: Array<[number, TelephonyEvent]> = [
    [0, { type: 'Newchannel', channel: caller }],
    [10, { type: 'QueueCallerJoin', caller, queue: Q, position: 1, count: 1 }],
  ]
  if (kind === 'answer') {
    if (i % 7 === 0)
      out.push(
        [20, { type: 'AgentCalled', ...base }],
        [10_020, { type: 'AgentRingNoAnswer', ...base, ringTimeMs: 10_000 }],
      )
    out.push(
      [10_030, { type: 'Newchannel', channel: agent }],
      [10_040, { type: 'AgentCalled', ...base }],
      [10_050, { type: 'DialBegin', caller, dest: agent, dialString: m.iface, dialStatus: undefined }],
      [12_000, { type: 'DialEnd', caller, dest: agent, dialString: undefined, dialStatus: 'ANSWER' }],
      [12_001, { type: 'QueueCallerLeave', caller, queue: Q, position: 1, count: 0 }],
      [12_002, { type: 'AgentConnect', ...base, holdTimeSec: 12, ringTimeSec: 2 }],
      [12_003, { type: 'BridgeCreate', bridge }],
      [12_004, { type: 'BridgeEnter', bridge, channel: agent, swapUniqueId: undefined }],
      [12_005, { type: 'BridgeEnter', bridge, channel: caller, swapUniqueId: undefined }],
      [60_000, { type: 'AgentComplete', ...base, holdTimeSec: 12, talkTimeSec: 48, reason: 'agent' }],
      [60_001, { type: 'BridgeLeave', bridge, channel: agent }],
      [60_002, { type: 'BridgeLeave', bridge, channel: caller }],
      [60_003, { type: 'BridgeDestroy', bridge }],
      [60_004, { type: 'Hangup', channel: agent, cause: 16, causeText: 'Normal Clearing' }],
      [60_005, { type: 'Hangup', channel: caller, cause: 16, causeText: 'Normal Clearing' }],
    )
  } else if (kind === 'abandon') {
    out.push(
      [30_000, { type: 'HangupRequest', channel: caller, cause: 16 }],
      [
        30_001,
        { type: 'QueueCallerAbandon', caller, queue: Q, position: 1, originalPosition: 1, holdTimeSec: 30 },
      ],
      [30_002, { type: 'QueueCallerLeave', caller, queue: Q, position: 1, count: 0 }],
      [30_003, { type: 'Hangup', channel: caller, cause: 16, causeText: 'Normal Clearing' }],
    )
  } else {
    out.push(
      [
        120_000,
        { type: 'QueueCallerAbandon', caller, queue: Q, position: 1, originalPosition: 1, holdTimeSec: 120 },
      ],
      [120_001, { type: 'QueueCallerLeave', caller, queue: Q, position: 1, count: 0 }],
      [
        120_002,
        { type: 'Newexten', uniqueId: id, context: 'after-queue', exten: 's', application: 'Playback' },
      ],
      [125_000, { type: 'Hangup', channel: caller, cause: 16, causeText: 'Normal Clearing' }],
    )
  }
  return out
}

const state = createTelephonyState({ pbxId: 'bench', wrapUpSec: { [Q]: 5 } })
const acc = createStatsAccumulator(statsConfig({ queues: { [Q]: { wrapUpSec: 5 } } }))
// Agents pause and resume now and then, so pause intervals flow too.
const pauseEvent = (k: number, paused: boolean): TelephonyEvent => {
  const m = MEMBERS[k % MEMBERS.length] as (typeof MEMBERS)[number]
  return {
    type: 'QueueMemberPause',
    member: {
      queue: Q,
      interface: m.iface,
      memberName: m.name,
      stateInterface: undefined,
      membership: 'static',
      penalty: 0,
      callsTaken: undefined,
      lastCall: undefined,
      lastPause: undefined,
      loginTime: undefined,
      inCall: undefined,
      status: 1,
      paused,
      pausedReason: paused ? 'Mola' : undefined,
      wrapUpSec: undefined,
    },
  }
}

gc()
const rssStart = process.memoryUsage().rss
let events = 0
let finished = 0
let heapAt10 = 0
/** Time spent in reduce + stats only (event generation excluded). */
let coreNs = 0n
/** CPU time of the same (robust when the machine is shared). */
let coreCpuUs = 0
const t0 = process.hrtime.bigint()
for (let batch = 0; batch < CALLS; batch += IN_FLIGHT) {
  // Interleave the calls of one batch by time, as a PBX would.
  const timeline: Array<[number, TelephonyEvent]> = []
  for (let i = batch; i < Math.min(CALLS, batch + IN_FLIGHT); i++) {
    const enter = START + i * 2000
    for (const [off, e] of callEvents(i)) timeline.push([enter + off, e])
  }
  const k = batch / IN_FLIGHT
  timeline.push(
    [START + batch * 2000 + 1, pauseEvent(k, true)],
    [START + batch * 2000 + 50_000, pauseEvent(k, false)],
  )
  timeline.sort((a, b) => a[0] - b[0])
  const t1 = process.hrtime.bigint()
  const c1 = process.cpuUsage()
  for (const [at, e] of timeline) reduce(state, e, at)
  events += timeline.length
  const records = takeRecords(state)
  for (const c of records.finishedCalls) addFinishedCall(acc, c)
  for (const p of records.pauses) addPauseInterval(acc, p)
  finished += records.finishedCalls.length
  coreNs += process.hrtime.bigint() - t1
  const c2 = process.cpuUsage(c1)
  coreCpuUs += c2.user + c2.system
  if (heapAt10 === 0 && batch >= CALLS / 10) {
    gc()
    heapAt10 = process.memoryUsage().heapUsed
  }
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9
const coreSeconds = Number(coreNs) / 1e9
const report = computeStats(acc, START + CALLS * 2000 + 200_000)
gc()
const heapEnd = process.memoryUsage().heapUsed
console.log(
  JSON.stringify({
    bench: 'state',
    calls: CALLS,
    finished_calls: finished,
    events,
    events_per_s: Math.round(events / coreSeconds),
    events_per_cpu_s: Math.round(events / (coreCpuUs / 1e6)),
    core_seconds: Math.round(coreSeconds * 100) / 100,
    total_seconds_incl_generation: Math.round(seconds * 100) / 100,
    rss_mb_start: mb(rssStart),
    rss_mb_end: mb(process.memoryUsage().rss),
    heap_mb_after_gc: mb(heapEnd),
    heap_growth_mb: mb(heapEnd - heapAt10),
    live_channels: state.channels.size,
    today_offered: report.today.pbx.offered,
  }),
)

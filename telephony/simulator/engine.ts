/**
 * The PBX without the TCP listener: state, flows, scheduler and scenario. Unit tests drive it directly;
 * createPbxSimulator puts the AMI server in front of it.
 */
import { DEMO_EXTENSIONS, DEMO_QUEUES, DEPARTMENTS_CONTEXT } from '../demo-pbx-plan.ts'
import type { PbxSimulatorOptions } from './index.ts'
import { OriginateFlow } from './originate-flow.ts'
import { Pbx, deviceOf, type ExtensionBehaviour, type PbxQueue, type SimEvent } from './pbx.ts'
import { QueueFlow } from './queue-flow.ts'
import { Prng } from './random.ts'
import { RecordingFiles } from './recording-files.ts'
import { scenarioAnswer, startScenario } from './scenario.ts'
import { RealScheduler, VirtualScheduler, type Scheduler } from './scheduler.ts'
import { TransferFlow } from './transfer-flow.ts'

export const VIRTUAL_START = Date.UTC(2026, 10, 26, 6, 0, 0)

export interface PbxEngine {
  readonly pbx: Pbx
  readonly queues: QueueFlow
  readonly transfers: TransferFlow
  readonly originates: OriginateFlow
  readonly scheduler: Scheduler
  readonly virtual: VirtualScheduler | undefined
  readonly numberBehaviour: Map<string, ExtensionBehaviour>
  readonly style: 'local' | 'trunk'
  readonly stopScenario: () => void
}

export function createPbxEngine(options: PbxSimulatorOptions, emit: (event: SimEvent) => void): PbxEngine {
  const virtual =
    options.clock === 'virtual' ? new VirtualScheduler(options.startAt ?? VIRTUAL_START) : undefined
  const scheduler: Scheduler =
    virtual ??
    new RealScheduler({
      speed: options.speed ?? 1,
      startMs: options.startAt ?? (options.realNow ?? Date.now)(),
      ...(options.realNow ? { realNow: options.realNow } : {}),
    })
  const prng = new Prng(options.seed ?? 1)
  const pbx = new Pbx({
    scheduler,
    prng,
    noise: options.noise ?? 'sparse',
    emit,
    ...(options.recordingsDir === undefined ? {} : { recordings: new RecordingFiles(options.recordingsDir) }),
  })
  configurePlan(pbx, options)
  const queues = new QueueFlow(pbx, scenarioAnswer(prng, options.scenario))
  const transfers = new TransferFlow(pbx, queues)
  const numberBehaviour = new Map<string, ExtensionBehaviour>()
  const originates = new OriginateFlow(
    pbx,
    (n) => pbx.extensions.get(n)?.behaviour ?? numberBehaviour.get(n) ?? 'answer',
  )
  const style = options.callerStyle ?? 'local'
  const stopScenario = options.scenario
    ? startScenario(pbx, queues, prng, options.scenario, style)
    : () => undefined

  return { pbx, queues, transfers, originates, scheduler, virtual, numberBehaviour, style, stopScenario }
}

function configurePlan(pbx: Pbx, o: PbxSimulatorOptions): void {
  const loginAt = Math.floor(pbx.now / 1000)
  const logged = o.loggedIn ? new Set(o.loggedIn) : undefined
  for (const plan of o.queues ?? DEMO_QUEUES) {
    const q: PbxQueue = {
      name: plan.name,
      strategy: plan.strategy,
      serviceLevelSec: plan.serviceLevelSec,
      ringTimeoutSec: plan.ringTimeoutSec,
      wrapUpSec: plan.wrapUpSec,
      timeoutSec: o.queueTimeoutSec ?? 120,
      retrySec: o.retrySec ?? 5,
      context: plan.kind === 'SWITCHBOARD' ? 'santral-in' : 'incoming',
      leaveWhenEmpty: o.leaveWhenEmpty ?? false,
      autopause: o.autopause ?? false,
      members: [],
      callers: [],
      rrNext: 0,
      completed: 0,
      abandoned: 0,
      holdtime: 0,
      talktime: 0,
      completedInSl: 0,
    }
    for (const m of plan.members) {
      if (logged && !logged.has(m.memberName) && !logged.has(m.interface)) continue
      q.members.push({
        queue: q.name,
        name: m.memberName,
        iface: m.interface,
        stateIface: m.interface,
        membership: 'static',
        penalty: 0,
        callsTaken: 0,
        lastCall: 0,
        lastPause: 0,
        loginTime: loginAt,
        paused: false,
        pausedReason: '',
        wrapuptime: 0,
        status: 1,
      })
      pbx.devices.set(deviceOf(m.interface), 'NOT_INUSE')
    }
    pbx.queues.set(q.name, q)
    pbx.devices.set(`Queue:${q.name}`, 'NOT_INUSE')
  }
  for (const e of o.extensions ?? DEMO_EXTENSIONS) {
    pbx.extensions.set(e.number, {
      number: e.number,
      device: e.device,
      context: DEPARTMENTS_CONTEXT,
      behaviour: 'answer',
      answerAfterMs: 4000,
      talkMs: 30_000,
    })
    pbx.devices.set(e.device, 'NOT_INUSE')
  }
}

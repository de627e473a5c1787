/**
 * A caller's life in a queue (docs/ami-protocol.md §10.1–10.2), with the event order of the lab capture
 * 02-single-answered.raw: caller Local pair → QueueCallerJoin → member Local pair rung (AgentCalled,
 * DialBegin, DialState) → answer (DialEnd ANSWER, QueueCallerLeave before AgentConnect, bridge) →
 * hangup (AgentComplete, BridgeLeave, Hangup), and ring-no-answer. How a call ends (hangups, abandon,
 * timeout, exit-empty, exit-with-key) is in queue-endings.ts, the base class.
 */
import { ChannelState, snapshot } from './channel.ts'
import { createLocalCaller, createTrunkCaller } from './caller-channels.ts'
import { deviceOf, type Pbx, type PbxMember, type PbxQueue } from './pbx.ts'
import type { TruthCall } from './ground-truth.ts'
import type { AnswerPolicy, CallerPlan, Connection, QueueCaller, RingLeg } from './queue-caller.ts'
import { QueueEndings } from './queue-endings.ts'

export type { AnswerPolicy, CallerPlan, Connection, QueueCaller } from './queue-caller.ts'

export class QueueFlow extends QueueEndings {
  private nextId = 1
  private originateSeq = 1
  private dispatchPending = false
  /** Set by the transfer module: runs a planned transfer on a connected call. */
  onTransferPlanned: ((caller: QueueCaller) => void) | undefined

  constructor(
    pbx: Pbx,
    private readonly policy: AnswerPolicy,
  ) {
    super(pbx)
  }

  placeCall(
    queue: PbxQueue,
    callerNumber: string,
    callerName: string | undefined,
    plan: CallerPlan,
  ): QueueCaller {
    const pbx = this.pbx
    const name = callerName ?? '<unknown>'
    const { c1, c2 } =
      plan.callerStyle === 'local'
        ? createLocalCaller(pbx, queue, callerNumber, name, () => this.originateSeq++)
        : createTrunkCaller(pbx, queue, callerNumber, name)
    c2.priority = 5
    pbx.noiseExten(c2, 'Queue', `${queue.name},,,,${queue.timeoutSec}`)
    pbx.noiseVar(c2, 'QUEUEWAIT', '')
    if (queue.callers.length === 0) pbx.deviceState(`Queue:${queue.name}`, 'RINGING')
    const id = this.nextId++
    queue.callers.push({ id })
    const truth: TruthCall = {
      id,
      queue: queue.name,
      callerNumber,
      callerName,
      uniqueid: c2.uniqueid,
      linkedid: c2.linkedid,
      channel: c2.name,
      joinedAt: pbx.now,
      leftQueueAt: undefined,
      endedAt: undefined,
      outcome: undefined,
      abandonEventEmitted: false,
      waitSec: undefined,
      talkSec: undefined,
      memberName: undefined,
      memberInterface: undefined,
      missedRings: {},
      hangupBy: undefined,
      transfer: undefined,
    }
    pbx.truth.calls.push(truth)
    const caller: QueueCaller = {
      id,
      queue,
      c1,
      c2,
      plan,
      truth,
      joinedAt: pbx.now,
      originalPosition: queue.callers.length,
      phase: 'waiting',
      legs: [],
      timers: [],
      conn: undefined,
    }
    this.callers.set(id, caller)
    const callerGone = (): void =>
      caller.phase === 'connected' ? this.endByCaller(caller) : this.abandon(caller)
    if (c1) pbx.hangupHandlers.set(c1.name, callerGone)
    pbx.hangupHandlers.set(c2.name, callerGone)
    pbx.emit('QueueCallerJoin', 'agent', snapshot(c2), [
      ['Queue', queue.name],
      ['Position', String(queue.callers.length)],
      ['Count', String(queue.callers.length)],
    ])
    pbx.emit('MusicOnHoldStart', 'call', snapshot(c2), [['Class', 'default']])
    const sched = pbx.deps.scheduler
    caller.timers.push(sched.after(queue.timeoutSec * 1000, () => this.leaveUnanswered(caller, 'timeout')))
    if (plan.patienceMs !== undefined)
      caller.timers.push(sched.after(plan.patienceMs, () => this.abandon(caller)))
    if (plan.exitWithKeyAfterMs !== undefined) {
      caller.timers.push(
        sched.after(plan.exitWithKeyAfterMs, () => this.leaveUnanswered(caller, 'exit-with-key')),
      )
    }
    this.requestDispatch()
    return caller
  }

  /** Coalesces dispatch requests into one pass after the current event sequence. */
  override requestDispatch(): void {
    if (this.dispatchPending) return
    this.dispatchPending = true
    this.pbx.deps.scheduler.after(0, () => {
      this.dispatchPending = false
      this.dispatch()
    })
  }

  private dispatch(): void {
    const pbx = this.pbx
    for (const q of pbx.queues.values()) {
      if (q.leaveWhenEmpty && pbx.usableMembers(q).length === 0) {
        for (const c of this.waitingIn(q))
          if (c.phase === 'waiting' || c.phase === 'retry') this.leaveUnanswered(c, 'exit-empty')
        continue
      }
      // The free members are listed once per pass and shrink as callers are rung: an overloaded queue
      // holds hundreds of callers, and asking every member of each would cost callers × members.
      let free = q.members.filter((m) => pbx.available(m))
      for (const caller of this.waitingIn(q)) {
        if (free.length === 0) break
        if (caller.phase !== 'waiting') continue
        const wanted = caller.plan.ringMember
        const candidates =
          wanted === undefined ? free : free.filter((m) => m.name === wanted || m.iface === wanted)
        if (candidates.length === 0) continue
        const chosen = q.strategy === 'ringall' ? candidates : [this.nextRoundRobin(q, candidates)]
        caller.phase = 'ringing'
        for (const m of chosen) this.startRing(caller, m)
        free = free.filter((m) => pbx.available(m))
      }
    }
  }

  private waitingIn(q: PbxQueue): QueueCaller[] {
    return q.callers.map((e) => this.callers.get(e.id)).filter((c): c is QueueCaller => c !== undefined)
  }

  private nextRoundRobin(q: PbxQueue, candidates: PbxMember[]): PbxMember {
    const eligible = new Set(candidates)
    for (let i = 0; i < q.members.length; i++) {
      const at = (q.rrNext + i) % q.members.length
      const m = q.members[at] as PbxMember
      if (eligible.has(m)) {
        q.rrNext = (at + 1) % q.members.length
        return m
      }
    }
    return candidates[0] as PbxMember
  }

  private startRing(caller: QueueCaller, m: PbxMember): void {
    const pbx = this.pbx
    const { c2 } = caller
    const match = /^Local\/([^@]+)@([^/]+)/.exec(m.iface)
    const exten = match?.[1] ?? m.iface
    const ctx = match?.[2] ?? 'agents'
    const device = deviceOf(m.stateIface)
    pbx.agentBusy.set(m.iface, 'ringing')
    const names = pbx.localName(exten, ctx)
    const base = { context: ctx, exten, device, linkedid: c2.linkedid }
    const a1 = pbx.newChannel({ ...base, name: names.one, state: ChannelState.Down })
    const a2 = pbx.newChannel({ ...base, name: names.two, state: ChannelState.Ring })
    a1.callerNum = c2.callerNum
    a1.callerName = c2.callerName
    pbx.noiseExten(a1, 'AppQueue', '(Outgoing Line)')
    pbx.newCallerid(a1)
    pbx.noiseVar(a1, 'DIALEDPEERNUMBER', `${exten}@${ctx}/n`)
    Object.assign(a2, {
      callerNum: c2.callerNum,
      callerName: c2.callerName,
      connNum: c2.callerNum,
      connName: c2.callerName,
    })
    pbx.newCallerid(a2)
    pbx.newConnectedLine(a2)
    pbx.localBridge(a1, a2, ctx, exten, false)
    // DialBegin carries the snapshot cached before app_queue updated the connected line (as in the lab).
    const staleDest = snapshot(a1, 'Dest')
    a1.exten = 's'
    a1.connNum = c2.callerNum
    a1.connName = c2.callerName
    const ids: Array<readonly [string, string]> = [
      ['Queue', caller.queue.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
    ]
    pbx.emit('AgentCalled', 'agent', snapshot(c2), snapshot(a1, 'Dest'), ids)
    pbx.emit('DialBegin', 'call', snapshot(c2), staleDest, [['DialString', m.iface]])
    pbx.noiseExten(a2, 'NoOp', `Temsilci ${exten} / queue `)
    a2.priority = 2
    pbx.noiseExten(a2, 'Ringing', '')
    pbx.setState(a1, ChannelState.Ringing)
    pbx.newConnectedLine(a1)
    a2.priority = 3
    const answerIn = this.policy(caller, m)
    const timeoutMs = caller.queue.ringTimeoutSec * 1000
    pbx.noiseExten(a2, 'Wait', String(Math.ceil((answerIn ?? timeoutMs) / 1000)))
    pbx.dial('DialState', c2, a1, ['DialStatus', 'RINGING'])
    // A Local member's device reads INUSE while its channel rings (lab: QueueMemberStatus Status 2).
    pbx.deviceState(device, 'INUSE')
    const leg: RingLeg = { member: m, a1, a2, startedAt: pbx.now, timer: { cancel: () => undefined } }
    leg.timer =
      answerIn !== null && answerIn < timeoutMs
        ? pbx.deps.scheduler.after(answerIn, () => this.answer(caller, leg))
        : pbx.deps.scheduler.after(timeoutMs, () => this.ringNoAnswer(caller, leg))
    caller.legs.push(leg)
    const rejected = (): void => {
      if (caller.legs.includes(leg)) this.ringNoAnswer(caller, leg)
    }
    pbx.hangupHandlers.set(a1.name, rejected)
    pbx.hangupHandlers.set(a2.name, rejected)
  }

  private endLeg(caller: QueueCaller, leg: RingLeg, dialStatus: string, cause: number): void {
    const pbx = this.pbx
    leg.timer.cancel()
    caller.legs = caller.legs.filter((l) => l !== leg)
    pbx.dial('DialEnd', caller.c2, leg.a1, ['DialStatus', dialStatus])
    pbx.hangup(leg.a1, cause)
    pbx.hangupRequest(leg.a2, cause)
    pbx.hangup(leg.a2, cause)
    pbx.agentBusy.delete(leg.member.iface)
    pbx.deviceState(deviceOf(leg.member.stateIface), 'NOT_INUSE')
  }

  private ringNoAnswer(caller: QueueCaller, leg: RingLeg): void {
    const pbx = this.pbx
    const m = leg.member
    pbx.emit('AgentRingNoAnswer', 'agent', snapshot(caller.c2), snapshot(leg.a1, 'Dest'), [
      ['Queue', caller.queue.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
      ['RingTime', String(pbx.now - leg.startedAt)],
    ])
    this.endLeg(caller, leg, 'NOANSWER', 16)
    caller.truth.missedRings[m.name] = (caller.truth.missedRings[m.name] ?? 0) + 1
    if (caller.queue.autopause) pbx.pause(m.iface, true, 'Auto-Pause', caller.queue.name)
    if (caller.legs.length === 0 && caller.phase === 'ringing') {
      caller.phase = 'retry'
      caller.timers.push(
        pbx.deps.scheduler.after(caller.queue.retrySec * 1000, () => {
          if (caller.phase !== 'retry') return
          caller.phase = 'waiting'
          this.requestDispatch()
        }),
      )
    }
    this.requestDispatch()
  }

  protected override cancelLegs(caller: QueueCaller, except?: RingLeg): void {
    for (const leg of [...caller.legs])
      if (leg !== except) this.endLeg(caller, leg, 'CANCEL', except ? 26 : 16)
  }

  /** Removes the caller from the queue's list; returns the position it had. */
  protected override removeFromQueue(caller: QueueCaller): number {
    const q = caller.queue
    const i = q.callers.findIndex((e) => e.id === caller.id)
    if (i >= 0) q.callers.splice(i, 1)
    caller.truth.leftQueueAt = this.pbx.now
    caller.truth.waitSec = (this.pbx.now - caller.joinedAt) / 1000
    for (const t of caller.timers) t.cancel()
    caller.timers = []
    return i + 1
  }

  protected override leaveEvents(caller: QueueCaller, position: number): void {
    const q = caller.queue
    if (q.callers.length === 0) this.pbx.deviceState(`Queue:${q.name}`, 'NOT_INUSE')
    this.pbx.emit('QueueCallerLeave', 'agent', snapshot(caller.c2), [
      ['Queue', q.name],
      ['Position', String(position)],
      ['Count', String(q.callers.length)],
    ])
  }

  protected override abandonEvent(caller: QueueCaller, position: number): void {
    caller.queue.abandoned++
    caller.truth.abandonEventEmitted = true
    this.pbx.emit('QueueCallerAbandon', 'agent', snapshot(caller.c2), [
      ['Queue', caller.queue.name],
      ['Position', String(position)],
      ['OriginalPosition', String(caller.originalPosition)],
      ['HoldTime', String(Math.round((this.pbx.now - caller.joinedAt) / 1000))],
    ])
  }

  private answer(caller: QueueCaller, leg: RingLeg): void {
    const pbx = this.pbx
    const { c2 } = caller
    const m = leg.member
    leg.timer.cancel()
    caller.legs = caller.legs.filter((l) => l !== leg)
    leg.a2.priority = 4
    pbx.noiseExten(leg.a2, 'Answer', '')
    pbx.setState(leg.a2, ChannelState.Up)
    pbx.setState(leg.a1, ChannelState.Up)
    pbx.dial('DialEnd', c2, leg.a1, ['DialStatus', 'ANSWER'])
    this.cancelLegs(caller, leg)
    pbx.emit('MusicOnHoldStop', 'call', snapshot(c2))
    pbx.agentBusy.set(m.iface, 'incall')
    const device = deviceOf(m.stateIface)
    pbx.deviceState(device, 'INUSE')
    pbx.deviceState(device, 'INUSE')
    const position = this.removeFromQueue(caller)
    this.leaveEvents(caller, position)
    const holdSec = Math.round((pbx.now - caller.joinedAt) / 1000)
    pbx.emit('AgentConnect', 'agent', snapshot(c2), snapshot(leg.a1, 'Dest'), [
      ['Queue', caller.queue.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
      ['HoldTime', String(holdSec)],
      ['RingTime', String(Math.round((pbx.now - leg.startedAt) / 1000))],
    ])
    const q = caller.queue
    q.holdtime = Math.floor((q.holdtime * 3 + holdSec) / 4)
    // monitor-type=MixMonitor: app_queue starts MixMonitor on the caller's channel as the agent answers.
    const recordingPath = pbx.deps.recordings?.pathFor(c2.uniqueid)
    if (recordingPath !== undefined) {
      pbx.emit('VarSet', 'dialplan', snapshot(c2), [
        ['Variable', 'MIXMONITOR_FILENAME'],
        ['Value', recordingPath],
      ])
      caller.truth.recordingFile = recordingPath
    }
    const bridge = pbx.createBridge()
    pbx.enterBridge(bridge, leg.a1)
    pbx.enterBridge(bridge, c2)
    leg.a2.priority = 5
    pbx.noiseExten(leg.a2, 'Set', `TALK_SECS=${Math.round(caller.plan.talkMs / 1000)}`)
    leg.a2.priority = 6
    pbx.noiseExten(leg.a2, 'Wait', String(Math.round(caller.plan.talkMs / 1000)))
    caller.phase = 'connected'
    caller.truth.memberName = m.name
    caller.truth.memberInterface = m.iface
    const conn: Connection = {
      member: m,
      a1: leg.a1,
      a2: leg.a2,
      bridge,
      connectedAt: pbx.now,
      holdSec,
      timers: [],
      recordingPath,
    }
    caller.conn = conn
    const agentGone = (): void => this.endByAgent(caller)
    pbx.hangupHandlers.set(leg.a1.name, agentGone)
    pbx.hangupHandlers.set(leg.a2.name, agentGone)
    const transfer = caller.plan.transfer
    if (transfer !== undefined && transfer.afterMs < caller.plan.talkMs && this.onTransferPlanned) {
      const run = this.onTransferPlanned
      conn.timers.push(pbx.deps.scheduler.after(transfer.afterMs, () => run(caller)))
    } else {
      const end =
        caller.plan.hangupBy === 'agent' ? () => this.endByAgent(caller) : () => this.endByCaller(caller)
      conn.timers.push(pbx.deps.scheduler.after(caller.plan.talkMs, end))
    }
    this.requestDispatch()
  }
}

/**
 * How a queue call ends in the simulator (queue-flow.ts has how it rings and is answered): the agent or
 * the caller hangs up after talking (AgentComplete, bridge teardown, hangups in the lab captures'
 * order), the caller abandons, leaves unanswered (timeout, leave-when-empty, exit with a key), or is
 * sent elsewhere by a Redirect while it waits.
 */
import { snapshot } from './channel.ts'
import { deviceOf, type Pbx } from './pbx.ts'
import type { QueueCaller } from './queue-caller.ts'

export abstract class QueueEndings {
  readonly callers = new Map<number, QueueCaller>()

  constructor(protected readonly pbx: Pbx) {}

  /** Offers waiting callers to free members (queue-flow.ts). */
  abstract requestDispatch(): void
  protected abstract cancelLegs(caller: QueueCaller): void
  protected abstract removeFromQueue(caller: QueueCaller): number
  protected abstract abandonEvent(caller: QueueCaller, position: number): void
  protected abstract leaveEvents(caller: QueueCaller, position: number): void

  /** AgentComplete and the member's return to idle (wrap-up starts). */
  completeAgent(caller: QueueCaller, reason: 'agent' | 'caller' | 'transfer'): void {
    const pbx = this.pbx
    const conn = caller.conn
    if (!conn) return
    for (const t of conn.timers) t.cancel()
    const talkSec = Math.round((pbx.now - conn.connectedAt) / 1000)
    const m = conn.member
    pbx.emit('AgentComplete', 'agent', snapshot(caller.c2), snapshot(conn.a1, 'Dest'), [
      ['Queue', caller.queue.name],
      ['Interface', m.iface],
      ['MemberName', m.name],
      ['HoldTime', String(conn.holdSec)],
      ['TalkTime', String(talkSec)],
      ['Reason', reason],
    ])
    const q = caller.queue
    q.completed++
    if (conn.holdSec <= q.serviceLevelSec) q.completedInSl++
    q.talktime = Math.floor((q.talktime * 3 + talkSec) / 4)
    m.callsTaken++
    m.lastCall = pbx.nowSec
    caller.truth.talkSec = (pbx.now - conn.connectedAt) / 1000
    if (conn.recordingPath !== undefined) pbx.deps.recordings?.write(conn.recordingPath, caller.truth.talkSec)
    caller.truth.hangupBy = reason
    if (caller.truth.outcome === undefined)
      caller.truth.outcome = reason === 'transfer' ? 'transferred' : 'answered'
    pbx.agentBusy.delete(m.iface)
    if (q.wrapUpSec > 0) {
      pbx.wrapUntil.set(m.iface, pbx.now + q.wrapUpSec * 1000)
      pbx.deps.scheduler.after(q.wrapUpSec * 1000, () => this.requestDispatch())
    }
    pbx.deviceState(deviceOf(m.stateIface), 'NOT_INUSE')
    caller.conn = undefined
    this.requestDispatch()
  }

  /** The lab's ending: the agent's dialplan hangs up, the caller's `;2` continues and ends. */
  endByAgent(caller: QueueCaller): void {
    const pbx = this.pbx
    const conn = caller.conn
    if (!conn) return
    conn.a2.priority = 7
    pbx.noiseExten(conn.a2, 'Hangup', '')
    pbx.softHangupRequest(conn.a2)
    pbx.hangupRequest(conn.a1)
    pbx.hangup(conn.a2)
    this.completeAgent(caller, 'agent')
    pbx.leaveBridge(conn.bridge, conn.a1)
    pbx.leaveBridge(conn.bridge, caller.c2)
    this.hangupCaller(caller, 'dialplan')
    pbx.destroyBridge(conn.bridge)
    pbx.hangup(conn.a1)
    this.finishCaller(caller, deviceOf(conn.member.stateIface))
  }

  endByCaller(caller: QueueCaller): void {
    const pbx = this.pbx
    const conn = caller.conn
    if (!conn) return
    this.hangupCaller(caller, 'remote')
    pbx.leaveBridge(conn.bridge, caller.c2)
    this.completeAgent(caller, 'caller')
    pbx.hangup(caller.c2)
    pbx.leaveBridge(conn.bridge, conn.a1)
    pbx.destroyBridge(conn.bridge)
    pbx.hangup(conn.a1)
    pbx.hangupRequest(conn.a2)
    pbx.hangup(conn.a2)
    this.finishCaller(caller, deviceOf(conn.member.stateIface))
  }

  /**
   * 'remote': the citizen hung up (the `;1` half or the trunk goes first; `;2` gets HangupRequest).
   * 'dialplan': the caller's `;2` ran to the end of its dialplan.
   */
  hangupCaller(caller: QueueCaller, how: 'remote' | 'dialplan'): void {
    const pbx = this.pbx
    const { c1, c2 } = caller
    if (how === 'remote') {
      if (c1) {
        pbx.softHangupRequest(c1)
        pbx.hangup(c1)
      }
      pbx.hangupRequest(c2)
      return
    }
    pbx.softHangupRequest(c2)
    if (c1) pbx.hangupRequest(c1)
    pbx.hangup(c2)
  }

  finishCaller(caller: QueueCaller, memberDevice?: string): void {
    const pbx = this.pbx
    if (caller.c1) pbx.hangup(caller.c1)
    pbx.hangup(caller.c2)
    const callerDevice = caller.c2.device
    if (caller.c1) pbx.deviceState(callerDevice, 'NOT_INUSE')
    if (memberDevice !== undefined) pbx.deviceState(memberDevice, 'NOT_INUSE')
    if (caller.c1) pbx.deviceState(callerDevice, 'NOT_INUSE')
    caller.phase = 'done'
    caller.truth.endedAt = pbx.now
    this.callers.delete(caller.id)
  }

  /** The caller hangs up before an agent answers (§10.2). */
  abandon(caller: QueueCaller): void {
    if (caller.phase === 'connected' || caller.phase === 'done') return
    this.hangupCaller(caller, 'remote')
    this.cancelLegs(caller)
    this.pbx.emit('MusicOnHoldStop', 'call', snapshot(caller.c2))
    const position = this.removeFromQueue(caller)
    this.abandonEvent(caller, position)
    this.leaveEvents(caller, position)
    caller.truth.outcome = 'abandoned'
    caller.truth.hangupBy = 'caller'
    this.finishCaller(caller)
    this.requestDispatch()
  }

  /**
   * A Redirect (AMI, or the switchboard's transfer of a call nobody answered yet) while the caller waits
   * or rings: Queue() sees the async goto as a hangup, so Asterisk cancels the rings, records the caller
   * abandoned (QueueCallerAbandon) and lets it leave (QueueCallerLeave), docs/ami-events.md §3. The
   * channel then runs its new dialplan place (transfer-flow.ts). The queue is done with it.
   */
  leaveByRedirect(caller: QueueCaller, target: string): void {
    if (caller.phase === 'connected' || caller.phase === 'done') return
    this.cancelLegs(caller)
    this.pbx.emit('MusicOnHoldStop', 'call', snapshot(caller.c2))
    const position = this.removeFromQueue(caller)
    this.abandonEvent(caller, position)
    this.leaveEvents(caller, position)
    caller.truth.outcome = 'transferred'
    caller.truth.transfer = { kind: 'redirect', target, answered: null, at: this.pbx.now }
    caller.phase = 'done'
    this.requestDispatch()
  }

  /** Timeout and leave-when-empty also fire QueueCallerAbandon in Asterisk; exit-with-key does not. */
  leaveUnanswered(caller: QueueCaller, why: 'timeout' | 'exit-empty' | 'exit-with-key'): void {
    if (caller.phase === 'connected' || caller.phase === 'done') return
    const pbx = this.pbx
    const { c2 } = caller
    this.cancelLegs(caller)
    pbx.emit('MusicOnHoldStop', 'call', snapshot(c2))
    const position = this.removeFromQueue(caller)
    if (why !== 'exit-with-key') this.abandonEvent(caller, position)
    this.leaveEvents(caller, position)
    caller.truth.outcome = why
    if (why === 'exit-with-key') {
      c2.exten = '0'
      c2.priority = 1
    } else {
      pbx.noiseVar(c2, 'QUEUESTATUS', why === 'timeout' ? 'TIMEOUT' : 'LEAVEEMPTY')
      c2.priority = 6
    }
    // Always sent, whatever the noise level: the dialplan continuing is how a client tells these apart
    // from a real abandon (docs/ami-protocol.md §10.2).
    pbx.emit('Newexten', 'dialplan', snapshot(c2), [
      ['Extension', c2.exten],
      ['Application', 'Hangup'],
      ['AppData', ''],
    ])
    this.hangupCaller(caller, 'dialplan')
    this.finishCaller(caller)
    this.requestDispatch()
  }
}

/**
 * What the simulator actually did, per call and per pause, independent of the AMI bytes. Replay and
 * statistics tests compare Pano's numbers with it.
 */
export type TruthOutcome =
  'answered' | 'transferred' | 'abandoned' | 'timeout' | 'exit-empty' | 'exit-with-key'

export interface TruthTransfer {
  readonly kind: 'blind' | 'attended' | 'redirect'
  readonly target: string
  /** Whether the target extension answered (null while unknown). */
  answered: boolean | null
  readonly at: number
}

export interface TruthCall {
  readonly id: number
  readonly queue: string
  readonly callerNumber: string
  readonly callerName: string | undefined
  /** Uniqueid / Linkedid / channel of the caller channel that sat in the queue. */
  readonly uniqueid: string
  readonly linkedid: string
  readonly channel: string
  readonly joinedAt: number
  /** Epoch ms the caller left the queue (connected or gave up); undefined while waiting. */
  leftQueueAt: number | undefined
  endedAt: number | undefined
  /** undefined while the call is still in progress. */
  outcome: TruthOutcome | undefined
  /**
   * Asterisk fires QueueCallerAbandon (record_abandoned) for abandons AND for timeouts and exit-empty
   * (docs/ami-protocol.md §10.2); true whenever the simulator emitted it.
   */
  abandonEventEmitted: boolean
  /** Seconds from joining to connect (answered) or to leaving the queue (not answered). */
  waitSec: number | undefined
  talkSec: number | undefined
  memberName: string | undefined
  memberInterface: string | undefined
  /** Rings that timed out without answer, per member name. */
  readonly missedRings: Record<string, number>
  hangupBy: 'caller' | 'agent' | 'transfer' | 'pbx-restart' | undefined
  transfer: TruthTransfer | undefined
  /** The path announced in MIXMONITOR_FILENAME when the call was recorded (recording-files.ts). */
  recordingFile?: string
}

export interface TruthPause {
  readonly memberName: string
  readonly memberInterface: string
  readonly queue: string
  readonly reason: string
  readonly startedAt: number
  endedAt: number | undefined
  durationSec: number | undefined
}

/** A click-to-call (AMI Originate): the agent leg, then the citizen's number. */
export interface TruthOriginate {
  readonly actionId: string
  readonly channel: string
  readonly number: string
  readonly at: number
  /** `ChannelId` / `OtherChannelId` as received (undefined when not sent). */
  readonly channelId: string | undefined
  readonly otherChannelId: string | undefined
  /** `failed`: no channel was made (a Uniqueid already in use). */
  agentLeg: 'answered' | 'no-answer' | 'busy' | 'failed' | undefined
  citizenLeg: 'answered' | 'no-answer' | 'busy' | undefined
  talkSec: number | undefined
}

/** An Originate that ran ChanSpy: what it was asked (`Data`), whom it spied on, how it ended. */
export interface TruthSpy {
  readonly actionId: string
  /** The supervisor's leg that ran ChanSpy. */
  readonly spyChannel: string
  /** `Data` exactly as received: `<channel>,<options>`. */
  readonly data: string
  readonly options: string
  spiedChannel: string | undefined
  readonly startedAt: number
  endedAt: number | undefined
  endedBy: 'spied-hangup' | 'spy-hangup' | 'no-channel' | undefined
}

export interface QueueTally {
  offered: number
  answered: number
  transferred: number
  abandoned: number
  timeout: number
  exitEmpty: number
  exitWithKey: number
  inProgress: number
}

export interface GroundTruth {
  readonly calls: readonly TruthCall[]
  readonly pauses: readonly TruthPause[]
  readonly originates: readonly TruthOriginate[]
  readonly spies: readonly TruthSpy[]
  /**
   * Per queue. `answered` includes `transferred` (a transferred call was answered first, or moved on by
   * a Redirect while it still waited, as Pano counts it: telephony/stats/aggregate.ts).
   */
  readonly byQueue: Readonly<Record<string, QueueTally>>
}

export class GroundTruthLog {
  readonly calls: TruthCall[] = []
  readonly pauses: TruthPause[] = []
  readonly originates: TruthOriginate[] = []
  readonly spies: TruthSpy[] = []

  openPause(p: Omit<TruthPause, 'endedAt' | 'durationSec'>): void {
    this.pauses.push({ ...p, endedAt: undefined, durationSec: undefined })
  }

  closePause(memberInterface: string, queue: string, at: number): void {
    const open = this.pauses.find(
      (p) => p.memberInterface === memberInterface && p.queue === queue && p.endedAt === undefined,
    )
    if (!open) return
    open.endedAt = at
    open.durationSec = (at - open.startedAt) / 1000
  }

  snapshot(): GroundTruth {
    const byQueue: Record<string, QueueTally> = {}
    for (const c of this.calls) {
      const t = (byQueue[c.queue] ??= {
        offered: 0,
        answered: 0,
        transferred: 0,
        abandoned: 0,
        timeout: 0,
        exitEmpty: 0,
        exitWithKey: 0,
        inProgress: 0,
      })
      t.offered++
      if (c.memberName !== undefined || c.outcome === 'transferred') t.answered++
      switch (c.outcome) {
        case 'transferred':
          t.transferred++
          break
        case 'abandoned':
          t.abandoned++
          break
        case 'timeout':
          t.timeout++
          break
        case 'exit-empty':
          t.exitEmpty++
          break
        case 'exit-with-key':
          t.exitWithKey++
          break
        case undefined:
          if (c.memberName === undefined) t.inProgress++
          break
        case 'answered':
          break
      }
    }
    return {
      calls: this.calls.map((c) => ({
        ...c,
        missedRings: { ...c.missedRings },
        transfer: c.transfer && { ...c.transfer },
      })),
      pauses: this.pauses.map((p) => ({ ...p })),
      originates: this.originates.map((o) => ({ ...o })),
      spies: this.spies.map((s) => ({ ...s })),
      byQueue,
    }
  }
}

/**
 * The call-control actions the server may ask of one PBX. Each builds its action through the one
 * encoder (a bad value is refused before a byte is written), sends it at most once and resolves with a
 * Result: Asterisk's `Response: Error` comes back as AmiActionError with the PBX's own message
 * (`Interface not found`), a lost link as AmiDisconnectedError, no answer as AmiTimeoutError. (A
 * Redirect is also noted in the event stream by the AMI client that writes it, connection/ami-client.ts.)
 */
import * as build from '../ami/action.ts'
import type { AmiError, Result } from '../ami/errors.ts'
import type { AmiClient, OriginateOutcome } from '../connection/ami-client.ts'

export interface PauseMemberRequest {
  readonly interface: string
  readonly paused: boolean
  /** Shown on the boards and counted per reason; at most 80 characters. */
  readonly reason?: string
  /** Only this queue; default every queue the interface is a member of. */
  readonly queue?: string
}

export interface ActionDone {
  /** Asterisk's `Message:` (e.g. `Interface paused successfully`). */
  readonly message: string
}

export interface TelephonyActions {
  pauseMember(request: PauseMemberRequest): Promise<Result<ActionDone, AmiError>>
  /** Blind transfer of the bridge `channel` (the transferer) is in, to exten@context. */
  blindTransfer(request: {
    channel: string
    exten: string
    context?: string
  }): Promise<Result<ActionDone, AmiError>>
  /** Attended transfer (DTMF atxfer on `channel`); the outcome arrives later as AttendedTransfer. */
  attendedTransfer(request: {
    channel: string
    exten: string
    context?: string
  }): Promise<Result<ActionDone, AmiError>>
  /** Aborts the consult `channel` started with attendedTransfer: the transferer goes back to the caller. */
  cancelAttendedTransfer(channel: string): Promise<Result<ActionDone, AmiError>>
  redirect(request: {
    channel: string
    context: string
    exten: string
    priority?: number
    extraChannel?: string
  }): Promise<Result<ActionDone, AmiError>>
  hangup(channel: string): Promise<Result<ActionDone, AmiError>>
  /** Async Originate: resolves when its OriginateResponse (same ActionID) arrives or the ring time is over. */
  originate(request: build.OriginateRequest): Promise<Result<OriginateOutcome, AmiError>>
}

export function createTelephonyActions(client: Pick<AmiClient, 'send' | 'originate'>): TelephonyActions {
  const done = async (action: build.ActionResult): Promise<Result<ActionDone, AmiError>> => {
    const r = await client.send(action)
    return r.ok ? { ok: true, value: { message: r.value.get('Message') ?? '' } } : r
  }
  return {
    pauseMember: (p) =>
      done(
        build.queuePause({
          interface: p.interface,
          paused: p.paused,
          ...(p.queue === undefined ? {} : { queue: p.queue }),
          ...(p.reason === undefined || p.reason === '' ? {} : { reason: p.reason }),
        }),
      ),
    blindTransfer: (p) => done(build.blindTransfer(p)),
    attendedTransfer: (p) => done(build.atxfer(p)),
    cancelAttendedTransfer: (channel) => done(build.cancelAtxfer(channel)),
    redirect: (p) => done(build.redirect(p)),
    hangup: (channel) => done(build.hangup(channel)),
    originate: (request) => client.originate(request),
  }
}

/**
 * Call-control actions across PBXs: find the PBX an action is meant for, hand it to that bridge, and
 * give back its Result (the PBX's own error text included). Nothing here throws for a PBX problem.
 */
import type { PauseResultView } from '../../contract/views.ts'
import type {
  ActionDone,
  AmiError,
  OriginateOutcome,
  OriginateRequest,
  Result,
  TelephonyBridge,
} from '../../../telephony/index.ts'

/** The PBX asked for is not configured, or no PBX knows the interface. */
export class UnknownPbxError extends Error {
  override readonly name = 'UnknownPbxError'
}

export type ControlError = AmiError | UnknownPbxError

export interface TelephonyControls {
  pauseMember(request: {
    pbxId?: string | undefined
    interface: string
    paused: boolean
    reason?: string | undefined
    queue?: string | undefined
  }): Promise<Result<PauseResultView, ControlError>>
  blindTransfer(
    pbxId: string,
    request: { channel: string; exten: string; context?: string },
  ): Promise<Result<ActionDone, ControlError>>
  redirect(
    pbxId: string,
    request: { channel: string; context: string; exten: string },
  ): Promise<Result<ActionDone, ControlError>>
  hangup(pbxId: string, channel: string): Promise<Result<ActionDone, ControlError>>
  originate(pbxId: string, request: OriginateRequest): Promise<Result<OriginateOutcome, ControlError>>
}

const unknown = (message: string) =>
  Promise.resolve({ ok: false as const, error: new UnknownPbxError(message) })

export function createTelephonyControls(
  pbxs: ReadonlyMap<string, { readonly bridge: TelephonyBridge }>,
): TelephonyControls {
  const bridgeOf = (pbxId: string) => pbxs.get(pbxId)?.bridge

  /** The PBX named, else the one whose queues have this member, else the only PBX. */
  function pbxForInterface(pbxId: string | undefined, iface: string): TelephonyBridge | undefined {
    if (pbxId !== undefined) return bridgeOf(pbxId)
    const all = [...pbxs.values()].map((e) => e.bridge)
    const holder = all.find((b) => [...b.state.queues.values()].some((q) => q.members.has(iface)))
    return holder ?? (all.length === 1 ? all[0] : undefined)
  }

  return {
    async pauseMember(r) {
      const bridge = pbxForInterface(r.pbxId, r.interface)
      if (bridge === undefined)
        return unknown(r.pbxId === undefined ? `no PBX has member ${r.interface}` : `unknown PBX ${r.pbxId}`)
      const done = await bridge.actions.pauseMember({
        interface: r.interface,
        paused: r.paused,
        ...(r.reason === undefined ? {} : { reason: r.reason }),
        ...(r.queue === undefined ? {} : { queue: r.queue }),
      })
      if (!done.ok) return done
      return {
        ok: true,
        value: {
          pbxId: bridge.pbxId,
          interface: r.interface,
          paused: r.paused,
          reason: r.reason ?? null,
          message: done.value.message,
        },
      }
    },
    blindTransfer(pbxId, request) {
      return bridgeOf(pbxId)?.actions.blindTransfer(request) ?? unknown(`unknown PBX ${pbxId}`)
    },
    redirect(pbxId, request) {
      return bridgeOf(pbxId)?.actions.redirect(request) ?? unknown(`unknown PBX ${pbxId}`)
    },
    hangup(pbxId, channel) {
      return bridgeOf(pbxId)?.actions.hangup(channel) ?? unknown(`unknown PBX ${pbxId}`)
    },
    originate(pbxId, request) {
      return bridgeOf(pbxId)?.actions.originate(request) ?? unknown(`unknown PBX ${pbxId}`)
    },
  }
}

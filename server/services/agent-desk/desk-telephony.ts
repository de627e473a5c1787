/**
 * The part of the telephony service the Çağrı Masası uses, as one small port (tests and the bench hand
 * in their own), and the Turkish wording of PBX failures an agent can act on.
 */
import type { PauseResultView } from '../../contract/views.ts'
import { AppError } from '../../errors.ts'
import type {
  AmiError,
  OriginateOutcome,
  OriginateRequest,
  Result,
  StatsReport,
  TelephonyState,
} from '../../../telephony/index.ts'
import type { PopChange } from '../screen-pop/screen-pop-service.ts'

export interface DeskBridge {
  readonly pbxId: string
  readonly state: TelephonyState
  /** Statistics at the PBX's own clock. */
  stats(): StatsReport
}

export interface DeskTelephony {
  bridges(): DeskBridge[]
  subscribe(listener: (change: PopChange) => void): () => void
  /** Whether this node acts for the PBX (several nodes: holds its lease); pops are made there. */
  acts(pbxId: string): boolean
  /** Every batch of finished calls, after the call recorder has stored it (on the acting node). */
  onCallsStored(listener: (pbxId: string, callKeys: readonly string[]) => void): () => void
  pauseMember(request: {
    interface: string
    paused: boolean
    reason?: string | undefined
  }): Promise<Result<PauseResultView, Error>>
  originate(pbxId: string, request: OriginateRequest): Promise<Result<OriginateOutcome, Error>>
}

/** The shape of server/services/telephony's TelephonyService that the adapter needs. */
export interface TelephonyServiceLike {
  readonly pbxs: ReadonlyMap<
    string,
    {
      readonly bridge: {
        readonly pbxId: string
        readonly state: TelephonyState
        stats(now?: number): StatsReport
        onRecords(
          listener: (r: { pbxId: string; finishedCalls: readonly { callKey: string }[] }) => void,
        ): () => void
      }
      readonly clock: { now(): number }
    }
  >
  readonly recorder: { whenIdle(): Promise<void> }
  isHolder(pbxId: string): boolean
  subscribe(listener: (change: PopChange) => void): () => void
  pauseMember: DeskTelephony['pauseMember']
  originate: DeskTelephony['originate']
}

export function deskTelephonyFrom(service: TelephonyServiceLike): DeskTelephony {
  return {
    bridges: () =>
      [...service.pbxs.values()].map((e) => ({
        pbxId: e.bridge.pbxId,
        state: e.bridge.state,
        stats: () => e.bridge.stats(e.clock.now()),
      })),
    subscribe: (listener) => service.subscribe(listener),
    acts: (pbxId) => service.isHolder(pbxId),
    onCallsStored(listener) {
      const offs = [...service.pbxs.values()].map((e) =>
        e.bridge.onRecords((r) => {
          if (r.finishedCalls.length === 0 || !service.isHolder(r.pbxId)) return
          const keys = r.finishedCalls.map((c) => c.callKey)
          // The recorder queues writes in order: once it is idle, this batch is stored.
          void service.recorder.whenIdle().then(() => listener(r.pbxId, keys))
        }),
      )
      return () => offs.forEach((off) => off())
    },
    pauseMember: (r) => service.pauseMember(r),
    originate: (pbxId, r) => service.originate(pbxId, r),
  }
}

export class TelephonyUnavailableError extends AppError {
  constructor(message = 'Santral bağlantısı yok: işlem yapılamadı.') {
    super(503, 'telephony_unavailable', message)
  }
}

/** A PBX refusal or failure as the agent should read it (502: the PBX, not the request, failed). */
export function pbxFailure(error: Error | AmiError, what: string): AppError {
  const name = error.name
  let text: string
  if (name === 'AmiActionError') {
    const pbx = (error as { amiMessage?: string }).amiMessage ?? ''
    text = /not found/i.test(pbx)
      ? `${what}: santral bu dahiliyi kuyrukta bulamadı (${pbx}).`
      : `${what}: santral reddetti${pbx === '' ? '' : ` (${pbx})`}.`
  } else if (name === 'AmiTimeoutError') text = `${what}: santral zamanında yanıt vermedi.`
  else if (name === 'AmiDisconnectedError') text = `${what}: santral bağlantısı koptu, tekrar deneyin.`
  else if (name === 'AmiEncodeError') text = `${what}: geçersiz değer santrale gönderilmedi.`
  else if (name === 'UnknownPbxError') text = `${what}: hattınız hiçbir santralde tanımlı değil.`
  else text = `${what}: santral işlemi başarısız oldu.`
  return new AppError(502, 'pbx_error', text, { details: { pbx: name } })
}

/**
 * The console's transfer actions. The browser names a call (`<pbxId>/<callId>`) and a
 * directory entry id, nothing else: the number and context come from the directory, the channels from
 * the live state. So a target can only be an active directory line, and a value typed into the search
 * box (`2001\r\nAction: Hangup`) never gets near the AMI encoder (which refuses CR/LF anyway).
 *
 * Which AMI action (ami-protocol §11):
 * - answered call, blind: BlindTransfer on the operator's channel in the caller's bridge;
 * - call still waiting in the queue or ringing the operators, blind: Redirect of the caller's channel
 *   (BlindTransfer needs a bridge; Redirect is a plain dialplan jump and raises no transfer event);
 * - attended: Atxfer on the operator's channel (the consult rings the unit while the caller waits on
 *   music); "tamamla" hangs up the operator's consult leg (Asterisk then joins caller and unit), "geri
 *   al" sends CancelAtxfer. A dialplan-driven consult (Originate into a consult context) would avoid the
 *   DTMF feature code, but needs a consult context on the PBX that the demo plan does not have.
 * A PBX error leaves everything as it was: the row is written as FAILED and the error is shown.
 */
import type { ActionResultView, TransferRequest, TransferView } from '../../contract/switchboard.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { AppError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { Actor } from '../audit/actor.ts'
import { normaliseCallerNumber, type TelephonyState } from '../../../telephony/index.ts'
import { pbxError } from '../telephony/control-errors.ts'
import type { ControlError } from '../telephony/telephony-actions.ts'
import type { DirectoryLine } from '../directory/directory.ts'
import type { SwitchboardTelephony } from './switchboard-service.ts'
import { consoleHolderOf, transferHandleOf, type OperatorLine } from './switchboard-calls.ts'
import { createTransferRow } from './transfer-store.ts'
import type { SettleAction } from './settle-relay.ts'
import type { TrackedTransfer } from './transfer-tracker.ts'

/** Who acts on the console: the audit actor's identity and role are all a transfer needs. */
export type TransferActor = Pick<Actor, 'userId' | 'role'>

export interface ActionContext {
  prisma: PrismaClient
  telephony: SwitchboardTelephony
  logger: Logger
  returnTarget: { context: string; exten: string } | null
  lines(): readonly DirectoryLine[]
  operators(): readonly OperatorLine[]
  /** The switchboard queues of one PBX (Queue.kind SWITCHBOARD). */
  switchboardQueues(pbxId: string): ReadonlySet<string>
  tracked: ReadonlyMap<number, TrackedTransfer>
  /** Several nodes: the transfers the other nodes follow (transfer-handover.ts). */
  followedElsewhere(): ReadonlyMap<number, TrackedTransfer>
  /**
   * Several nodes: has the node following `transferId` complete or take it back (settle-relay.ts);
   * null when no other node follows it.
   */
  forward(action: SettleAction, actor: TransferActor, transferId: number): Promise<ActionResultView | null>
  /** Resolves once another node could follow the transfer on (transfer-handover.ts). */
  addTransfer(view: TransferView, tracked: TrackedTransfer | null): Promise<void>
  returned(t: TrackedTransfer, at: number): void
  /**
   * Keeps the tracker off `transferId` until the returned function is called: while "geri al" runs,
   * the consult leg going (or the caller leaving the unit) is the return itself, not the unit failing.
   */
  holdWhileReturning(transferId: number): () => void
}

/** What may reach the PBX from a directory row an admin typed (checked again here, before the encoder). */
const DIALABLE = /^[0-9*#]{1,32}$/
const CONTEXT = /^[A-Za-z0-9_-]{1,80}$/
const CALL_KEY = /^([a-z0-9][a-z0-9_-]{0,31})\/([0-9A-Za-z._-]{1,150})$/

function parseCallKey(key: string): { pbxId: string; callId: string } {
  const m = CALL_KEY.exec(key)
  if (m === null)
    throw new ValidationError(
      [{ path: 'call', message: 'Bu çağrı artık santralde değil.', code: 'invalid_call' }],
      'Geçersiz çağrı.',
    )
  return { pbxId: m[1] as string, callId: m[2] as string }
}

type ActionOutcome = { ok: true; value: { message: string } } | { ok: false; error: ControlError }

export function createTransferActions(ctx: ActionContext) {
  const log = ctx.logger

  function entryOf(pbxId: string) {
    const entry = ctx.telephony.pbxs.get(pbxId)
    if (entry === undefined) throw new NotFoundError('Santral bulunamadı.', 'pbx_not_found')
    return entry
  }

  async function operatorName(userId: number): Promise<string | null> {
    const u = await ctx.prisma.user.findUnique({ where: { id: userId }, select: { displayName: true } })
    return u?.displayName ?? null
  }

  function trackedOf(transferId: number): TrackedTransfer {
    const t = ctx.tracked.get(transferId)
    if (t === undefined) throw new ConflictError('Bu aktarım artık sürmüyor.', 'transfer_not_open')
    return t
  }

  /** A transfer is finished or taken back by the operator who started it, or by a supervisor. */
  function ownTransfer(actor: TransferActor, transferId: number): TrackedTransfer {
    const t = trackedOf(transferId)
    if (actor.role !== 'supervisor' && t.operatorId !== actor.userId) {
      const who =
        t.operatorName === null
          ? 'yalnızca aktarımı başlatan operatör'
          : `aktarımı ${t.operatorName} başlattı; yalnızca o`
      throw new ForbiddenError(
        `Bu çağrı başka bir operatörün: ${who} ya da müdür tamamlayabilir veya geri alabilir.`,
        'not_your_transfer',
      )
    }
    return t
  }

  /**
   * Operators act on the console's calls only (a switchboard queue's or an operator line's, never a
   * call-centre call or a caller waiting in the call-centre queue), and among those only on calls
   * nobody holds yet or that they hold themselves; a supervisor on any of the console's calls.
   */
  function checkScope(actor: TransferActor, pbxId: string, callId: string, state: TelephonyState): void {
    const holder = consoleHolderOf(state, callId, ctx.switchboardQueues(pbxId), ctx.operators())
    if (!holder.exists) throw new ConflictError('Bu çağrı artık santralde değil.', 'call_not_transferable')
    if (!holder.console)
      throw new ForbiddenError(
        'Bu çağrı santralin değil: yalnızca santral kuyruğundaki ve kendi hattınızdaki çağrılar aktarılabilir.',
        'not_switchboard_call',
      )
    if (actor.role !== 'supervisor' && holder.holderUserId !== null && holder.holderUserId !== actor.userId)
      throw new ForbiddenError('Bu çağrı başka bir operatörün hattında.', 'not_your_call')
  }

  async function transfer(actor: TransferActor, request: TransferRequest): Promise<ActionResultView> {
    const { pbxId, callId } = parseCallKey(request.call)
    const entry = entryOf(pbxId)
    const line = ctx.lines().find((l) => l.id === request.extensionId && l.pbxId === pbxId)
    if (line === undefined)
      throw new ValidationError(
        [{ path: 'extensionId', message: 'Hedef rehberde yok.', code: 'unknown_target' }],
        'Hedef rehberde yok; yalnızca rehberdeki dahililere aktarılabilir.',
      )
    if (!DIALABLE.test(line.number) || !CONTEXT.test(line.transferContext))
      throw new ValidationError(
        [{ path: 'extensionId', message: 'Bu dahiliye aktarılamaz.', code: 'invalid_target' }],
        'Rehberdeki dahili numarası veya bağlamı geçersiz; yöneticiye bildirin.',
      )
    const state = entry.bridge.state
    checkScope(actor, pbxId, callId, state)
    const running = (m: ReadonlyMap<number, TrackedTransfer>) =>
      [...m.values()].some((t) => t.pbxId === pbxId && t.callId === callId)
    if (running(ctx.tracked) || running(ctx.followedElsewhere()))
      throw new ConflictError('Bu çağrı zaten aktarılıyor.', 'transfer_running')
    const handle = transferHandleOf(state, callId, ctx.operators())
    if (handle === null)
      throw new ConflictError('Çağrı şu anda aktarılamaz (bağlı değil).', 'call_not_transferable')
    if (request.kind === 'attended' && handle.kind !== 'bridged')
      throw new ConflictError('Danışmalı aktarma için önce çağrıyı cevaplayın.', 'call_not_answered')

    const caller = state.channels.get(handle.transfereeUid)
    const callerNumber = normaliseCallerNumber(caller?.callerNum) ?? null
    const target = { exten: line.number, context: line.transferContext }
    let result: ActionOutcome
    if (request.kind === 'attended' && handle.kind === 'bridged')
      result = await entry.bridge.actions.attendedTransfer({ channel: handle.transferer, ...target })
    else if (handle.kind === 'bridged')
      result = await ctx.telephony.blindTransfer(pbxId, { channel: handle.transferer, ...target })
    else result = await ctx.telephony.redirect(pbxId, { channel: handle.callerChannel, ...target })

    const at = entry.clock.now()
    const row = {
      pbxId,
      callId,
      kind: request.kind === 'attended' ? ('ATTENDED' as const) : ('BLIND' as const),
      targetExten: line.number,
      targetLabel: line.label,
      unitId: line.unitId,
      unitName: line.unitName,
      operatorId: actor.userId,
      operatorName: await operatorName(actor.userId),
      callerNumber,
      at,
    }
    if (!result.ok) {
      const view = await createTransferRow(ctx.prisma, row, 'FAILED')
      await ctx.addTransfer(view, null)
      log.warn(
        { pbxId, callId, target: line.number, err: result.error.message },
        'transfer refused by the PBX',
      )
      throw pbxError(result.error, 'Aktarım yapılamadı')
    }
    const view = await createTransferRow(ctx.prisma, row, 'PENDING')
    await ctx.addTransfer(view, {
      id: view.id,
      pbxId,
      callId,
      kind: row.kind,
      transfereeUid: handle.transfereeUid,
      transfererName: handle.kind === 'bridged' ? handle.transferer : '',
      device: line.stateInterface ?? `Local/${line.number}@${line.transferContext}`,
      targetExten: line.number,
      targetLabel: line.label,
      unitId: line.unitId,
      unitName: line.unitName,
      operatorId: actor.userId,
      operatorName: row.operatorName,
      callerNumber,
      startedAt: at,
      targetSeen: false,
      targetGone: false,
      consultAnswered: false,
      alerted: false,
    })
    log.info({ pbxId, callId, target: line.number, kind: row.kind, transferId: view.id }, 'call transferred')
    return {
      ok: true,
      message:
        row.kind === 'ATTENDED'
          ? `${line.label} aranıyor; arayan beklemede. Birim cevaplayınca aktarımı tamamlayın.`
          : `Çağrı ${line.label} (${line.number}) dahilisine aktarıldı.`,
      pbxMessage: result.value.message,
      transfer: view,
    }
  }

  async function completeConsultHere(actor: TransferActor, transferId: number): Promise<ActionResultView> {
    const t = ownTransfer(actor, transferId)
    if (t.kind !== 'ATTENDED') throw new ConflictError('Bu bir danışmalı aktarım değil.', 'not_attended')
    if (!t.consultAnswered)
      throw new ConflictError(`${t.targetLabel} henüz cevaplamadı.`, 'consult_not_answered')
    const r = await ctx.telephony.hangup(t.pbxId, t.transfererName)
    if (!r.ok) throw pbxError(r.error, 'Aktarım tamamlanamadı')
    return {
      ok: true,
      message: `Aktarım tamamlanıyor: arayan ${t.targetLabel} ile bağlanıyor.`,
      pbxMessage: r.value.message,
      transfer: null,
    }
  }

  /** What takes `t` back: the consult cancelled, or the caller sent back to the santral's queue. */
  function returnActionOf(
    t: TrackedTransfer,
    entry: ReturnType<typeof entryOf>,
  ): () => Promise<ActionOutcome> {
    if (t.kind === 'ATTENDED') return () => entry.bridge.actions.cancelAttendedTransfer(t.transfererName)
    const back = ctx.returnTarget
    if (back === null)
      throw new AppError(
        409,
        'return_unavailable',
        'Bu santralde aktarılan çağrı geri alınamıyor; birimi arayın.',
      )
    const caller = entry.bridge.state.channels.get(t.transfereeUid)
    if (caller === undefined) throw new ConflictError('Arayan artık hatta değil.', 'caller_gone')
    return () => ctx.telephony.redirect(t.pbxId, { channel: caller.name, ...back })
  }

  async function returnTransferHere(actor: TransferActor, transferId: number): Promise<ActionResultView> {
    const t = ownTransfer(actor, transferId)
    const entry = entryOf(t.pbxId)
    const send = returnActionOf(t, entry)
    const resume = ctx.holdWhileReturning(t.id)
    try {
      const r = await send()
      if (!r.ok) throw pbxError(r.error, 'Çağrı geri alınamadı')
      ctx.returned(t, entry.clock.now())
      return { ok: true, message: 'Çağrı geri alındı.', pbxMessage: r.value.message, transfer: null }
    } finally {
      resume()
    }
  }

  /** Here when this node follows the transfer, else on the node that does (with several nodes). */
  async function settle(
    action: SettleAction,
    actor: TransferActor,
    transferId: number,
  ): Promise<ActionResultView> {
    if (ctx.tracked.has(transferId))
      return action === 'complete'
        ? completeConsultHere(actor, transferId)
        : returnTransferHere(actor, transferId)
    const answer = await ctx.forward(action, actor, transferId)
    if (answer === null) throw new ConflictError('Bu aktarım artık sürmüyor.', 'transfer_not_open')
    return answer
  }

  return {
    transfer,
    completeConsult: (actor: TransferActor, transferId: number) => settle('complete', actor, transferId),
    returnTransfer: (actor: TransferActor, transferId: number) => settle('return', actor, transferId),
    completeConsultHere,
    returnTransferHere,
  }
}

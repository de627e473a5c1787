/**
 * The operator's alerts about a transfer, worded in Turkish: the unit has not answered in time (the call
 * may still be taken back), or the transfer ended without the unit (and whether the caller was lost);
 * and the book of raised alerts, each addressed to the operator who started the transfer.
 */
import { SWITCHBOARD_EVENTS, type TransferAlertView } from '../../contract/switchboard.ts'
import type { AlertMirror, MirroredBook } from './alert-mirror.ts'
import type { TrackedTransfer } from './transfer-tracker.ts'

function alertOf(t: TrackedTransfer, canReturn: boolean, message: string): TransferAlertView {
  return {
    transferId: t.id,
    pbxId: t.pbxId,
    callId: t.callId,
    targetLabel: t.targetLabel,
    callerNumber: t.callerNumber,
    startedAt: t.startedAt,
    canReturn,
    message,
  }
}

/** Still ringing at the unit after `alertAfterMs`, or the unit's phone gave up while the caller waits. */
export function unansweredAlert(
  t: TrackedTransfer,
  reason: 'timeout' | 'target-gone',
  alertAfterMs: number,
  canReturn: boolean,
): TransferAlertView {
  return alertOf(
    t,
    canReturn,
    reason === 'timeout'
      ? `${t.targetLabel} ${Math.round(alertAfterMs / 1000)} saniyedir cevap vermiyor.`
      : `${t.targetLabel} cevap vermedi.`,
  )
}

/** The transfer ended without the unit: whose the call is now, or that the caller was lost. */
export function endedAlert(
  t: TrackedTransfer,
  outcome: 'NOT_ANSWERED' | 'CALLER_HUNG_UP',
  callerLost: boolean,
): TransferAlertView {
  const lostText = callerLost
    ? t.callerNumber?.startsWith('+') === true
      ? ' Arayan kaybedildi; birim için geri arama kaydı açıldı.'
      : ' Arayan kaybedildi (numara yok, geri arama açılamadı).'
    : ' Çağrı sizde.'
  return alertOf(
    t,
    false,
    (outcome === 'CALLER_HUNG_UP'
      ? // No case suffix on a unit's name: its ending varies (Müdürlüğü'ne, Zabıta'ya).
        `${t.targetLabel} birimine aktarılan arayan, birim cevap vermeden kapattı.`
      : `${t.targetLabel} aktarılan çağrıyı cevaplamadı.`) + lostText,
  )
}

/** Sends an alert event to one operator's sockets, on every node (switchboardSinkOn). */
export type SendToOperator = (userId: number, event: string, payload: unknown) => void

interface AlertEntry {
  readonly view: TransferAlertView
  /** The operator who started the transfer: the only one it is shown to (null: nobody). */
  readonly ownerId: number | null
  /** The caller is still on the line, so the alert goes when the call ends (pbxId + callId). */
  readonly followsCall: boolean
  /** Raised by this node (which follows its call), or by another node and mirrored here (alert-mirror.ts). */
  readonly origin: 'here' | 'elsewhere'
}

/**
 * The alerts raised on this node, and with several nodes those the others raised (`shareWith`), each
 * addressed to the operator who started its transfer: another operator sees that transfer in today's
 * list, never as an alert of theirs. Raising, replacing and clearing one is sent to its operator at
 * once (`switchboard:alert`, `switchboard:alert-cleared`) by the node that did it.
 */
export function createAlertBook(send: SendToOperator): AlertBook {
  const entries = new Map<number, AlertEntry>()
  let mirror: Pick<AlertMirror, 'put' | 'remove'> | null = null

  function emit(ownerId: number | null, event: string, payload: unknown): void {
    if (ownerId !== null) send(ownerId, event, payload)
  }

  /** False when there was no such alert. */
  function clear(transferId: number): boolean {
    const entry = entries.get(transferId)
    if (entry === undefined) return false
    entries.delete(transferId)
    emit(entry.ownerId, SWITCHBOARD_EVENTS.alertCleared, { transferId })
    mirror?.remove(transferId)
    return true
  }

  return {
    clear,
    /** Raises (or replaces) the alert of transfer `t`; `followsCall`: the caller is still there. */
    raise(t: TrackedTransfer, view: TransferAlertView, followsCall: boolean): void {
      entries.set(t.id, { view, ownerId: t.operatorId, followsCall, origin: 'here' })
      emit(t.operatorId, SWITCHBOARD_EVENTS.alert, view)
      mirror?.put({ view, ownerId: t.operatorId })
    },
    ownerOf(transferId: number): number | null | undefined {
      return entries.get(transferId)?.ownerId
    },
    /** The alerts shown to `userId`, newest first; every alert when no viewer is named (tests, tools). */
    visibleTo(userId: number | undefined): TransferAlertView[] {
      return [...entries.values()]
        .filter((e) => userId === undefined || e.ownerId === userId)
        .map((e) => e.view)
        .sort((a, b) => b.startedAt - a.startedAt)
    },
    /** This node's alerts about a call whose caller was still on the line when they were raised. */
    following(): TransferAlertView[] {
      return [...entries.values()].filter((e) => e.followsCall && e.origin === 'here').map((e) => e.view)
    },
    /** Clears every alert about this call (its operator moved it on again). */
    clearCall(pbxId: string, callId: string): void {
      for (const e of [...entries.values()])
        if (e.view.pbxId === pbxId && e.view.callId === callId) clear(e.view.transferId)
    },
    shareWith(shared) {
      mirror = shared
    },
    mirrorPut(alert) {
      entries.set(alert.view.transferId, { ...alert, followsCall: false, origin: 'elsewhere' })
    },
    mirrorRemove(transferId) {
      entries.delete(transferId)
    },
  }
}

export interface AlertBook extends MirroredBook {
  clear(transferId: number): boolean
  raise(t: TrackedTransfer, view: TransferAlertView, followsCall: boolean): void
  ownerOf(transferId: number): number | null | undefined
  visibleTo(userId: number | undefined): TransferAlertView[]
  following(): TransferAlertView[]
  clearCall(pbxId: string, callId: string): void
  /** From now on every raise and clear here is kept for, and told to, the other nodes. */
  shareWith(mirror: Pick<AlertMirror, 'put' | 'remove'>): void
}

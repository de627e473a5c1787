/**
 * The operator's alerts about a transfer, worded in Turkish: the unit has not answered in time (the call
 * may still be taken back), or the transfer ended without the unit (and whether the caller was lost).
 */
import type { TransferAlertView } from '../../contract/switchboard.ts'
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

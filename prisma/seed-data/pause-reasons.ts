/**
 * Agent pause reasons. `code` is the exact reason text exchanged with Asterisk (QueuePause `Reason`,
 * reported back as `PausedReason`), so a pause made on the phone or by another tool maps to the same
 * row; `label` is what Pano shows. `Auto-Pause` is what Asterisk itself sets after unanswered rings
 * (autopause): it is not offered to agents and is shown apart from chosen pauses.
 */
export interface PauseReasonSeed {
  readonly code: string
  readonly label: string
  readonly productive: boolean
}

export const AUTO_PAUSE_CODE = 'Auto-Pause'

export const PAUSE_REASONS: readonly PauseReasonSeed[] = [
  { code: 'Mola', label: 'Mola', productive: false },
  { code: 'Yemek arası', label: 'Yemek arası', productive: false },
  { code: 'Eğitim', label: 'Eğitim', productive: true },
  { code: 'Toplantı', label: 'Toplantı', productive: true },
  { code: 'Evrak işi', label: 'Evrak / arka ofis', productive: true },
  { code: 'Geri arama', label: 'Geri arama listesi', productive: true },
  { code: 'Teknik arıza', label: 'Teknik arıza', productive: false },
  { code: 'Kişisel', label: 'Kişisel ihtiyaç', productive: false },
  { code: AUTO_PAUSE_CODE, label: 'Otomatik duraklatma (cevapsız çağrı)', productive: false },
]

/** Numbers as the boards show them (Turkish conventions; pure). */
import type { MetricThreshold, QueueCounts, QueueKindView } from '../../../../server/contract/views.ts'
import { formatPercent } from '../format.ts'

export type Level = 'ok' | 'warn' | 'alarm'

/** 75 → `1:15`, 3725 → `1:02:05`; null → `—`. */
export function formatDuration(totalSec: number | null): string {
  if (totalSec === null || !Number.isFinite(totalSec)) return '—'
  const s = Math.max(0, Math.floor(totalSec))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`
}

/** 87.46 → `%87`, null → `—` (Turkish puts the sign first). */
export function formatPct(value: number | null): string {
  return formatPercent(value)
}

/** Where a value stands against a threshold; null when there is no value or no threshold. */
export function levelOf(value: number | null, t: MetricThreshold | undefined): Level | null {
  if (value === null || t === undefined || !Number.isFinite(value)) return null
  if (t.higherIsWorse) return value >= t.red ? 'alarm' : value >= t.amber ? 'warn' : 'ok'
  return value <= t.red ? 'alarm' : value <= t.amber ? 'warn' : 'ok'
}

export const LEVEL_TEXT: Record<Level, string> = { ok: 'Hedefte', warn: 'Dikkat', alarm: 'Eşik aşıldı' }
export const LEVEL_ICON: Record<Level, string> = { ok: '●', warn: '▲', alarm: '■' }

/** `sarı ≥ 60 sn · kırmızı ≥ 120 sn`; a percentage as Turkish writes it, `sarı ≤ %80` (prefix `%`). */
export function describeThreshold(t: MetricThreshold | undefined, unit: string, prefix = ''): string {
  if (!t) return 'Eşik tanımlı değil'
  const op = t.higherIsWorse ? '≥' : '≤'
  return `sarı ${op} ${prefix}${t.amber}${unit} · kırmızı ${op} ${prefix}${t.red}${unit}`
}

export interface PauseReasonLabel {
  code: string
  label: string
}

/** A pause reason as Pano names it: the PBX carries the code (`Geri arama`), people read the label. */
export function pauseReasonText(code: string | null, reasons: readonly PauseReasonLabel[]): string {
  if (code === null || code === '') return 'nedensiz'
  return reasons.find((r) => r.code === code)?.label ?? code
}

/** Seconds the oldest caller has waited at `now`, given the value the server computed at `at`. */
export function longestWaitAt(longestWaitSec: number | null, at: number, now: number): number | null {
  if (longestWaitSec === null) return null
  return longestWaitSec + Math.max(0, now - at) / 1000
}

export interface BalancePart {
  readonly key: 'answered' | 'abandoned' | 'timedOut' | 'otherExit' | 'inQueue'
  readonly label: string
  readonly value: number
  readonly definition: string
}

/**
 * Where today's callers went: Gelen = Cevaplanan + Terk + Zaman aşımı + Diğer çıkış + Kuyrukta. The
 * server's counters keep this identity (telephony/stats/aggregate.ts); the board states it in tiles.
 */
export function queueBalance(q: QueueCounts): { offered: number; parts: BalancePart[]; adds: boolean } {
  const parts: BalancePart[] = [
    {
      key: 'answered',
      label: 'Cevaplanan',
      value: q.answered,
      definition:
        'Bir temsilciye bağlanan (görüşmesi sürenler dahil) ya da santralde çalarken birime aktarılan çağrılar; çalarken aktarılanlar ayrıca gösterilir',
    },
    {
      key: 'abandoned',
      label: 'Terk',
      value: q.abandoned,
      definition: 'Temsilciye bağlanmadan kapatan arayanlar (kısa terkler dahil)',
    },
    {
      key: 'timedOut',
      label: 'Zaman aşımı',
      value: q.timedOut,
      definition: 'Kuyruğun azami bekleme süresi dolduğu için kuyruktan çıkarılan arayanlar',
    },
    {
      key: 'otherExit',
      label: 'Diğer çıkış',
      value: q.exitEmpty + q.exitKey,
      definition: 'Boş kuyruktan (kimse oturum açmamış) ya da tuşa basarak çıkan arayanlar',
    },
    {
      key: 'inQueue',
      label: 'Kuyrukta',
      value: q.waitingNow + q.decidingNow,
      definition: 'Bugün gelip şu anda kuyrukta bekleyenler (ve çıkışı birkaç saniye içinde belli olacaklar)',
    },
  ]
  return { offered: q.offered, parts, adds: parts.reduce((n, p) => n + p.value, 0) === q.offered }
}

/**
 * Calls the santral console moved on to a unit while they still rang: in Cevaplanan, yet no operator
 * answered them, so the operators' answered calls add up to that much less. Shown for every switchboard
 * queue (0 included, so the line does not come and go) and for any other queue that has some; null to
 * leave it out.
 */
export function movedWhileRinging(q: QueueCounts & { kind: QueueKindView }): number | null {
  return q.kind === 'SWITCHBOARD' || q.movedUnanswered > 0 ? q.movedUnanswered : null
}

/**
 * An agent's pause in words, after the state word: the reason (`Yemek`) beside `Molada`, and
 * `mola: Yemek` beside `Görüşmede` for an agent paused while talking, whose state is the call's
 * (Asterisk's `queue show`: "in call, paused"); null when not paused. The agent board writes it on the
 * state's line (pauseNote), the TV on a line of its own (client/src/views/tv/TvAgentGrid.svelte).
 */
export function pauseText(
  agent: { state: string; pauseReason: string | null; autoPaused: boolean },
  reasons: readonly PauseReasonLabel[],
): string | null {
  if (agent.pauseReason === null) return null
  const reason = agent.autoPaused
    ? 'Otomatik mola (kaçırılan çağrı)'
    : pauseReasonText(agent.pauseReason, reasons)
  return agent.state === 'paused' ? reason : `mola: ${reason}`
}

/**
 * What follows an agent's state word on the agent board: `· Yemek` beside `Molada`, and `, mola: Yemek`
 * beside `Görüşmede` (pauseText); null when not paused.
 */
export function pauseNote(
  agent: { state: string; pauseReason: string | null; autoPaused: boolean },
  reasons: readonly PauseReasonLabel[],
): string | null {
  const text = pauseText(agent, reasons)
  if (text === null) return null
  return agent.state === 'paused' ? `· ${text}` : `, ${text}`
}

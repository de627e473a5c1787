/** Statistics configuration (docs/design.md §2.3): thresholds per queue, with defaults. */
export interface QueueStatsConfig {
  /** Service-level threshold T in seconds. */
  readonly serviceLevelSec?: number
  /** Abandons after at most this many seconds are short abandons. */
  readonly shortAbandonSec?: number
  /** After-call work per handled call (the queue's wrapuptime), counted in AHT and occupancy. */
  readonly wrapUpSec?: number
}

export interface StatsConfig {
  readonly serviceLevelSec: number
  readonly shortAbandonSec: number
  readonly wrapUpSec: number
  readonly queues: Readonly<Record<string, QueueStatsConfig>>
  /**
   * Offset of the "today" day boundary from UTC in minutes. Europe/Istanbul is UTC+3 all year
   * (no DST since 2016), so 00:00 Istanbul = 21:00 UTC of the previous day. telephony/ imports nothing
   * from the server, so the server passes its own constant (`ISTANBUL_OFFSET_MINUTES`,
   * server/contract/time-zone.ts) and a test holds this default equal to it.
   */
  readonly utcOffsetMin: number
}

export const DEFAULT_STATS_CONFIG: StatsConfig = {
  serviceLevelSec: 20,
  shortAbandonSec: 5,
  wrapUpSec: 0,
  queues: {},
  utcOffsetMin: 180,
}

export function statsConfig(partial: Partial<StatsConfig> = {}): StatsConfig {
  return { ...DEFAULT_STATS_CONFIG, ...partial }
}

export function thresholdsOf(config: StatsConfig, queue: string): Required<QueueStatsConfig> {
  const q = config.queues[queue]
  return {
    serviceLevelSec: q?.serviceLevelSec ?? config.serviceLevelSec,
    shortAbandonSec: q?.shortAbandonSec ?? config.shortAbandonSec,
    wrapUpSec: q?.wrapUpSec ?? config.wrapUpSec,
  }
}

/** Start (ms since epoch) of the local day containing `t`. */
export function dayStartOf(t: number, config: StatsConfig): number {
  const offset = config.utcOffsetMin * 60_000
  return Math.floor((t + offset) / 86_400_000) * 86_400_000 - offset
}

/** The formulas as shown next to the tiles (Turkish UI text). */
export function formulaLabels(config: StatsConfig, queue?: string) {
  const t = queue === undefined ? thresholdsOf(config, '') : thresholdsOf(config, queue)
  return {
    serviceLevel: `Servis seviyesi = ${t.serviceLevelSec} sn içinde cevaplanan ÷ (cevaplanan + ${t.serviceLevelSec} sn sonra terk); ${t.shortAbandonSec} sn ve daha kısa terkler hariç`,
    abandonRate: `Terk oranı = ${t.shortAbandonSec} sn üstü terk ÷ (cevaplanan + ${t.shortAbandonSec} sn üstü terk)`,
    offered:
      'Gelen = kuyruğa giren (bekleyenler dahil); Cevaplanan = temsilciye bağlanan (görüşmesi sürenler dahil)',
    asa: 'Ort. cevaplama süresi = cevaplanan çağrıların toplam bekleme süresi ÷ cevaplanan (görüşmesi sürenler dahil)',
    aht: `Ort. işlem süresi: biten çağrılar — (konuşma + bekletme + çağrı sonrası işlem ${t.wrapUpSec} sn) ÷ biten cevaplanan çağrı; bekletme konuşmaya dahil`,
    occupancy: 'Doluluk = (konuşma + çağrı sonrası işlem) ÷ (oturum süresi − mola)',
  }
}

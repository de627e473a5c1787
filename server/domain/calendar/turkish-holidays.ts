/**
 * Turkish public holidays (resmî tatiller) for 2025–2027, used to seed the Holiday table.
 *
 * Sources / assumptions (see docs/decisions/005-legal-clocks.md):
 * - Fixed national days: 2429 sayılı Ulusal Bayram ve Genel Tatiller Hakkında Kanun.
 * - Ramazan and Kurban Bayramı dates: Diyanet İşleri Başkanlığı's published calendar, as given in the task
 *   brief and checked against what we know; 2027 should be re-checked when Diyanet publishes its yearly calendar.
 * - Arife days are HALF_DAY: the public sector stops at 13:00 (Cumhurbaşkanlığı genelgesi practice).
 * - Extra "idari izin" bridge days are announced yearly by circular and are NOT listed here; the admin adds
 *   them in the Holiday table. The calendar functions take the holiday list as input for that reason.
 * - One entry per date (the Holiday table is keyed by date): when two holidays share a day the names are joined.
 */

export type IsoDate = `${number}-${number}-${number}`

export type HolidayKindName = 'FULL' | 'HALF_DAY'

export interface HolidayEntry {
  readonly date: IsoDate
  readonly name: string
  readonly kind: HolidayKindName
}

const YILBASI = 'Yılbaşı'
const EGEMENLIK = 'Ulusal Egemenlik ve Çocuk Bayramı'
const EMEK = 'Emek ve Dayanışma Günü'
const GENCLIK = "Atatürk'ü Anma, Gençlik ve Spor Bayramı"
const DEMOKRASI = 'Demokrasi ve Milli Birlik Günü'
const ZAFER = 'Zafer Bayramı'
const CUMHURIYET_ARIFE = 'Cumhuriyet Bayramı Arifesi'
const CUMHURIYET = 'Cumhuriyet Bayramı'
const RAMAZAN_ARIFE = 'Ramazan Bayramı Arifesi'
const KURBAN_ARIFE = 'Kurban Bayramı Arifesi'

function gun(bayram: string, n: number): string {
  return `${bayram} ${n}. Gün`
}

export const TURKISH_HOLIDAYS: ReadonlyArray<HolidayEntry> = [
  // 2025
  { date: '2025-01-01', name: YILBASI, kind: 'FULL' },
  { date: '2025-03-29', name: RAMAZAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2025-03-30', name: gun('Ramazan Bayramı', 1), kind: 'FULL' },
  { date: '2025-03-31', name: gun('Ramazan Bayramı', 2), kind: 'FULL' },
  { date: '2025-04-01', name: gun('Ramazan Bayramı', 3), kind: 'FULL' },
  { date: '2025-04-23', name: EGEMENLIK, kind: 'FULL' },
  { date: '2025-05-01', name: EMEK, kind: 'FULL' },
  { date: '2025-05-19', name: GENCLIK, kind: 'FULL' },
  { date: '2025-06-05', name: KURBAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2025-06-06', name: gun('Kurban Bayramı', 1), kind: 'FULL' },
  { date: '2025-06-07', name: gun('Kurban Bayramı', 2), kind: 'FULL' },
  { date: '2025-06-08', name: gun('Kurban Bayramı', 3), kind: 'FULL' },
  { date: '2025-06-09', name: gun('Kurban Bayramı', 4), kind: 'FULL' },
  { date: '2025-07-15', name: DEMOKRASI, kind: 'FULL' },
  { date: '2025-08-30', name: ZAFER, kind: 'FULL' },
  { date: '2025-10-28', name: CUMHURIYET_ARIFE, kind: 'HALF_DAY' },
  { date: '2025-10-29', name: CUMHURIYET, kind: 'FULL' },
  // 2026
  { date: '2026-01-01', name: YILBASI, kind: 'FULL' },
  { date: '2026-03-19', name: RAMAZAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2026-03-20', name: gun('Ramazan Bayramı', 1), kind: 'FULL' },
  { date: '2026-03-21', name: gun('Ramazan Bayramı', 2), kind: 'FULL' },
  { date: '2026-03-22', name: gun('Ramazan Bayramı', 3), kind: 'FULL' },
  { date: '2026-04-23', name: EGEMENLIK, kind: 'FULL' },
  { date: '2026-05-01', name: EMEK, kind: 'FULL' },
  { date: '2026-05-19', name: GENCLIK, kind: 'FULL' },
  { date: '2026-05-26', name: KURBAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2026-05-27', name: gun('Kurban Bayramı', 1), kind: 'FULL' },
  { date: '2026-05-28', name: gun('Kurban Bayramı', 2), kind: 'FULL' },
  { date: '2026-05-29', name: gun('Kurban Bayramı', 3), kind: 'FULL' },
  { date: '2026-05-30', name: gun('Kurban Bayramı', 4), kind: 'FULL' },
  { date: '2026-07-15', name: DEMOKRASI, kind: 'FULL' },
  { date: '2026-08-30', name: ZAFER, kind: 'FULL' },
  { date: '2026-10-28', name: CUMHURIYET_ARIFE, kind: 'HALF_DAY' },
  { date: '2026-10-29', name: CUMHURIYET, kind: 'FULL' },
  // 2027
  { date: '2027-01-01', name: YILBASI, kind: 'FULL' },
  { date: '2027-03-08', name: RAMAZAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2027-03-09', name: gun('Ramazan Bayramı', 1), kind: 'FULL' },
  { date: '2027-03-10', name: gun('Ramazan Bayramı', 2), kind: 'FULL' },
  { date: '2027-03-11', name: gun('Ramazan Bayramı', 3), kind: 'FULL' },
  { date: '2027-04-23', name: EGEMENLIK, kind: 'FULL' },
  { date: '2027-05-01', name: EMEK, kind: 'FULL' },
  { date: '2027-05-15', name: KURBAN_ARIFE, kind: 'HALF_DAY' },
  { date: '2027-05-16', name: gun('Kurban Bayramı', 1), kind: 'FULL' },
  { date: '2027-05-17', name: gun('Kurban Bayramı', 2), kind: 'FULL' },
  { date: '2027-05-18', name: gun('Kurban Bayramı', 3), kind: 'FULL' },
  { date: '2027-05-19', name: `${gun('Kurban Bayramı', 4)} / ${GENCLIK}`, kind: 'FULL' },
  { date: '2027-07-15', name: DEMOKRASI, kind: 'FULL' },
  { date: '2027-08-30', name: ZAFER, kind: 'FULL' },
  { date: '2027-10-28', name: CUMHURIYET_ARIFE, kind: 'HALF_DAY' },
  { date: '2027-10-29', name: CUMHURIYET, kind: 'FULL' },
]

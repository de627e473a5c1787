/**
 * The holiday table and the office hours as an admin keeps them (Yönetim › Tatiller ve mesai). The
 * religious holidays move every year and are announced by Diyanet, the idari izin bridge days by
 * circular: Pano cannot know them, so the table must be extended each year, and Pano warns 60 days
 * before it runs out (calendarWarnings). Every change is audited and the calendar is re-read at once.
 */
import type { HolidayInput, HolidaysResponse, OfficeHoursView } from '../../contract/calendar.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, turkishDay } from '../../domain/calendar/istanbul-time.ts'
import { ConflictError, NotFoundError } from '../../errors.ts'
import { recordAudit } from '../audit/audit-log.ts'
import type { Actor } from '../audit/actor.ts'
import { OFFICE_HOURS_SETTING, officeHoursOf, type CalendarSource } from '../tickets/calendar-source.ts'

export const HOLIDAY_ENTITY = 'Holiday'
/** How long before the table's last covered year ends Pano starts warning. */
export const HOLIDAY_TABLE_WARNING_DAYS = 60

export interface CalendarAdminDeps {
  prisma: PrismaClient
  calendar: CalendarSource
  now?: () => Date
}

const dayOf = (date: string) => new Date(`${date}T00:00:00Z`)
const isoOf = (d: Date) => d.toISOString().slice(0, 10)

export async function listHolidays(deps: CalendarAdminDeps, year: number): Promise<HolidaysResponse> {
  const [rows, all] = await Promise.all([
    deps.prisma.holiday.findMany({
      where: { date: { gte: dayOf(`${year}-01-01`), lte: dayOf(`${year}-12-31`) } },
      orderBy: { date: 'asc' },
    }),
    deps.prisma.holiday.findMany({ select: { date: true } }),
  ])
  return {
    year,
    items: rows.map((r) => ({ date: isoOf(r.date), name: r.name, kind: r.kind })),
    years: [...new Set(all.map((r) => r.date.getUTCFullYear()))].sort((a, b) => a - b),
  }
}

/** The audit row of a holiday added or changed: what the day held before (null: nothing) and after. */
function auditHolidaySaved(
  tx: Parameters<typeof recordAudit>[0],
  actor: Actor,
  at: Date,
  date: string,
  before: Pick<HolidayInput, 'name' | 'kind'> | null,
  after: HolidayInput,
): Promise<void> {
  return recordAudit(tx, actor, at, [
    {
      action: 'holiday.save',
      entity: HOLIDAY_ENTITY,
      entityId: date,
      detail: {
        before: before === null ? null : { name: before.name, kind: before.kind },
        after: { ...after },
      },
    },
  ])
}

/**
 * A new holiday (Yönetim › Tatiller › "Tatil ekle"). A day holds one holiday (`Holiday.date` is the
 * key in prisma/schema.prisma), so a second one on a taken day is refused, naming the first, at the day's
 * field: saved over it, the first would be gone without a word. Changing a day is saveHoliday's.
 */
export async function addHoliday(
  deps: CalendarAdminDeps,
  actor: Actor,
  date: string,
  input: HolidayInput,
): Promise<void> {
  const at = deps.now?.() ?? new Date()
  await deps.prisma.$transaction(async (tx) => {
    // Skipped rather than failed when the day is taken, also by another admin a moment ago.
    const { count } = await tx.holiday.createMany({
      data: [{ date: dayOf(date), name: input.name, kind: input.kind }],
      skipDuplicates: true,
    })
    if (count === 0) {
      const first = await tx.holiday.findUnique({ where: { date: dayOf(date) } })
      const message = `${turkishDay(date)} zaten tatil: “${first?.name ?? input.name}”. Değiştirmek için tablodaki satırında Düzenle’ye basın ya da önce onu silin.`
      throw new ConflictError(message, 'holiday_exists', { issues: [{ path: 'date', message }] })
    }
    await auditHolidaySaved(tx, actor, at, date, null, input)
  })
  deps.calendar.invalidate()
}

export async function saveHoliday(
  deps: CalendarAdminDeps,
  actor: Actor,
  date: string,
  input: HolidayInput,
): Promise<void> {
  const at = deps.now?.() ?? new Date()
  await deps.prisma.$transaction(async (tx) => {
    const before = await tx.holiday.findUnique({ where: { date: dayOf(date) } })
    await tx.holiday.upsert({
      where: { date: dayOf(date) },
      create: { date: dayOf(date), name: input.name, kind: input.kind },
      update: { name: input.name, kind: input.kind },
    })
    await auditHolidaySaved(tx, actor, at, date, before, input)
  })
  deps.calendar.invalidate()
}

export async function deleteHoliday(deps: CalendarAdminDeps, actor: Actor, date: string): Promise<void> {
  const at = deps.now?.() ?? new Date()
  await deps.prisma.$transaction(async (tx) => {
    const before = await tx.holiday.findUnique({ where: { date: dayOf(date) } })
    if (before === null) throw new NotFoundError('Bu tarihte kayıtlı bir tatil yok.', 'holiday_not_found')
    await tx.holiday.delete({ where: { date: dayOf(date) } })
    await recordAudit(tx, actor, at, [
      {
        action: 'holiday.delete',
        entity: HOLIDAY_ENTITY,
        entityId: date,
        detail: { before: { name: before.name, kind: before.kind } },
      },
    ])
  })
  deps.calendar.invalidate()
}

/** The fixed national days of Law 2429 (and the 28 October arife afternoon) for a year. */
export function fixedNationalHolidays(year: number): Array<{ date: string } & HolidayInput> {
  const d = (mmdd: string) => `${year}-${mmdd}`
  return [
    { date: d('01-01'), name: 'Yılbaşı', kind: 'FULL' },
    { date: d('04-23'), name: 'Ulusal Egemenlik ve Çocuk Bayramı', kind: 'FULL' },
    { date: d('05-01'), name: 'Emek ve Dayanışma Günü', kind: 'FULL' },
    { date: d('05-19'), name: "Atatürk'ü Anma, Gençlik ve Spor Bayramı", kind: 'FULL' },
    { date: d('07-15'), name: 'Demokrasi ve Milli Birlik Günü', kind: 'FULL' },
    { date: d('08-30'), name: 'Zafer Bayramı', kind: 'FULL' },
    { date: d('10-28'), name: 'Cumhuriyet Bayramı Arifesi', kind: 'HALF_DAY' },
    { date: d('10-29'), name: 'Cumhuriyet Bayramı', kind: 'FULL' },
  ]
}

/** Adds the fixed national days of a year that are not in the table yet (an admin's entries stay). */
export async function addFixedHolidays(
  deps: CalendarAdminDeps,
  actor: Actor,
  year: number,
): Promise<{ added: number }> {
  const at = deps.now?.() ?? new Date()
  const days = fixedNationalHolidays(year)
  const added = await deps.prisma.$transaction(async (tx) => {
    const { count } = await tx.holiday.createMany({
      data: days.map((h) => ({ date: dayOf(h.date), name: h.name, kind: h.kind })),
      skipDuplicates: true,
    })
    await recordAudit(tx, actor, at, [
      {
        action: 'holiday.save',
        entity: HOLIDAY_ENTITY,
        entityId: String(year),
        detail: { fixedNationalAdded: count },
      },
    ])
    return count
  })
  deps.calendar.invalidate()
  return { added }
}

export async function readOfficeHours(deps: Pick<CalendarAdminDeps, 'prisma'>): Promise<OfficeHoursView> {
  const row = await deps.prisma.setting.findUnique({ where: { key: OFFICE_HOURS_SETTING } })
  return officeHoursOf(row?.value)
}

export async function saveOfficeHours(
  deps: CalendarAdminDeps,
  actor: Actor,
  hours: OfficeHoursView,
): Promise<OfficeHoursView> {
  const at = deps.now?.() ?? new Date()
  await deps.prisma.$transaction(async (tx) => {
    const before = await tx.setting.findUnique({ where: { key: OFFICE_HOURS_SETTING } })
    await tx.setting.upsert({
      where: { key: OFFICE_HOURS_SETTING },
      create: { key: OFFICE_HOURS_SETTING, value: { ...hours } },
      update: { value: { ...hours } },
    })
    await recordAudit(tx, actor, at, [
      {
        action: 'office-hours.update',
        entity: 'Setting',
        entityId: OFFICE_HOURS_SETTING,
        detail: { before: { ...officeHoursOf(before?.value) }, after: { ...hours } },
      },
    ])
  })
  deps.calendar.invalidate()
  return hours
}

/**
 * The warning the wallboard, Talepler and Yönetim show when the holiday table ends within 60 days (or
 * has ended): legal deadlines after it would count bayram days as working days.
 */
export async function calendarWarnings(prisma: Pick<PrismaClient, 'holiday'>, now: Date): Promise<string[]> {
  const last = await prisma.holiday.findFirst({ orderBy: { date: 'desc' }, select: { date: true } })
  if (last === null)
    return [
      'Tatil tablosu boş: yasal süreler resmî tatilleri iş günü sayıyor. Tatilleri Yönetim › Tatiller ve mesai ekranından ekleyin.',
    ]
  const today = istanbulDate(now)
  const lastYear = last.date.getUTCFullYear()
  const daysLeft = Math.round(
    (Date.parse(`${lastYear}-12-31T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000,
  )
  if (daysLeft > HOLIDAY_TABLE_WARNING_DAYS) return []
  const missing = Math.max(lastYear + 1, Number(today.slice(0, 4)))
  return [
    daysLeft < 0
      ? `Tatil tablosu ${lastYear} yılında bitti: ${missing} tatillerini Yönetim › Tatiller ve mesai ekranından ekleyin; yasal süreler şu an bayramları iş günü sayıyor.`
      : `Tatil tablosu ${lastYear} sonunda bitiyor (${daysLeft} gün kaldı): ${missing} tatillerini Yönetim › Tatiller ve mesai ekranından ekleyin.`,
  ]
}

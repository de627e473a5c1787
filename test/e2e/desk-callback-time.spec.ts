/**
 * "Geri aranacak" at wrap-up in Chromium against the PBX simulator, in a browser set to English and New
 * York: the agent types when to call back as GG.AA.YYYY SS:DD (client/src/components/desk/
 * ScheduledCallbackFields.svelte), not in the browser's mm/dd/yyyy, hh:mm AM. A day that is not on the
 * calendar is refused at the field before anything is sent; a Saturday is refused by the server at the
 * field, the typed time written back as Pano writes it; a working morning becomes a call back due at
 * that İzmir time (UTC+3), whatever the browser's own zone. Once saved, the desk says so with focus on
 * that line, and lists the call back under "Planlanan geri aramalar" until its time comes.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, istanbulDate, weekday } from '../../server/domain/calendar/istanbul-time.ts'
import type { IsoDate } from '../../server/domain/calendar/turkish-holidays.ts'
import { createHolidayTableCalendar } from '../../server/services/tickets/calendar-source.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { startLivePano, type LivePano } from '../integration/realtime/live-harness.ts'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[live, browser] = await Promise.all([startLivePano({ clientDir: CLIENT_DIR }), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

async function signIn(page: Page, username: string, landing: string): Promise<void> {
  await page.goto(`${live.pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === landing)
}

/** `2026-12-05` → `5.12.2026`, the short way an agent types it. */
function typedShort(day: IsoDate): string {
  const [y, m, d] = day.split('-')
  return `${Number(d)}.${Number(m)}.${y}`
}

/** `2026-12-05` → `05.12.2026`, as Pano writes it. */
function written(day: IsoDate): string {
  const [y, m, d] = day.split('-')
  return `${d}.${m}.${y}`
}

describe('Çağrı Masası › geri aranacak', () => {
  it('takes the time typed as GG.AA.YYYY SS:DD on İzmir’s clock, refusing a wrong one at the field', async () => {
    // Not browser.newPage, which opens every page in Turkish and on İstanbul's clock (test/support/browser.ts).
    const context = await browser.browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    let wrapUps = 0
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/wrap-up')) wrapUps += 1
    })

    // The days to type, from the server's own calendar: the next working day and the next Saturday.
    const calendar = await createHolidayTableCalendar(live.pano.prisma, { now: () => new Date() }).current()
    const today = istanbulDate(new Date())
    const workday = calendar.nextWorkingDay(today)
    let saturday = addDays(today, 1)
    while (weekday(saturday) !== 6) saturday = addDays(saturday, 1)

    await signIn(page, 'agent1', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321230077',
      ringMember: 'Local/1001@agents/n',
      answer: 1_000,
      talkMs: 2_000,
    })
    const pop = page.locator('article[data-pop]')
    await pop.locator('[data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await pop.getByLabel('İşlem kodu').selectOption({ label: 'Geri aranacak' })
    // Each control keeps to its own column: the code list does not run under the note beside it.
    const codeBox = await pop.getByLabel('İşlem kodu').boundingBox()
    const noteBox = await pop.getByLabel('Not', { exact: true }).boundingBox()
    expect(codeBox !== null && noteBox !== null && codeBox.x + codeBox.width <= noteBox.x).toBe(true)
    const when = pop.locator('[data-field="callback-at"]')
    const whenError = pop.locator('[data-field-error$="-callback-at"]')
    const save = pop.getByRole('button', { name: 'Kaydet ve kapat' })
    const focusedField = () =>
      page.evaluate<string | null | undefined>(`document.activeElement?.getAttribute('data-field')`)
    // What the agent sees: a field that asks for a Turkish day and time, not the browser's own format.
    expect(await when.getAttribute('type')).toBeNull()
    expect(await pop.textContent()).toContain('GG.AA.YYYY SS:DD')

    // 31 February: said at the field in Turkish, focus there, and the wrap-up not sent.
    await when.pressSequentially('31.02.2027 10:00')
    await save.click()
    await whenError
      .filter({ hasText: 'Geçerli bir gün ve saat yazın: GG.AA.YYYY SS:DD (ör. 05.12.2026 09:30).' })
      .waitFor()
    expect(await when.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(focusedField).toBe('callback-at')
    expect(wrapUps).toBe(0)

    // A Saturday, typed the short way: the server names the nearest good time at the field, focus goes
    // there, and the field reads as Pano writes a date and time.
    await when.fill('')
    await when.pressSequentially(`${typedShort(saturday)} 9:30`)
    await save.click()
    await whenError.filter({ hasText: 'mesai dışında' }).waitFor()
    expect(wrapUps).toBe(1)
    expect(await when.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(focusedField).toBe('callback-at')
    expect(await when.inputValue()).toBe(`${written(saturday)} 09:30`)
    await page.screenshot({ path: 'test-results/desk-callback-time-refused.png', fullPage: true })

    // Nothing is planned yet: the desk says so rather than showing nothing.
    const planned = page.locator('[data-planned-callbacks]')
    await planned.getByText('Planlanmış geri arama yok.').waitFor()

    // The next working morning: saved, due at 09:30 in İzmir (06:30 UTC), not 09:30 in New York.
    await when.fill('')
    await when.pressSequentially(`${typedShort(workday)} 9:30`)
    await save.click()
    await pop.waitFor({ state: 'detached' })
    const callback = await live.pano.prisma.callback.findFirst({
      where: { reason: 'SCHEDULED', phoneE164: '+905321230077' },
      select: { dueAt: true },
    })
    expect(callback?.dueAt.toISOString()).toBe(new Date(`${workday}T06:30:00Z`).toISOString())

    // The form went with the call: the desk says what was saved, and the keyboard is on that line.
    const saved = page
      .getByRole('status')
      .filter({ hasText: 'Kaydedildi: 0532 123 00 77 · Geri aranacak.' })
      .filter({ hasText: `Geri arama ${written(workday)} 09:30 için planlandı` })
    await saved.waitFor()
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toContain('Kaydedildi: 0532 123 00 77')
    // The booked call back is on the desk before its time, not only once it falls due.
    const row = planned.getByRole('row', { name: new RegExp(`${written(workday)} 09:30`) })
    await row.waitFor()
    expect(await row.textContent()).toContain('0532 123 00 77')
    expect(await row.textContent()).toContain('Ayşe Yılmaz')
    // Today's numbers follow the call, its talk time written as every call duration is (m:ss).
    const mine = (name: string) =>
      page.locator(`dl[aria-label="Bugünkü sayılarım"] div:has(dt:text-is("${name}")) dd`)
    await expect.poll(() => mine('Cevaplanan').textContent()).toBe('1')
    expect(await mine('Konuşma').textContent()).toMatch(/^\d+:\d\d$/)
    await page.screenshot({ path: 'test-results/desk-callback-planned.png', fullPage: true })
    expect(problems).toEqual([])
    await context.close()
  })
})

/**
 * Queue alerts in Chromium against the PBX simulator, with the demo's rules (the call centre alerts at
 * 4 waiting, any hour): the müdür turns the sound on, callers nobody answers turn the queue red, and
 * the müdür's page says so at once while the TV link's tile flashes (still, with reduced motion); when
 * the callers go the TV stops flashing, and Raporlar lists the alert with its duration.
 */
import type { Page } from 'playwright-core'
import { TIME_FORMAT_MESSAGE } from '../../client/src/lib/format.ts'
import { SAME_TIMES_MESSAGE } from '../../server/contract/queue-alerts.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestBrowser } from '../support/browser.ts'
import type { LivePano } from '../integration/realtime/live-harness.ts'
import {
  FULL_HD,
  QUEUE,
  QUEUE_LABEL,
  SCREENSHOTS,
  signIn,
  startLiveBoards,
} from '../support/wallboard-live.ts'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  ;({ live, browser } = await startLiveBoards())
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

const tvPanel = (page: Page) => page.locator(`article[data-queue="${QUEUE}"]`)
/** The animation the flashing panel runs now (`none` when still). */
const animationOf = (page: Page) =>
  page.evaluate<string>(
    `getComputedStyle(document.querySelector('article[data-queue="${QUEUE}"][data-alerting="true"]')).animationName`,
  )

describe('queue alerts', () => {
  it('the müdür’s page shows the alert when the simulator’s queue turns red; the TV flashes its tile', async () => {
    const mudur = await browser.newPage({ viewport: FULL_HD })
    await signIn(mudur.page, live.pano.url, 'mudur', '/wallboard')
    const sound = mudur.page.getByRole('checkbox', { name: 'Kuyruk uyarısında ses çal' })
    await sound.check()
    expect(await mudur.page.evaluate<string | null>("localStorage.getItem('pano.queueAlertSound')")).toBe(
      'on',
    )

    const { token } = await live.kioskToken(['queues'])
    const tv = await browser.newPage({ viewport: FULL_HD })
    await tv.page.emulateMedia({ reducedMotion: 'no-preference' })
    await tv.page.goto(`${live.pano.url}/pano/tv?token=${token}`)
    await tvPanel(tv.page).waitFor({ timeout: 10_000 })
    expect(await tvPanel(tv.page).getAttribute('data-alerting')).toBeNull()

    const callers = [1, 2, 3, 4].map((i) =>
      live.sim.placeCall({ queue: QUEUE, callerNumber: `05321112${i}00`, answer: false, patienceMs: 90_000 }),
    )

    const notice = mudur.page.getByRole('alert').filter({ hasText: 'Kuyruk uyarısı' })
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain(`${QUEUE_LABEL}: Bekleyen arayan 4 (kırmızı eşik ≥ 4)`)

    const flashing = tv.page.locator(`article[data-queue="${QUEUE}"][data-alerting="true"]`)
    await flashing.waitFor({ timeout: 10_000 })
    expect(await flashing.locator('h2').textContent()).toContain('Uyarı')
    expect(await animationOf(tv.page)).toContain('alert-flash')
    await tv.page.emulateMedia({ reducedMotion: 'reduce' })
    expect(await animationOf(tv.page)).toBe('none')
    await mudur.page.screenshot({ path: `${SCREENSHOTS}/queue-alert-mudur-1920x1080.png` })
    await tv.page.screenshot({ path: `${SCREENSHOTS}/queue-alert-tv-1920x1080.png` })

    // The müdür closes the notice; the TV keeps flashing while the queue is red.
    await notice.getByRole('button', { name: 'Kapat' }).click()
    await notice.waitFor({ state: 'detached', timeout: 5_000 })
    expect(await flashing.count()).toBe(1)

    // The callers hang up: the TV stops flashing, and Raporlar lists the alert, cleared.
    for (const c of callers) live.sim.hangup(c.channel)
    await flashing.waitFor({ state: 'detached', timeout: 10_000 })
    await mudur.page
      .getByRole('navigation', { name: 'Ekranlar' })
      .getByRole('link', { name: 'Raporlar' })
      .click()
    const history = mudur.page.getByRole('region', { name: 'Kuyruk uyarıları' })
    const row = history.getByRole('row').filter({ hasText: QUEUE_LABEL })
    await row.waitFor({ timeout: 10_000 })
    const cells = await row.getByRole('cell').allTextContents()
    expect(cells.slice(0, 2)).toEqual(['Bekleyen arayan', '4'])
    expect(cells[2]).toContain('≥ 4')
    expect(cells[5]).toMatch(/^\d+:\d\d$/)
    expect(mudur.problems).toEqual([])
    expect(tv.problems).toEqual([])
  })

  it('an admin sets a queue’s alert hours in Yönetim › Eşikler; a missing time is said at the field', async () => {
    const admin = await browser.newPage()
    await signIn(admin.page, live.pano.url, 'admin', '/wallboard')
    await admin.page.goto(`${live.pano.url}/yonetim?bolum=esikler`)
    const form = admin.page.getByRole('form', { name: `${QUEUE_LABEL} uyarı kuralları` })
    const name = `${QUEUE_LABEL} Bekleyen arayan`
    // The demo turns the call centre's waiting alert on.
    expect(await form.getByRole('checkbox', { name: `${name} uyarısı açık` }).isChecked()).toBe(true)
    await form.getByLabel(`${name} saatleri`).selectOption({ label: 'Her gün şu saatler arasında' })
    await form.getByRole('button', { name: 'Kuralları kaydet' }).click()
    await form
      .getByText('Saat aralığı için başlangıç ve bitiş saatini yazın.')
      .first()
      .waitFor({ timeout: 5_000 })

    // Typed as SS:DD like every time field (not the browser's own, which may read 08:00 AM); digits
    // alone are read, a time not on the clock is refused at its field before anything is sent.
    const from = form.getByLabel(`${name} başlangıç saati`)
    const to = form.getByLabel(`${name} bitiş saati`)
    expect(await from.getAttribute('type')).toBeNull()
    await from.fill('2000')
    await to.fill('8')
    await form.getByRole('button', { name: 'Kuralları kaydet' }).click()
    await form.getByText(TIME_FORMAT_MESSAGE).waitFor({ timeout: 5_000 })
    expect(await to.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(() =>
        admin.page.evaluate<string | undefined>(
          'document.activeElement?.getAttribute("aria-label") ?? undefined',
        ),
      )
      .toBe(`${name} bitiş saati`)
    expect(await from.inputValue()).toBe('20:00')

    // The same time at both ends is no window: refused at the end time, and nothing is saved.
    await to.fill('20:00')
    await form.getByRole('button', { name: 'Kuralları kaydet' }).click()
    await form
      .locator('[data-field-error]')
      .filter({ hasText: SAME_TIMES_MESSAGE })
      .waitFor({ timeout: 5_000 })
    expect(await to.getAttribute('aria-invalid')).toBe('true')
    expect(await admin.page.getByText('uyarı kuralları kaydedildi').count()).toBe(0)

    await to.fill('0800')
    await form.getByLabel(`${name} sessiz süre (dakika)`).fill('45')
    await form.getByRole('button', { name: 'Kuralları kaydet' }).click()
    await admin.page
      .getByRole('status')
      .filter({ hasText: `“${QUEUE_LABEL}” uyarı kuralları kaydedildi.` })
      .waitFor({ timeout: 5_000 })
    await admin.page.reload()
    expect(await admin.page.getByLabel(`${name} başlangıç saati`).inputValue()).toBe('20:00')
    expect(await admin.page.getByLabel(`${name} bitiş saati`).inputValue()).toBe('08:00')
    expect(await admin.page.getByLabel(`${name} sessiz süre (dakika)`).inputValue()).toBe('45')
    await form.screenshot({ path: `${SCREENSHOTS}/queue-alert-rules.png` })
    expect(admin.problems).toEqual([])
  })
})

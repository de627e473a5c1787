/**
 * Yönetim's wallboard controls in Chromium against the PBX simulator: an admin's threshold change turns
 * an already open müdür board's tile red and back without a reload; a TV token made in the UI opens the
 * kiosk board, and revoking it takes the open TV's access away and refuses new visits; the müdür
 * pauses an agent from the agent board with a reason, unpauses her, and sees why when the PBX is down.
 */
import type { Page } from 'playwright-core'
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
  tile,
  tileAtLevel,
} from '../support/wallboard-live.ts'

/** What a wall TV whose link was revoked says: what to ask for, and from whom (nobody there can sign in). */
const REFUSED =
  'Bu TV bağlantısı iptal edilmiş ya da süresi dolmuş. Yeni bir bağlantı için panoları yöneten kişiye başvurun (Panolar › TV bağlantıları).'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  ;({ live, browser } = await startLiveBoards())
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

async function openAdmin(page: Page, section: 'Eşikler' | 'TV bağlantıları'): Promise<void> {
  await signIn(page, live.pano.url, 'admin', '/wallboard')
  await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Yönetim' }).click()
  await page.waitForURL((url) => url.pathname === '/yonetim')
  await page
    .getByRole('navigation', { name: 'Yönetim bölümleri' })
    .getByRole('link', { name: section })
    .click()
}

/** Fills the waiting-callers limits of the call centre queue and saves them. */
async function saveWaitingLimits(page: Page, amber: number, red: number): Promise<void> {
  const form = page.getByRole('form', { name: `${QUEUE_LABEL} eşikleri` })
  await form.getByLabel(`${QUEUE_LABEL} Bekleyen arayan sarı`).fill(String(amber))
  await form.getByLabel(`${QUEUE_LABEL} Bekleyen arayan kırmızı`).fill(String(red))
  await form.getByRole('button', { name: 'Kaydet' }).click()
  await page
    .getByRole('status')
    .filter({ hasText: `“${QUEUE_LABEL}” eşikleri kaydedildi` })
    .waitFor({ timeout: 5_000 })
}

describe('wallboard administration', () => {
  it('a threshold saved in Yönetim turns the open board’s tile red, and back when it is reset', async () => {
    const board = await browser.newPage({ viewport: FULL_HD })
    await signIn(board.page, live.pano.url, 'mudur', '/wallboard')
    const waiting = tile(board.page, 'Bekleyen')

    // One caller nobody answers: the board shows 1 waiting, within the default limits (3 / 6).
    const caller = live.sim.placeCall({
      queue: QUEUE,
      callerNumber: '05321112233',
      answer: false,
      patienceMs: 50_000,
    })
    await waiting
      .locator('.value')
      .filter({ hasText: /^\s*1\s*$/ })
      .waitFor({ timeout: 5_000 })
    await tileAtLevel(waiting, 'ok', 2_000)

    const admin = await browser.newPage()
    await openAdmin(admin.page, 'Eşikler')
    await saveWaitingLimits(admin.page, 1, 1)
    await tileAtLevel(waiting, 'alarm', 3_000)
    expect(await waiting.locator('.threshold').textContent()).toContain('kırmızı ≥ 1')
    await board.page.screenshot({ path: `${SCREENSHOTS}/wallboard-threshold-red-1920x1080.png` })

    // Reset to the defaults: the same board goes back, still without a reload.
    await saveWaitingLimits(admin.page, 3, 6)
    await tileAtLevel(waiting, 'ok', 3_000)
    expect(await waiting.locator('.threshold').textContent()).toContain('kırmızı ≥ 6')
    // The admin's form shows what is stored, also after opening Yönetim again.
    await admin.page.reload()
    expect(await admin.page.getByLabel(`${QUEUE_LABEL} Bekleyen arayan kırmızı`).inputValue()).toBe('6')

    live.sim.hangup(caller.channel)
    await waiting
      .locator('.value')
      .filter({ hasText: /^\s*0\s*$/ })
      .waitFor({ timeout: 5_000 })
    expect(board.problems).toEqual([])
    expect(admin.problems).toEqual([])
  })

  it('a TV token made in Yönetim opens the kiosk board; revoking it closes the open TV and new visits', async () => {
    const admin = await browser.newPage()
    await openAdmin(admin.page, 'TV bağlantıları')
    const tvName = 'Koridor TV'
    await admin.page.getByLabel("TV'nin adı").fill(tvName)
    await admin.page.getByRole('checkbox', { name: 'Temsilci panosu' }).check()
    // The menu and the section say the same name, and the boards are named as the TV titles them.
    expect(await admin.page.getByRole('heading', { name: 'TV bağlantıları' }).count()).toBe(1)
    expect(await admin.page.getByRole('checkbox', { name: 'Müdürlüklere göre gecikenler' }).count()).toBe(1)
    await admin.page.getByRole('button', { name: 'Bağlantı oluştur' }).click()
    const shown = admin.page.getByTestId('kiosk-url')
    await shown.waitFor({ timeout: 5_000 })
    // Focus goes on to the new link (not lost on the page), selected and ready to copy.
    await expect
      .poll(() => admin.page.evaluate<string | null>('document.activeElement?.getAttribute("aria-label")'))
      .toBe('TV bağlantısı')
    const address = new URL(await shown.inputValue())
    await admin.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: live.pano.url })
    await admin.page.getByRole('button', { name: 'Kopyala' }).click()
    await admin.page.getByText('Bağlantı panoya kopyalandı.').waitFor()
    expect(await admin.page.evaluate<string>('navigator.clipboard.readText()')).toBe(address.href)
    expect(address.pathname).toBe('/pano/tv')
    const token = address.searchParams.get('token') ?? ''
    expect(token.length).toBeGreaterThanOrEqual(16)
    const row = admin.page.getByRole('row').filter({ hasText: tvName })
    await row.filter({ hasText: 'Geçerli' }).waitFor({ timeout: 5_000 })
    expect(await row.textContent()).toContain('Kuyruk panosu, Temsilci panosu')
    // A second active link of the same name (any case) is refused at the name field.
    await admin.page.getByLabel("TV'nin adı").fill('koridor tv')
    await admin.page.getByRole('button', { name: 'Bağlantı oluştur' }).click()
    await admin.page
      .locator('#tv-label-error')
      .filter({ hasText: 'adında bir TV bağlantısı zaten var' })
      .waitFor({ timeout: 5_000 })
    expect(await admin.page.getByLabel("TV'nin adı").getAttribute('aria-invalid')).toBe('true')
    expect(
      await admin.page
        .getByRole('row')
        .filter({ hasText: /koridor tv/i })
        .count(),
    ).toBe(1)
    expect(await shown.inputValue()).toBe(address.href)

    const tv = await browser.newPage({ viewport: FULL_HD })
    await tv.page.goto(address.href)
    await tile(tv.page, 'Bekleyen').waitFor({ timeout: 10_000 })
    await tv.page.getByText(tvName).waitFor({ timeout: 5_000 })
    await tv.page.getByTestId('stale-banner').waitFor({ state: 'detached', timeout: 10_000 })

    // Revoking cannot be undone: it asks first.
    await row.getByRole('button', { name: 'İptal et' }).click()
    await admin.page.getByRole('dialog').getByRole('button', { name: 'Bağlantıyı iptal et' }).click()
    await row.filter({ hasText: 'İptal edildi' }).waitFor({ timeout: 5_000 })
    // The token is shown once only: after revoking, it is nowhere on the admin's page.
    expect(await admin.page.locator('body').textContent()).not.toContain(token)

    // The open TV is told, and stops showing the board.
    await tv.page.getByText(REFUSED).waitFor({ timeout: 10_000 })
    await tile(tv.page, 'Bekleyen').waitFor({ state: 'detached', timeout: 5_000 })
    // No board is left to call "old": the banner says the screen has no access.
    expect(await tv.page.getByTestId('stale-banner').textContent()).toContain('Bu ekranın erişim izni yok')
    await tv.page.screenshot({ path: `${SCREENSHOTS}/tv-revoked-1920x1080.png` })

    const again = await browser.newPage({ viewport: FULL_HD })
    await again.page.goto(address.href)
    await again.page.getByText(REFUSED).waitFor({ timeout: 10_000 })
    expect(await tile(again.page, 'Bekleyen').count()).toBe(0)
    expect([...admin.problems, ...tv.problems, ...again.problems]).toEqual([])
  })

  it('the müdür pauses an agent with a reason from the agent board and takes her out of the pause', async () => {
    const { page, problems } = await browser.newPage({ viewport: FULL_HD })
    await signIn(page, live.pano.url, 'mudur', '/wallboard')
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    const agent = 'Mehmet Öztürk'
    const row = page.locator(`tr[data-agent="${agent}"]`)
    const state = row.locator('td.state')
    await state.filter({ hasText: 'Müsait' }).waitFor({ timeout: 5_000 })

    // By keyboard: choose the reason in the select, then Enter on the button.
    const reason = row.getByLabel(`${agent} için mola nedeni`)
    await reason.selectOption({ label: 'Geri arama listesi' })
    await row.getByRole('button', { name: 'Molaya al' }).press('Enter')
    await state.filter({ hasText: /Molada\s*·\s*Geri arama listesi/ }).waitFor({ timeout: 5_000 })
    expect(await row.getByRole('status').textContent()).toContain('Molaya alındı.')
    // The queue board counts her among the paused, with the reason.
    await page.getByRole('tab', { name: 'Kuyruk panosu' }).click()
    await page
      .locator(`[data-queue="${QUEUE}"] [data-agents="paused"]`)
      .filter({ hasText: /^\s*1 molada \(Geri arama listesi 1\)\s*$/ })
      .waitFor({ timeout: 5_000 })
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    await page.screenshot({ path: `${SCREENSHOTS}/wallboard-agent-paused-1920x1080.png` })

    await row.getByRole('button', { name: 'Moladan çıkar' }).click()
    await state.filter({ hasText: /^\s*Müsait\s*$/ }).waitFor({ timeout: 5_000 })
    expect(await row.getByRole('status').textContent()).toContain('Moladan çıkarıldı.')

    // With the PBX gone, the action fails and the row says so in words; the board warns as well.
    await live.sim.stopPbx()
    try {
      await page.getByTestId('stale-banner').waitFor({ timeout: 10_000 })
      await row.getByRole('button', { name: 'Molaya al' }).click()
      // "Cannot reach the PBX, nothing was done": not a refusal, and not "check your own connection".
      const error = row
        .getByRole('status')
        .filter({ hasText: 'Mola verilemedi: santrale ulaşılamıyor (bağlantı yok); işlem yapılmadı.' })
      await error.waitFor({ timeout: 5_000 })
      expect(await error.getAttribute('class')).toContain('error')
      expect(await state.textContent()).not.toContain('Molada')
    } finally {
      await live.sim.startPbx()
    }
    await live.untilLive()
    await page.getByTestId('stale-banner').waitFor({ state: 'detached', timeout: 15_000 })
    expect(problems).toEqual([])
  })
})

/**
 * A working day at each screen, in Chromium at 1920×1080 and 1366×768 against the whole app and the PBX
 * simulator (one server and one browser for the file, simulated time 4× faster):
 * - the agent's live call is first and alone after a reload with ten finished calls waiting for a wrap-up;
 * - a ring is announced on another screen and in the tab title;
 * - with two operators talking, the console picks only the operator's own call, never a colleague's,
 *   also right after a transfer;
 * - a refused form shows the server's reason at the field it concerns, and clears the old message;
 * - the board's tiles add up to Gelen, and Raporlar's "Bugün" says the same;
 * - the TV view fits one screen at both sizes, signed in and as a kiosk.
 */
import { mkdir } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { signIn } from '../support/wallboard-live.ts'
import { startLivePano, until, type LivePano } from '../integration/realtime/live-harness.ts'

const SHOTS = 'test-results'
const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1366, height: 768 },
] as const
const AGENT1 = 'Local/1001@agents/n'
const AGENT2 = 'Local/1002@agents/n'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[live, browser] = await Promise.all([
    startLivePano({ clientDir: CLIENT_DIR, sim: { speed: 4 }, env: { BROADCAST_INTERVAL_MS: '50' } }),
    launchBrowser(),
  ])
  await mkdir(SHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

const tag = (size: { width: number }) => `${size.width}`

/** Ten calls answered and ended on agent1's phone, then one it is still talking on. */
async function agentDay(): Promise<void> {
  for (let i = 0; i < 10; i++)
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: `0532100000${i}`,
      ringMember: AGENT1,
      answer: 200,
      talkMs: 400,
    })
  await until(
    () => live.sim.groundTruth().calls.filter((c) => c.callerNumber.includes('532100000')),
    (calls) => calls.length === 10 && calls.every((c) => c.endedAt !== undefined),
    'ten calls answered and ended',
    60_000,
  )
  live.sim.placeCall({
    queue: 'cagri-merkezi',
    callerNumber: '05329998877',
    ringMember: AGENT1,
    answer: 200,
    talkMs: 3_600_000,
  })
}

async function pageAt(size: (typeof SIZES)[number], user: string, landing: string) {
  const opened = await browser.newPage({ viewport: size })
  await signIn(opened.page, live.pano.url, user, landing)
  return opened
}

describe('the agent at the desk', () => {
  beforeAll(agentDay, 90_000)

  it('sees the live call first and alone after a reload, the ten wrap-ups folded and counted', async () => {
    let waiting = 10
    for (const size of SIZES) {
      const { page, problems } = await pageAt(size, 'agent1', '/masa')
      const pops = page.locator('article[data-pop]')
      await pops.locator('[data-phase="talking"]').waitFor({ timeout: 15_000 })
      await page.reload()
      await pops.locator('[data-phase="talking"]').waitFor({ timeout: 15_000 })
      expect(await pops.count()).toBe(1)
      expect(await pops.first().locator('.number').textContent()).toBe('0532 999 88 77')
      const folded = page.locator('[data-pending-wrap-ups]')
      await expect.poll(() => folded.getAttribute('data-pending-wrap-ups')).toBe(String(waiting))
      expect(await folded.getAttribute('open')).toBeNull()
      // The call's header is on the first screen, without scrolling.
      const box = await pops.first().boundingBox()
      expect(box?.y ?? Infinity).toBeLessThan(size.height - 120)
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        size.width,
      )
      await page.screenshot({ path: `${SHOTS}/day-desk-${tag(size)}.png` })
      // A folded call can be coded in one line.
      await folded.locator('summary').click()
      const first = folded.locator('li[data-wrap-up]').first()
      await first.getByRole('combobox').selectOption({ label: 'Bilgi verildi' })
      await first.getByRole('button', { name: 'Kaydet' }).click()
      waiting--
      await expect.poll(() => folded.getAttribute('data-pending-wrap-ups')).toBe(String(waiting))
      // The coded line is gone, and focus with it: the desk says what was saved and the keyboard is there.
      await page
        .getByRole('status')
        .filter({ hasText: 'Kaydedildi:' })
        .filter({ hasText: 'Bilgi verildi.' })
        .waitFor()
      await expect
        .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
        .toMatch(/^Kaydedildi: .+ · Bilgi verildi\.$/)
      expect(problems).toEqual([])
      await page.context().close()
    }
  })

  it('hears a ring while on Talepler: a strip on the screen and the tab title', async () => {
    for (const size of SIZES) {
      const { page, problems } = await pageAt(size, 'agent2', '/masa')
      await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Talepler' }).click()
      await page.waitForURL((url) => url.pathname === '/talepler')
      const placed = live.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: '05321234000',
        ringMember: AGENT2,
        // 9 s of ringing in simulated time: a little over 2 s here.
        answer: 9_000,
        talkMs: 400,
      })
      const strip = page.locator('[data-ringing="desk"]')
      await strip.waitFor({ timeout: 10_000 })
      const [text, title] = await Promise.all([strip.textContent(), page.title()])
      expect(text).toContain('0532 123 40 00')
      expect(await strip.getByRole('link', { name: 'Çağrı Masası’na git' }).count()).toBe(1)
      expect(title).toMatch(/^☎ Telefonunuz çalıyor: 0532 123 40 00/)
      // Answered: the strip and the title go back to normal.
      await strip.waitFor({ state: 'detached', timeout: 10_000 })
      await expect.poll(() => page.title()).toBe('Talepler · Pano')
      await until(
        () => live.sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid),
        (c) => c?.endedAt !== undefined,
        'the call to end',
        30_000,
      )
      expect(problems).toEqual([])
      await page.context().close()
    }
  })
})

describe('two operators talking', () => {
  it('each console picks only its own call, also right after a transfer', async () => {
    for (const size of SIZES) {
      const [mine, theirs] = ['05325550001', '05325550002'].map((n, i) =>
        live.sim.placeCall({
          queue: 'santral',
          callerNumber: n,
          ringMember: i === 0 ? 'Local/3001@operators/n' : 'Local/3002@operators/n',
          answer: 200,
          talkMs: 3_600_000,
        }),
      )
      const { page, problems } = await pageAt(size, 'santral1', '/santral')
      const card = (linkedid: string | undefined) => page.locator(`li[data-call$="/${linkedid}"]`)
      await card(theirs?.linkedid).getByText('Görüşmede').waitFor({ timeout: 15_000 })
      await card(mine?.linkedid).getByText('Görüşmede').waitFor({ timeout: 15_000 })
      const target = page.locator('p.target')
      await expect.poll(() => target.textContent()).toContain('0532 555 00 01')
      expect(await card(theirs?.linkedid).locator('button.pick').isDisabled()).toBe(true)
      expect(await card(theirs?.linkedid).textContent()).toContain('başka operatörde')
      await page.screenshot({ path: `${SHOTS}/day-santral-${tag(size)}.png` })

      // Transfer mine with the keyboard; the next Enter must not move the colleague's caller.
      const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
      await search.fill('zab')
      // As the operator does: Enter once the line it will use is named under the search box.
      await expect
        .poll(() => page.locator('[data-directory-target]').textContent())
        .toContain('Zabıta Müdürlüğü (2002)')
      await search.press('Enter')
      await page.getByText('Zabıta Müdürlüğü (2002) dahilisine aktarıldı').waitFor()
      await expect.poll(() => target.textContent()).toContain('Aktarılacak çağrı yok')
      await search.press('Enter')
      await new Promise((r) => setTimeout(r, 500))
      const moved = live.sim.groundTruth().calls.find((c) => c.linkedid === theirs?.linkedid)
      expect(moved?.transfer).toBeUndefined()
      for (const c of live.sim.channels().filter((n) => n.startsWith('Local/3002@operators')))
        live.sim.hangup(c)
      expect(problems).toEqual([])
      await page.context().close()
    }
  })
})

describe('a refused form', () => {
  it("shows the server's reason under the field and clears it, with the old message, on the next try", async () => {
    for (const size of SIZES) {
      const { page, problems } = await pageAt(size, 'agent1', '/masa')
      await page.goto(`${live.pano.url}/talepler`)
      await page.getByRole('tab', { name: 'Vatandaşlar' }).click()
      const form = page.getByRole('form', { name: 'Vatandaş kaydı' })
      await form.getByLabel('Ad soyad').fill(`Deneme Kişi ${size.width}`)
      await form.getByLabel('Telefon(lar), virgülle').fill('abc')
      await form.getByRole('button', { name: 'Kaydet' }).click()
      const phoneError = form.locator('[data-field-error="c-phone"]')
      await phoneError.waitFor()
      expect(await phoneError.textContent()).toContain('Numara rakam içermiyor')
      expect(await form.getByLabel('Telefon(lar), virgülle').getAttribute('aria-invalid')).toBe('true')
      await page.screenshot({ path: `${SHOTS}/day-field-error-${tag(size)}.png` })

      await form
        .getByLabel('Telefon(lar), virgülle')
        .fill(`0532 777 ${size.width % 100} 1${size.height % 10}`)
      await form.getByRole('button', { name: 'Kaydet' }).click()
      await form.getByRole('status').filter({ hasText: 'Kaydedildi' }).waitFor()
      expect(await phoneError.count()).toBe(0)
      expect(await form.getByRole('alert').count()).toBe(0)

      // Raporlar: a reversed range says why at "Bitiş", and the report shown before stays.
      const mudur = await pageAt(size, 'mudur', '/wallboard')
      await mudur.page.goto(`${live.pano.url}/raporlar`)
      await mudur.page.locator('[data-summary="offered"]').waitFor()
      await mudur.page.getByLabel('Başlangıç').fill('10.12.2026')
      await mudur.page.getByLabel('Bitiş').fill('01.12.2026')
      await mudur.page.getByRole('button', { name: 'Göster', exact: true }).click()
      const toError = mudur.page.locator('[data-field-error="r-to"]')
      await toError.waitFor()
      expect(await toError.textContent()).toContain('Bitiş tarihi başlangıçtan önce olamaz')
      expect(await mudur.page.locator('[data-summary="offered"]').count()).toBe(1)
      expect([...problems, ...mudur.problems]).toEqual([])
      await page.context().close()
      await mudur.page.context().close()
    }
  })
})

/** Integer values of one queue's balance tiles, by label. */
async function balanceOf(page: Page, queue: string): Promise<Record<string, number>> {
  const tiles = page.locator(`[data-queue="${queue}"] [data-balance] [data-metric]`)
  const out: Record<string, number> = {}
  for (const tile of await tiles.all()) {
    const label = (await tile.getAttribute('data-metric')) ?? ''
    out[label] = Number(((await tile.locator('.value').textContent()) ?? '').replace(/\./g, ''))
  }
  return out
}

/** How the TV view sits in the window (run in the page). */
const TV_FIT = `(() => {
  const doc = document.documentElement
  const boxes = [...document.querySelectorAll('main.tv [data-queue], main.tv [data-agent]')].map((e) =>
    e.getBoundingClientRect())
  const sizes = [...document.querySelectorAll('main.tv .value, main.tv .state')].map((e) =>
    parseFloat(getComputedStyle(e).fontSize))
  // A figure running past its tile's edge (the tile cuts it: "%100" read "%10").
  const clipped = [...document.querySelectorAll('main.tv [data-queue] .tile .value')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.textContent)
  return {
    clipped,
    over: Math.max(doc.scrollHeight - innerHeight, doc.scrollWidth - innerWidth),
    outside: boxes.filter((b) => b.bottom > innerHeight + 0.5 || b.right > innerWidth + 0.5).length,
    nav: document.querySelectorAll('nav').length,
    smallest: Math.min(...sizes),
  }
})()`

describe('the müdür’s boards', () => {
  it("adds the tiles up to Gelen, and Raporlar's today says the same", async () => {
    for (const size of SIZES) {
      const { page, problems } = await pageAt(size, 'mudur', '/wallboard')
      await page.locator('[data-queue="cagri-merkezi"] [data-balance]').waitFor({ timeout: 15_000 })
      let offered = 0
      for (const queue of ['cagri-merkezi', 'santral']) {
        const b = await balanceOf(page, queue)
        const parts = ['Cevaplanan', 'Terk', 'Zaman aşımı', 'Diğer çıkış', 'Kuyrukta'].map((k) => b[k] ?? NaN)
        expect(
          parts.reduce((n, v) => n + v, 0),
          queue,
        ).toBe(b['Gelen'])
        offered += b['Gelen'] ?? 0
      }
      expect(offered).toBeGreaterThan(10)
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        size.width,
      )
      await page.screenshot({ path: `${SHOTS}/day-board-${tag(size)}.png`, fullPage: true })

      const report = await pageAt(size, 'mudur', '/wallboard')
      await report.page.goto(`${live.pano.url}/raporlar`)
      const cell = report.page.locator('[data-summary="offered"] dd')
      await cell.waitFor()
      expect(Number(((await cell.textContent()) ?? '').replace(/\./g, ''))).toBe(offered)
      expect([...problems, ...report.problems]).toEqual([])
      await page.context().close()
      await report.page.context().close()
    }
  })

  it('the TV view fits one screen at both sizes, signed in and as a kiosk', async () => {
    const { token } = await live.kioskToken(['queues', 'agents'])
    for (const size of SIZES) {
      const { page, problems } = await pageAt(size, 'mudur', '/wallboard')
      const addresses = ['/pano/tv?pano=kuyruk', '/pano/tv?pano=temsilci', `/pano/tv?token=${token}`]
      for (const address of addresses) {
        await page.goto(`${live.pano.url}${address}`)
        await page.locator('main.tv').waitFor()
        await page.locator('main.tv [data-queue], main.tv [data-agent]').first().waitFor({ timeout: 15_000 })
        const fit = await page.evaluate<{
          clipped: string[]
          over: number
          outside: number
          nav: number
          smallest: number
        }>(TV_FIT)
        expect(fit, `${address} at ${size.width}`).toMatchObject({ clipped: [], over: 0, outside: 0, nav: 0 })
        // Numbers and states stay readable across a room even at 1366×768.
        expect(fit.smallest, `${address} at ${size.width}`).toBeGreaterThanOrEqual(16)
        await page.screenshot({
          path: `${SHOTS}/day-tv-${tag(size)}-${address.includes('token') ? 'kiosk' : address.slice(-5)}.png`,
        })
      }
      expect(problems).toEqual([])
      await page.context().close()
    }
  })
})

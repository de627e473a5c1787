/**
 * The müdür's wallboard in Chromium against the PBX simulator: a call appears as waiting and then as
 * answered within 2 s of the simulator event; a PBX that goes down turns the board stale, and it resyncs
 * when the PBX is back. Average call durations read m:ss, as on Raporlar. A santral call moved on to a
 * unit while it still rang shows on the santral queue as "Çalarken aktarılan", apart from the operators'
 * answered calls, on the board and on the TV. Screenshots of the queue
 * board, the agent board and the TV view at 1920×1080 go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { holdAnswers, launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { startLivePano, type LivePano } from '../integration/realtime/live-harness.ts'
import { signIn } from '../support/wallboard-live.ts'
import type { SwitchboardSnapshot } from '../../server/contract/switchboard.ts'
import { DEMO_PBX_ID } from '../../telephony/index.ts'

const SCREENSHOTS = 'test-results'
const FULL_HD = { width: 1920, height: 1080 }
const STALE = 'Bağlantı koptu — veriler eski'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[live, browser] = await Promise.all([
    startLivePano({ clientDir: CLIENT_DIR, env: { BROADCAST_INTERVAL_MS: '100' } }),
    launchBrowser(),
  ])
  await mkdir(SCREENSHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

const tile = (page: Page, queue: string, metric: string) =>
  page.locator(`[data-queue="${queue}"] [data-metric="${metric}"] .value`)

async function tileNumber(page: Page, queue: string, metric: string): Promise<number> {
  return Number(await tile(page, queue, metric).textContent())
}

/** Waits (up to `timeoutMs`) until the tile shows `expected`. */
async function tileShows(page: Page, queue: string, metric: string, expected: string, timeoutMs: number) {
  await shows(page, `[data-queue="${queue}"] [data-metric="${metric}"] .value`, expected, timeoutMs)
}

async function shows(page: Page, selector: string, expected: string | RegExp, timeoutMs: number) {
  const text = typeof expected === 'string' ? new RegExp(`^\\s*${expected}\\s*$`) : expected
  await page.locator(selector).filter({ hasText: text }).waitFor({ timeout: timeoutMs })
}

describe('wallboard', () => {
  it('shows a call waiting, then answered, goes stale without the PBX and resyncs when it is back', async () => {
    const { page, problems } = await browser.newPage({ viewport: FULL_HD })
    await signIn(page, live.pano.url, 'mudur', '/wallboard')
    await tile(page, 'cagri-merkezi', 'Bekleyen').waitFor({ timeout: 10_000 })
    const answeredBefore = await tileNumber(page, 'cagri-merkezi', 'Cevaplanan')
    expect(await tileNumber(page, 'cagri-merkezi', 'Bekleyen')).toBe(0)

    const ANSWER_AFTER_MS = 3_000
    const TALK_MS = 5_000
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05327654321',
      answer: ANSWER_AFTER_MS,
      talkMs: TALK_MS,
    })
    await tileShows(page, 'cagri-merkezi', 'Bekleyen', '1', 2_000)
    // The longest wait ticks in the browser between updates.
    await shows(
      page,
      `[data-queue="cagri-merkezi"] [data-metric="En uzun bekleme (şu an)"] .value`,
      /^\s*0:0[1-9]\s*$/,
      2_500,
    )
    // Answered at AgentConnect (docs/design.md §2.3): the agent is on the call and the call counts as answered
    // in the same update, while the caller is still talking.
    await shows(page, `[data-queue="cagri-merkezi"] [data-agents="onCall"] b`, '1', ANSWER_AFTER_MS + 2_000)
    await tileShows(page, 'cagri-merkezi', 'Cevaplanan', String(answeredBefore + 1), 1_000)
    await tileShows(page, 'cagri-merkezi', 'Bekleyen', '0', 2_000)
    // The averages are call durations, written m:ss as on Raporlar and named in Turkish, in the tile, its
    // tooltip and the formula line alike.
    await shows(
      page,
      `[data-queue="cagri-merkezi"] [data-metric="Ort. cevaplama süresi"] .value`,
      /^\s*\d+:\d\d\s*$/,
      2_000,
    )
    const asa = page.locator('[data-queue="cagri-merkezi"] [data-metric="Ort. cevaplama süresi"]')
    expect(await asa.getAttribute('title')).toMatch(/^Ortalama cevaplama süresi: /)
    const aht = page.locator('[data-queue="cagri-merkezi"] [data-metric="Ort. işlem süresi"]')
    expect(await aht.getAttribute('title')).toMatch(/^Ortalama işlem süresi: /)
    const card = page.locator('[data-queue="cagri-merkezi"]')
    expect(await card.locator('.formula').textContent()).toMatch(/^Formül: Servis seviyesi = \d+ sn içinde /)
    const titles = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-queue="cagri-merkezi"] [title]')].map((e) => e.getAttribute('title'))`,
    )
    expect([await card.textContent(), ...titles].join(' ')).not.toMatch(
      /\b(SL|ASA|AHT)\b|average|speed of answer|handle time/,
    )
    await page.screenshot({ path: `${SCREENSHOTS}/wallboard-queues-1920x1080.png` })

    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    await page.getByRole('table').waitFor()
    await page.getByRole('row').filter({ hasText: 'Ayşe Yılmaz' }).waitFor({ timeout: 2_000 })
    // Sortable by keyboard: the heading's button takes Enter.
    await page.getByRole('button', { name: /Cevaplanan/ }).press('Enter')
    expect(await page.getByRole('columnheader', { name: /Cevaplanan/ }).getAttribute('aria-sort')).not.toBe(
      'none',
    )
    await page.screenshot({ path: `${SCREENSHOTS}/wallboard-agents-1920x1080.png` })
    await page.getByRole('tab', { name: 'Kuyruk panosu' }).click()

    await live.sim.stopPbx()
    await page.getByText(STALE).waitFor({ timeout: 10_000 })
    expect(await page.getByRole('alert').textContent()).toContain('Santral bağlantısı yok')

    await live.sim.startPbx()
    await page.getByText(STALE).waitFor({ state: 'detached', timeout: 15_000 })
    // Resynced: the restarted PBX has no calls, and a new one shows up live again.
    await tileShows(page, 'cagri-merkezi', 'Bekleyen', '0', 2_000)
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321239876',
      answer: false,
      patienceMs: 4_000,
    })
    await tileShows(page, 'cagri-merkezi', 'Bekleyen', '1', 2_000)
    expect(await tileNumber(page, 'cagri-merkezi', 'Cevaplanan')).toBeGreaterThanOrEqual(answeredBefore + 1)
    expect(problems).toEqual([])
  })

  it('keeps the chosen board in the address: reload, Back and Forward, a bookmark, the arrow keys', async () => {
    const { page, problems } = await browser.newPage({ viewport: FULL_HD })
    await signIn(page, live.pano.url, 'mudur', '/wallboard')
    const selected = () => page.locator('[role="tab"][aria-selected="true"]').textContent()
    const address = () => new URL(page.url()).pathname + new URL(page.url()).search
    await expect.poll(selected).toBe('Kuyruk panosu')

    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    await expect.poll(address).toBe('/wallboard?pano=temsilci')
    await page.getByRole('table').waitFor()
    // The arrow keys still move between the boards, the keyboard with them, and the address follows.
    await page.getByRole('tab', { name: 'Temsilci panosu' }).press('ArrowRight')
    await expect.poll(address).toBe('/wallboard?pano=cagrilar')
    await expect.poll(selected).toBe('Canlı çağrılar')
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toBe('Canlı çağrılar')

    await page.keyboard.press('ArrowRight')
    await expect.poll(address).toBe('/wallboard?pano=geciken')

    // Arrowing through the boards is one step of the history, the click's: Back leaves the row of
    // boards for the one before it instead of retracing each board the arrows passed.
    await page.goBack()
    await expect.poll(address).toBe('/wallboard')
    await expect.poll(selected).toBe('Kuyruk panosu')
    await page.goForward()
    await expect.poll(address).toBe('/wallboard?pano=geciken')
    await expect.poll(selected).toBe('Gecikenler')
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    await page.getByRole('table').waitFor()
    await page.goBack()
    await expect.poll(selected).toBe('Gecikenler')
    await page.goForward()
    await expect.poll(selected).toBe('Temsilci panosu')

    // A reload opens the same board, and so does a bookmark of another one.
    await page.reload()
    await expect.poll(selected).toBe('Temsilci panosu')
    await page.getByRole('table').waitFor()
    await page.goto(`${live.pano.url}/wallboard?pano=geciken`)
    await expect.poll(selected).toBe('Gecikenler')
    await page.goto(`${live.pano.url}/wallboard?pano=tv`)
    await expect.poll(selected).toBe('TV bağlantıları')
    expect(problems).toEqual([])
  })

  it('on a slow network: every board of the role from the first frame, a pause only with its reasons', async () => {
    const { context, page, problems } = await browser.newPage({ viewport: FULL_HD })
    await signIn(page, live.pano.url, 'mudur', '/wallboard')
    // The next load's "who am I" and break reasons wait; the live boards come over the socket.
    const release = await holdAnswers(context, /\/api\/v1\/(auth\/me|pause-reasons)$/)
    await page.goto(`${live.pano.url}/wallboard?pano=temsilci`)
    const row = page.getByRole('row').filter({ hasText: 'Ayşe Yılmaz' })
    await row.waitFor({ timeout: 10_000 })
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      'Kuyruk panosu',
      'Temsilci panosu',
      'Canlı çağrılar',
      'Gecikenler',
      'TV bağlantıları',
    ])
    // No pause button yet: pressed now it could only be refused for want of a reason.
    expect(await row.getByRole('button', { name: 'Molaya al' }).count()).toBe(0)
    await page.getByRole('tab', { name: 'Temsilci panosu' }).press('ArrowRight')
    await expect.poll(() => new URL(page.url()).search).toBe('?pano=cagrilar')
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    release()
    await row.getByRole('button', { name: 'Molaya al' }).waitFor()
    expect(await row.getByRole('combobox').inputValue()).not.toBe('')
    expect(problems).toEqual([])
  })

  it('TV kiosk: full screen boards with no personal data, without signing in', async () => {
    const { token } = await live.kioskToken(['queues', 'agents'])
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05329998877',
      callerName: 'Gizli Vatandaş',
      answer: 1_000,
      talkMs: 30_000,
    })
    const { page, problems } = await browser.newPage({ viewport: FULL_HD })
    await page.goto(`${live.pano.url}/pano/tv?token=${encodeURIComponent(token)}`)
    await tile(page, 'cagri-merkezi', 'Servis seviyesi').waitFor({ timeout: 10_000 })
    await page.getByText(STALE).waitFor({ state: 'detached', timeout: 10_000 })
    const text = (await page.locator('body').textContent()) ?? ''
    expect(text).not.toContain('9998877')
    expect(text).not.toContain('Gizli Vatandaş')
    // An average wait reads as the same duration does on every other screen.
    await shows(
      page,
      `[data-queue="cagri-merkezi"] [data-metric="Ort. cevaplama"] .value`,
      /^\s*\d+:\d\d\s*$/,
      2_000,
    )
    // Written requests waiting (docs/intake.md §10): counts per channel, nothing personal.
    expect(await page.getByTestId('tv-written').textContent()).toMatch(/Web \d+.*E-posta \d+.*WhatsApp \d+/)
    // The board still fits the screen with that line above it.
    expect(await page.evaluate<number>('document.documentElement.scrollHeight - window.innerHeight')).toBe(0)
    await page.screenshot({ path: `${SCREENSHOTS}/tv-1920x1080.png` })
    expect(problems).toEqual([])
  })

  it('a santral call moved on while ringing shows as Çalarken aktarılan, on the board and on the TV', async () => {
    const cookie = await live.cookieFor('santral1')
    const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
    const csrfToken = ((await me.json()) as { csrfToken: string }).csrfToken
    const zabita = await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })

    const { page, problems } = await browser.newPage({ viewport: FULL_HD })
    await signIn(page, live.pano.url, 'mudur', '/wallboard')
    await tile(page, 'santral', 'Bekleyen').waitFor({ timeout: 10_000 })
    // A switchboard queue always has the line, so it does not come and go; the call centre has none.
    await tileShows(page, 'santral', 'Çalarken aktarılan', '0', 2_000)
    expect(
      await page.locator('[data-queue="cagri-merkezi"] [data-metric="Çalarken aktarılan"]').count(),
    ).toBe(0)
    // What Cevaplanan counts is said on its tile.
    expect(
      await page.locator('[data-queue="santral"] [data-metric="Cevaplanan"]').getAttribute('title'),
    ).toContain('çalarken birime aktarılan')
    const answeredBefore = await tileNumber(page, 'santral', 'Cevaplanan')

    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321114002',
      ringMember: 'Local/3001@operators/n',
      answer: false,
      talkMs: 60_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await expect
      .poll(async () => {
        const res = await fetch(`${live.pano.url}/api/v1/switchboard`, { headers: { cookie } })
        const s = (await res.json()) as SwitchboardSnapshot
        return s.calls.some((c) => c.key === key && c.state === 'ringing' && c.transferable)
      })
      .toBe(true)
    const res = await fetch(`${live.pano.url}/api/v1/switchboard/transfers`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ call: key, extensionId: zabita.id, kind: 'blind' }),
    })
    expect(res.status).toBe(200)

    await tileShows(page, 'santral', 'Çalarken aktarılan', '1', 10_000)
    await tileShows(page, 'santral', 'Cevaplanan', String(answeredBefore + 1), 2_000)
    expect(
      await page.locator('[data-queue="santral"] [data-metric="Çalarken aktarılan"]').textContent(),
    ).toMatch(new RegExp(`temsilciye\\s+bağlanan: ${answeredBefore}\\)`))

    const { token } = await live.kioskToken(['queues'])
    const tv = await browser.newPage({ viewport: FULL_HD })
    await tv.page.goto(`${live.pano.url}/pano/tv?token=${encodeURIComponent(token)}`)
    await tileShows(tv.page, 'santral', 'Çalarken aktarılan', '1', 10_000)
    expect(await tv.page.evaluate<number>('document.documentElement.scrollHeight - window.innerHeight')).toBe(
      0,
    )
    await tv.page.screenshot({ path: `${SCREENSHOTS}/tv-santral-moved-1920x1080.png` })
    expect(problems).toEqual([])
    expect(tv.problems).toEqual([])
  })
})

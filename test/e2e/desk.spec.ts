/**
 * The Çağrı Masası in Chromium against the PBX simulator: the simulator rings agent1 with a
 * demo citizen's number and the pop shows that citizen and their open ticket within 1 s of the ring;
 * the call is answered, a ticket routed to Fen İşleri is opened from it and the call wrapped up; the demo
 * `fen` user answers it; the agent finds it under "Vatandaşa bildir", clicks to call (the simulator
 * rings the citizen) and records "Ulaşıldı"; the ticket's history shows every step with both calls.
 * Screenshots go to test-results/.
 */
import { mkdir } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TicketDetail, TicketPage } from '../../server/contract/tickets.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { startLivePano, type LivePano } from '../integration/realtime/live-harness.ts'

const SCREENSHOTS = 'test-results'

let live: LivePano
let browser: TestBrowser

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[live, browser] = await Promise.all([startLivePano({ clientDir: CLIENT_DIR }), launchBrowser()])
  await mkdir(SCREENSHOTS, { recursive: true })
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

describe('Çağrı Masası', () => {
  it('pops the caller, opens a ticket from the call, and closes the loop by click-to-call', async () => {
    const agent = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    await signIn(agent.page, 'agent1', '/masa')
    await agent.page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })

    // 1. The phone rings: the pop shows the citizen and their open ticket.
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321112233',
      ringMember: 'Local/1001@agents/n',
      answer: 3_000,
      talkMs: 6_000,
    })
    const pop = agent.page.locator('article[data-pop]')
    await pop.locator('[data-phase="ringing"]').waitFor({ timeout: 5_000 })
    await pop.locator('[data-citizen="Hatice Arslan"]').waitFor({ timeout: 5_000 })
    expect(await pop.locator('[data-citizen="Hatice Arslan"] [data-ticket]').first().textContent()).toContain(
      'Çöp konteyneri boşaltılmadı',
    )
    expect(await pop.locator('.number').textContent()).toBe('0532 111 22 33')
    await agent.page.screenshot({ path: `${SCREENSHOTS}/desk-pop-ringing.png`, fullPage: true })

    // 2. Answered: görüşmede; a ticket routed to Fen İşleri from the call (Alt+T jumps to the form).
    await pop.locator('[data-phase="talking"]').waitFor({ timeout: 10_000 })
    await agent.page.keyboard.press('Alt+KeyT')
    await expect.poll(() => agent.page.locator('[data-field="subject"]:focus').count()).toBe(1)
    const form = pop.getByRole('form', { name: 'Çağrıdan talep' })
    await form.getByLabel('Konu').fill('Sokak lambası yanmıyor')
    await form.getByLabel('Açıklama').fill('Bostanlı 1820. sokaktaki lamba bir haftadır yanmıyor.')
    const unitSelect = form.getByLabel('Birim')
    const fen = await unitSelect.locator('option', { hasText: 'Fen İşleri' }).first().getAttribute('value')
    // The subject names the matter: the form offers Fen İşleri for it, one click chooses it.
    const offer = form.locator('[data-unit-suggestion]').getByRole('button', { name: /Fen İşleri Müdürlüğü/ })
    await offer.waitFor()
    expect(await offer.textContent()).toContain('“sokak lambası”')
    await offer.click()
    expect(await unitSelect.inputValue()).toBe(fen ?? 'none')
    await form.getByRole('button', { name: 'Talep oluştur' }).click()
    const created = pop.getByRole('status').filter({ hasText: 'oluşturuldu' })
    await created.waitFor()
    const number = /\d{4}-\d{6}/.exec((await created.textContent()) ?? '')?.[0] ?? ''
    expect(number).toMatch(/^\d{4}-\d{6}$/)
    // A second ticket on the same call starts empty: not routed where the first one went.
    expect(await unitSelect.inputValue()).toBe('')
    expect(await form.getByLabel('Konu').inputValue()).toBe('')
    await agent.page.screenshot({ path: `${SCREENSHOTS}/desk-pop-talking.png`, fullPage: true })

    // 3. The call ends: wrap-up, saved on the call.
    await pop.locator('[data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await pop.getByLabel('İşlem kodu').selectOption({ label: 'Talep oluşturuldu' })
    await pop.getByRole('button', { name: 'Kaydet ve kapat' }).click()
    await pop.waitFor({ state: 'detached' })

    // 4. Fen İşleri sees the ticket and answers it.
    const unit = await browser.newPage()
    await signIn(unit.page, 'fen', '/talepler')
    const row = unit.page.locator(`tr[data-ticket="${number}"]`)
    await row.waitFor()
    await row.getByRole('link', { name: number }).click()
    await unit.page.getByLabel('Birim yanıtı').fill('Lamba 5 Mart’ta değiştirildi.')
    await unit.page.getByRole('button', { name: 'Yanıtla' }).click()
    await expect.poll(() => unit.page.getByTestId('ticket-status').textContent()).toBe('Yanıtlandı')

    // 5. "Vatandaşa bildir" on the desk: click-to-call rings the citizen, then the outcome.
    await agent.page.keyboard.press('Alt+KeyB')
    const card = agent.page.locator(`li[data-notify="${number}"]`)
    await card.waitFor()
    expect(await card.textContent()).toContain('Lamba 5 Mart’ta değiştirildi.')
    const originatesBefore = live.sim.groundTruth().originates.length
    await card.getByRole('button', { name: 'Ara' }).click()
    await card.locator('[data-call-state="connected"]').waitFor({ timeout: 10_000 })
    const rung = live.sim.groundTruth().originates.slice(originatesBefore)
    expect(rung.map((o) => o.number)).toEqual(['05321112233'])
    expect(rung[0]?.channel).toBe('Local/1001@agents')
    await agent.page.screenshot({ path: `${SCREENSHOTS}/desk-click-to-call.png`, fullPage: true })
    await card.getByRole('button', { name: 'Ulaşıldı' }).click()
    await agent.page.getByRole('dialog').getByRole('button', { name: 'Ulaşıldı, talebi kapat' }).click()
    await card.waitFor({ state: 'detached' })

    // 6. The ticket's history: every step, with the incoming and the outgoing call linked.
    const list = (await (
      await agent.page.request.get(`${live.pano.url}/api/v1/tickets?q=${number}`)
    ).json()) as TicketPage
    const id = list.items.find((t) => t.number === number)?.id
    const read = async () =>
      (await (await agent.page.request.get(`${live.pano.url}/api/v1/tickets/${id}`)).json()) as TicketDetail
    await expect.poll(async () => (await read()).calls.length, { timeout: 10_000 }).toBe(2)
    const detail = await read()
    expect(detail.history.map((e) => e.kind)).toEqual([
      'CREATED',
      'ROUTED',
      'CALL_LINKED',
      'UNIT_ANSWERED',
      'CALL_LINKED',
      'CITIZEN_NOTIFIED',
      'STATUS_CHANGED',
    ])
    expect(detail.calls.map((c) => c.direction).sort()).toEqual(['INBOUND', 'OUTBOUND'])
    expect(detail.status).toBe('KAPANDI')

    await agent.page
      .getByRole('navigation', { name: 'Ekranlar' })
      .getByRole('link', { name: 'Talepler' })
      .click()
    await agent.page.locator(`tr[data-ticket="${number}"]`).getByRole('link', { name: number }).click()
    await agent.page.getByTestId('history').waitFor()
    await agent.page.screenshot({ path: `${SCREENSHOTS}/desk-ticket-history.png`, fullPage: true })

    expect(agent.problems).toEqual([])
    expect(unit.problems).toEqual([])
  })
})

/**
 * The closed loop in a real browser against the real app (demo seed): an agent opens a ticket routed to
 * Fen İşleri; the demo `fen` user sees it in their unit's list and answers; the agent finds it under
 * "Vatandaşa bildir" and records "Ulaşıldı"; the ticket is closed and its history shows every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp(), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function signInToTickets(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  const nav = page.getByRole('navigation', { name: 'Ekranlar' })
  await nav.waitFor()
  await nav.getByRole('link', { name: 'Talepler' }).click()
  await page.waitForURL((url) => url.pathname === '/talepler')
}

/** --color-alarm and --color-muted in client/src/styles/app.css. */
const ALARM_RED = 'rgb(163, 0, 27)'
const MUTED = 'rgb(61, 71, 87)'

/** The unit's badge on a ticket it answered after the deadline: the lateness said, muted, the step named. */
async function expectHandedOver(page: Page, selector: string): Promise<void> {
  const badge = page.locator(selector)
  await badge.waitFor()
  expect(await badge.getAttribute('data-deadline')).toBe('overdue')
  expect(await badge.getAttribute('data-with-directorate')).toBe('true')
  const text = (await badge.textContent()) ?? ''
  expect(text).toMatch(/Süresi geçti: 3 saat önce \(\d\d\.\d\d\.\d{4} \d\d:\d\d\)/)
  expect(text).toContain('Yanıtlandı, sıra müdürlükte')
  expect(await colourOf(page, selector)).toBe(MUTED)
}

/** The text colour the badge is drawn in. */
function colourOf(page: Page, selector: string): Promise<string> {
  return page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).color`)
}

describe('ticket loop: agent → Fen İşleri → agent → citizen', () => {
  it('creates, routes, answers, notifies and closes, with every step in the history', async () => {
    const agent = await browser.newPage()
    await signInToTickets(agent.page, 'agent1')

    // 1. The agent opens a ticket routed to Fen İşleri; the due date shows before saving.
    await agent.page.getByRole('tab', { name: 'Yeni talep' }).click()
    const form = agent.page.getByRole('form', { name: 'Yeni talep' })
    await form.getByLabel('Konu').fill('Girne Bulvarı’nda çukur')
    await form.getByLabel('Açıklama').fill('Girne Bulvarı 45 önünde derin çukur var.')
    const unitSelect = form.getByLabel('Birim (havale)')
    const fen = await unitSelect.locator('option', { hasText: 'Fen İşleri' }).first().getAttribute('value')
    expect(fen).not.toBeNull()
    await unitSelect.selectOption(fen ?? '')
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Son tarih')
    await form.getByRole('button', { name: 'Talebi kaydet' }).click()
    const title = agent.page.locator('#ticket-title')
    await title.waitFor()
    const number = /\d{4}-\d{6}/.exec((await title.textContent()) ?? '')?.[0] ?? ''
    expect(number).toMatch(/^\d{4}-\d{6}$/)
    expect(await agent.page.getByTestId('ticket-status').textContent()).toBe('Birime havale edildi')

    // 2. Fen İşleri sees it (without the citizen's personal data) and answers.
    const unit = await browser.newPage()
    await signInToTickets(unit.page, 'fen')
    await unit.page.getByRole('tab').first().waitFor()
    expect(await unit.page.getByRole('tab').allTextContents()).toEqual([
      'Birimimin talepleri',
      'Geri aranacaklar',
    ])
    const row = unit.page.locator(`tr[data-ticket="${number}"]`)
    await row.waitFor()
    await row.getByRole('link', { name: number }).click()
    // The ticket has its own address; the same address opens it in a new tab.
    await unit.page.waitForURL((url) => url.pathname === `/talepler/${number}`)
    const shared = await unit.context.newPage()
    await shared.goto(`${app.url}/talepler/${number}`)
    await expect.poll(() => shared.locator('#ticket-title').textContent()).toContain(number)
    await shared.close()
    // An empty answer is refused at the field, said once, with the keyboard taken there.
    await unit.page.getByRole('button', { name: 'Yanıtla' }).click()
    const answerBox = unit.page.getByLabel('Birim yanıtı')
    await expect.poll(() => answerBox.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(() => unit.page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('t-answer')
    expect(await unit.page.getByText('Yanıt metni gerekli.').count()).toBe(1)
    expect(await unit.page.getByRole('alert').allTextContents()).toContain(
      'Bir alanda düzeltme gerekiyor; nedeni alanın altında.',
    )
    await answerBox.fill('Çukur 4 Mart’ta asfaltla kapatıldı.')
    await unit.page.getByRole('button', { name: 'Yanıtla' }).click()
    await expect.poll(() => unit.page.getByTestId('ticket-status').textContent()).toBe('Yanıtlandı')
    // The answer form is gone with the step; the result is said, and the keyboard is on it.
    await unit.page
      .getByRole('status')
      .filter({ hasText: 'Yanıt kaydedildi; müdürlük vatandaşa bildirecek.' })
      .waitFor()
    await expect
      .poll(() => unit.page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toContain('Yanıt kaydedildi')

    // 2b. Had the deadline passed three hours ago, the unit would read by how much, but not as its own
    // alarm: the answer is given and the next step is the directorate's (ticket page and list alike).
    await app.prisma.ticket.update({
      where: { number },
      data: { dueAt: new Date(Date.now() - (3 * 60 + 10) * 60_000) },
    })
    await unit.page.reload()
    await expectHandedOver(unit.page, 'main [data-deadline]')
    await unit.page
      .getByRole('navigation', { name: 'Ekranlar' })
      .getByRole('link', { name: 'Talepler' })
      .click()
    await expectHandedOver(unit.page, `tr[data-ticket="${number}"] [data-deadline]`)

    // 3. The agent relays the answer from "Vatandaşa bildir" and records the outcome.
    await agent.page.getByRole('tab', { name: 'Vatandaşa bildir' }).click()
    const card = agent.page.locator(`li[data-ticket="${number}"]`)
    await card.waitFor()
    expect(await card.textContent()).toContain('Çukur 4 Mart’ta asfaltla kapatıldı.')
    // The directorate still sees the ticket late, in alarm red, and by how much.
    const agentBadge = card.locator('[data-deadline]')
    expect(await agentBadge.getAttribute('data-deadline')).toBe('overdue')
    expect(await agentBadge.textContent()).toMatch(
      /Süresi geçti: 3 saat önce \(\d\d\.\d\d\.\d{4} \d\d:\d\d\)/,
    )
    expect(await agentBadge.textContent()).not.toContain('müdürlükte')
    expect(await colourOf(agent.page, `li[data-ticket="${number}"] [data-deadline]`)).toBe(ALARM_RED)
    // "Ulaşıldı" closes the ticket: it asks first.
    await card.getByRole('button', { name: 'Ulaşıldı' }).click()
    const confirm = agent.page.getByRole('dialog')
    expect(await confirm.textContent()).toContain('talep kapatılsın mı?')
    await confirm.getByRole('button', { name: 'Ulaşıldı, talebi kapat' }).click()
    await expect
      .poll(() => agent.page.getByRole('status').first().textContent())
      .toContain(`${number}: Ulaşıldı`)
    await expect.poll(() => agent.page.locator(`li[data-ticket="${number}"]`).count()).toBe(0)

    // 4. The ticket is closed; its history shows every step, in order.
    await agent.page.getByRole('tab', { name: 'Talepler' }).click()
    await agent.page.locator(`tr[data-ticket="${number}"]`).getByRole('link', { name: number }).click()
    await expect.poll(() => agent.page.getByTestId('ticket-status').textContent()).toBe('Kapandı')
    const items = await agent.page.getByTestId('history').locator('li').all()
    const kinds = await Promise.all(items.map((li) => li.getAttribute('data-kind')))
    expect(kinds).toEqual(['CREATED', 'ROUTED', 'UNIT_ANSWERED', 'CITIZEN_NOTIFIED', 'STATUS_CHANGED'])
    expect(await agent.page.getByTestId('history').textContent()).toContain('Fen İşleri')

    expect(agent.problems).toEqual([])
    expect(unit.problems).toEqual([])
  })
})

/**
 * A unit user sees a new ticket arrive live, in a real browser against the real app (demo seed,
 * embedded database; docs/messaging.md §8): Fen İşleri's staff member is on Talepler; an agent opens a
 * ticket for Fen İşleri; without reloading, the navigation's count goes up, the list shows it, a strip
 * names the ticket, the browser notification (allowed for this site) is shown, and the strip opens it.
 * An agent on Talepler sees a new ticket and then the unit's answer in the list, also without reloading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'
import { signIn, ticketForUnit } from '../integration/units/unit-harness.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp(), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('a unit’s new ticket, live', () => {
  it('counts it in the navigation, names it in a strip and a browser notification, and opens it', async () => {
    const unit = await browser.newPage()
    const page = unit.page
    await unit.context.grantPermissions(['notifications'], { origin: app.url })
    // The page's notifications, as the browser was asked to show them.
    await page.addInitScript({
      content: `(() => {
        const shown = []
        const Real = window.Notification
        class Recorded extends Real {
          constructor(title, options) {
            super(title, options)
            shown.push({ title, body: (options && options.body) || '' })
          }
        }
        Object.defineProperty(window, 'Notification', { value: Recorded })
        Object.defineProperty(window, 'shownNotifications', { value: shown })
      })()`,
    })
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('fen')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    const nav = page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()
    const count = nav.locator('[data-unit-count]')
    await count.waitFor()
    const before = Number(await count.getAttribute('data-unit-count'))

    const agent = await signIn(app.url, 'agent1')
    const ticket = await ticketForUnit(agent, 'fen-isleri', 'Mahalle parkında kırık salıncak')

    const strip = page.locator(`[data-arrival="${ticket.number}"]`)
    await strip.waitFor()
    expect(await strip.textContent()).toContain('Mahalle parkında kırık salıncak')
    await expect.poll(async () => Number(await count.getAttribute('data-unit-count'))).toBe(before + 1)
    // The list the user is looking at shows the ticket too, without a reload.
    const row = page.locator(`tr[data-ticket="${ticket.number}"]`)
    await row.waitFor()
    expect(await row.textContent()).toContain('Mahalle parkında kırık salıncak')
    await expect
      .poll(() => page.evaluate('window.shownNotifications'))
      .toEqual([{ title: `Yeni talep: ${ticket.number}`, body: 'Mahalle parkında kırık salıncak' }])

    await strip.getByRole('link', { name: 'Talebi aç' }).click()
    const title = page.locator('#ticket-title')
    await title.waitFor()
    expect(await title.textContent()).toContain(ticket.number)
    expect(unit.problems).toEqual([])
  })

  it('shows an agent on Talepler the unit’s answer in the list, without a reload', async () => {
    const agentTab = await browser.newPage()
    const page = agentTab.page
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('agent2')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Talepler' }).click()

    const opener = await signIn(app.url, 'agent1')
    const ticket = await ticketForUnit(opener, 'fen-isleri', 'Parktaki çeşme akıtıyor')
    const row = page.locator(`tr[data-ticket="${ticket.number}"]`)
    await row.waitFor()

    const fen = await signIn(app.url, 'fen')
    const answered = await fen.send('POST', `/tickets/${ticket.id}/answer`, { answer: 'Conta değiştirildi.' })
    expect(answered.status).toBe(200)
    await expect.poll(async () => await row.textContent()).toContain('Yanıtlandı')
    expect(agentTab.problems).toEqual([])
  })
})

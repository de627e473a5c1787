/**
 * Yönetim at 1366×768 in Chromium with the demo data: every section the admin opens, and every tab of
 * KVKK and a citizen's export for the data officer, fits the window, so the page never scrolls sideways
 * (a wide table scrolls inside its own box, styles/tables.css). Birimler ve rehber's table of extensions
 * was 1402 px wide here before its columns were fixed (views/admin/directory/DirectoryAdminPanel.svelte).
 */
import { mkdir } from 'node:fs/promises'
import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_SECTIONS } from '../../client/src/lib/admin-sections.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

const SIZE = { width: 1366, height: 768 }

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp(), launchBrowser()])
  await mkdir('test-results', { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname !== '/giris')
  // The admin lands on the wallboard, the data officer in Yönetim already.
  await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Yönetim' }).click()
  await page.waitForURL((url) => url.pathname === '/yonetim')
}

/** Counts the page's API requests in flight, so a measurement waits for what a panel loads. */
function trackApi(page: Page): () => Promise<void> {
  const open = new Set<Request>()
  page.on('request', (r: Request) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) open.add(r)
  })
  page.on('requestfinished', (r: Request) => open.delete(r))
  page.on('requestfailed', (r: Request) => open.delete(r))
  return async () => {
    await expect.poll(() => open.size).toBe(0)
    // Two frames: the answers are on screen and laid out.
    await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))')
  }
}

/** How far the page reaches past the window's right edge (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate<number>('Math.max(0, document.documentElement.scrollWidth - window.innerWidth)')

describe('Yönetim fits 1366×768', () => {
  it('every section the admin opens, Birimler ve rehber included', async () => {
    const { page, problems } = await browser.newPage({ viewport: SIZE })
    const settled = trackApi(page)
    await signIn(page, 'admin')
    const sections = page.getByRole('navigation', { name: 'Yönetim bölümleri' })
    const over: Record<string, number> = {}
    for (const { label } of ADMIN_SECTIONS) {
      await sections.getByRole('link', { name: label, exact: true }).click()
      await page.getByRole('region', { name: label }).locator('h2').first().waitFor()
      await settled()
      over[label] = await overflow(page)
    }
    // The table of extensions is there, with a row per seeded extension.
    await sections.getByRole('link', { name: 'Birimler ve rehber' }).click()
    await page.getByRole('textbox', { name: '2001 etiketi' }).waitFor()
    await settled()
    over['Birimler ve rehber'] = await overflow(page)
    await page.screenshot({ path: 'test-results/admin-rehber-1366.png', fullPage: true })

    expect(over).toEqual(Object.fromEntries(ADMIN_SECTIONS.map((s) => [s.label, 0])))
    expect(problems).toEqual([])
  })

  it('every KVKK tab and a citizen’s export, for the data officer', async () => {
    const { page, problems } = await browser.newPage({ viewport: SIZE })
    const settled = trackApi(page)
    await signIn(page, 'kvkk')
    const over: Record<string, number> = {}
    const tabs = page.getByRole('tablist', { name: 'KVKK bölümleri' }).getByRole('tab')
    await tabs.first().waitFor()
    for (const name of await tabs.allTextContents()) {
      await tabs.filter({ hasText: name }).click()
      await settled()
      over[name.trim()] = await overflow(page)
    }
    // The widest view: a person's export, its tables of tickets and calls.
    await page.getByRole('tab', { name: 'Vatandaş verileri' }).click()
    const search = page.getByRole('form', { name: 'Vatandaş ara' })
    await search.getByLabel('Vatandaş').fill('Hatice Arslan')
    await search.getByLabel('Vatandaş').press('Enter')
    await page
      .getByRole('list', { name: 'Bulunan vatandaşlar' })
      .getByRole('listitem')
      .filter({ hasText: 'Hatice Arslan' })
      .getByRole('button', { name: 'Dökümü aç' })
      .click()
    await page.getByRole('heading', { level: 4, name: /Kişisel veri dökümü: Hatice Arslan/ }).waitFor()
    await settled()
    over['Kişisel veri dökümü'] = await overflow(page)

    expect(over).toEqual({
      'Erişim kaydı': 0,
      'Vatandaş verileri': 0,
      'Saklama süreleri': 0,
      'Kişisel veri dökümü': 0,
    })
    expect(problems).toEqual([])
  })
})

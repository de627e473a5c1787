/**
 * A unit found by what the caller calls its work, in Chromium against the demo app: the santral
 * operator finds Temizlik İşleri by a caller's word ("çöp") with the word named on the line; the admin
 * adds a word in Yönetim › Rehber and the console, open all along, finds the unit by it without a
 * reload; and an agent writing a ticket about
 * rubbish is offered Temizlik İşleri as its unit and chooses it with one click.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPbxSimulator, type PbxSimulator } from '../../telephony/index.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser
let sim: PbxSimulator

beforeAll(async () => {
  // The santral console lives on the PBX's feed: without one it says so and shows no live update.
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 17, noise: 'none' })
  ;[app, browser] = await Promise.all([startE2eApp({ sim }), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await sim?.close()
})

async function signIn(page: Page, username: string, path: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname !== '/giris')
  await page.goto(`${app.url}${path}`)
}

const overflowX = (page: Page) =>
  page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')

describe('unit search words', () => {
  it('the admin adds a word; an open santral console finds the unit by it and says why', async () => {
    // The operator's console is open before the change: it must not need a reload to see it.
    const operator = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(operator.page, 'santral1', '/santral')
    const search = operator.page.getByLabel('Birim, kişi, dahili veya konu ara')
    const first = operator.page.getByRole('option').first()
    await search.fill('çöp')
    await expect
      .poll(() => first.locator('strong').textContent({ timeout: 10_000 }))
      .toBe('Temizlik İşleri Müdürlüğü')
    expect(await first.locator('[data-topic]').textContent({ timeout: 10_000 })).toBe('Konusu: çöp')
    expect(await first.getAttribute('data-exten', { timeout: 10_000 })).toBe('2003')
    // No call to move yet: the line under the search box promises no transfer.
    expect(await operator.page.locator('[data-directory-target]').textContent()).not.toContain('aktarılacak')
    await search.fill('PET ŞİŞ')
    await expect
      .poll(() => operator.page.locator('#directory-results li.empty').textContent({ timeout: 10_000 }))
      .toBe('“PET ŞİŞ” ile eşleşen birim veya kişi yok.')

    const admin = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(admin.page, 'admin', '/yonetim?bolum=rehber')
    const line = admin.page.locator('ul.units li[data-unit="temizlik-isleri"]')
    await line.waitFor()
    expect(await line.locator('[data-unit-words]').textContent({ timeout: 10_000 })).toMatch(
      /^Arama sözcükleri: çöp, konteyner/,
    )
    await line.getByRole('button', { name: 'Temizlik İşleri Müdürlüğü: arama sözcüklerini düzenle' }).click()
    const words = line.getByRole('textbox', { name: /arama sözcükleri \(virgülle ayırın\)/ })
    await expect
      .poll(() => admin.page.evaluate<string>('document.activeElement?.id ?? ""'))
      .toMatch(/^du-words-\d+$/)
    await words.press('End')
    await admin.page.keyboard.type(', pet şişe')
    await line.getByRole('button', { name: 'Kaydet' }).click()
    await admin.page.getByRole('status').filter({ hasText: 'arama sözcükleri kaydedildi' }).waitFor()
    await expect
      .poll(() => line.locator('[data-unit-words]').textContent({ timeout: 10_000 }))
      .toMatch(/, pet şişe$/)
    expect(admin.problems).toEqual([])

    // The same query on the open console now finds the unit, naming the new word.
    await expect
      .poll(() => first.locator('[data-topic]').textContent({ timeout: 10_000 }))
      .toBe('Konusu: pet şişe')
    expect(await first.locator('strong').textContent({ timeout: 10_000 })).toBe('Temizlik İşleri Müdürlüğü')
    // A name still finds its own unit, with no topic to explain.
    await search.fill('zabıta')
    await expect.poll(() => first.locator('strong').textContent({ timeout: 10_000 })).toBe('Zabıta Müdürlüğü')
    expect(await first.locator('[data-topic]').count()).toBe(0)
    expect(await overflowX(operator.page)).toBe(0)
    expect(operator.problems).toEqual([])
  })

  it('an agent writing about rubbish is offered Temizlik İşleri and takes it with one click', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent1', '/talepler')
    await page.getByRole('tab', { name: 'Yeni talep' }).click()
    const form = page.getByRole('form', { name: 'Yeni talep' })
    const suggestion = form.locator('[data-unit-suggestion]')
    await form.getByLabel('Konu').fill('Bilgi almak istiyorum')
    expect(await suggestion.textContent({ timeout: 10_000 })).toBe('')
    await form.getByLabel('Konu').fill('Sokağımızdaki çöpler üç gündür toplanmadı')
    await form.getByLabel('Açıklama').fill('Konteynerlerin çevresi kokuyor.')
    const offer = suggestion.getByRole('button', { name: /Temizlik İşleri Müdürlüğü/ })
    await offer.waitFor()
    expect(await offer.textContent({ timeout: 10_000 })).toContain('(“çöp”, “konteyner”, “koku”)')
    expect(await suggestion.textContent({ timeout: 10_000 })).toContain('Konuya göre önerilen birim:')

    await offer.click()
    const chosen = await page.evaluate<string>(
      `(() => { const s = document.querySelector('#nt-unit'); return s.options[s.selectedIndex].textContent })()`,
    )
    expect(chosen).toBe('Temizlik İşleri Müdürlüğü')
    // Chosen: the proposal has nothing more to say.
    await expect.poll(() => suggestion.textContent({ timeout: 10_000 })).toBe('')
    expect(await overflowX(page)).toBe(0)
    expect(problems).toEqual([])
  })
})

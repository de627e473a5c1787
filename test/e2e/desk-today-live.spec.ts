/**
 * The Çağrı Masası's own numbers ("Bugünkü sayılarım") follow the agent's day as it happens, in
 * Chromium against the PBX simulator: a break counts up while it runs, and a call is counted once it
 * ends, before any wrap-up is saved. The break button keeps the keyboard's focus while the PBX answers.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

/** Seconds in an `m:ss` (or `h:mm:ss`) the desk shows. */
function seconds(text: string | null): number {
  return (text ?? '').split(':').reduce((sum, part) => sum * 60 + Number(part), 0)
}

describe('Çağrı Masası › Bugünkü sayılarım', () => {
  it('counts a running break up and a finished call in, without a reload or a wrap-up', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page)
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    const mine = (name: string) =>
      page.locator(`dl[aria-label="Bugünkü sayılarım"] div:has(dt:text-is("${name}")) dd`)
    expect(await mine('Cevaplanan').textContent()).toBe('0')

    // A break taken from the keyboard: the focus stays on the button, which now offers the way back.
    const toggle = page.getByRole('button', { name: /Molaya çık/ })
    await toggle.focus()
    await page.keyboard.press('Enter')
    await page.locator('[data-member-state="paused"]').waitFor()
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toContain('Moladan dön')
    // It counts up while it runs, nothing pressed.
    const first = seconds(await mine('Mola').textContent())
    await expect
      .poll(async () => seconds(await mine('Mola').textContent()), { timeout: 10_000 })
      .toBeGreaterThan(first + 1)
    await page.keyboard.press('Enter')
    await page.locator('[data-member-state="ready"]').waitFor()

    // A call answered and ended: counted while its wrap-up is still open.
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321230088',
      ringMember: 'Local/1002@agents/n',
      answer: 500,
      talkMs: 2_000,
    })
    const pop = page.locator('article[data-pop]')
    await pop.locator('[data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => mine('Cevaplanan').textContent(), { timeout: 10_000 }).toBe('1')
    expect(seconds(await mine('Konuşma').textContent())).toBeGreaterThanOrEqual(1)
    expect(await pop.locator('[data-phase="wrap-up"]').count()).toBe(1)
    await page.screenshot({ path: 'test-results/desk-today-live.png', fullPage: true })
    expect(problems).toEqual([])
  })
})

async function signIn(page: Page): Promise<void> {
  await page.goto(`${live.pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill('agent2')
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === '/masa')
}

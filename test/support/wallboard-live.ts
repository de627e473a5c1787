/**
 * Shared by the wallboard browser tests that drive the admin and supervisor controls: the live app with
 * the PBX simulator, Chromium, signing in through the login form, and locators for the board's tiles.
 */
import { mkdir } from 'node:fs/promises'
import type { Locator, Page } from 'playwright-core'
import { launchBrowser, type TestBrowser } from './browser.ts'
import { CLIENT_DIR, waitForFiles } from './e2e-app.ts'
import { startLivePano, type LivePano } from '../integration/realtime/live-harness.ts'

export const SCREENSHOTS = 'test-results'
export const FULL_HD = { width: 1920, height: 1080 }
export const QUEUE = 'cagri-merkezi'
export const QUEUE_LABEL = '444 1 575 Çağrı Merkezi'

export async function startLiveBoards(): Promise<{ live: LivePano; browser: TestBrowser }> {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  const [live, browser] = await Promise.all([
    startLivePano({ clientDir: CLIENT_DIR, env: { BROADCAST_INTERVAL_MS: '100' } }),
    launchBrowser(),
  ])
  await mkdir(SCREENSHOTS, { recursive: true })
  return { live, browser }
}

/** Signs in through the login form and waits for the first view of the role. */
export async function signIn(page: Page, baseUrl: string, username: string, landing: string): Promise<void> {
  await page.goto(`${baseUrl}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === landing)
}

/** One metric tile of a queue card (`label` is the tile's visible name). */
export const tile = (page: Page, label: string, queue = QUEUE): Locator =>
  page.locator(`[data-queue="${queue}"] [data-metric="${label}"]`)

/** Waits until the tile is at `level` and shows the matching word (the state reads without colour). */
export async function tileAtLevel(t: Locator, level: 'ok' | 'warn' | 'alarm', timeoutMs: number) {
  const word = { ok: 'Hedefte', warn: 'Dikkat', alarm: 'Eşik aşıldı' }[level]
  await t
    .and(t.page().locator(`[data-level="${level}"]`))
    .filter({ hasText: word })
    .waitFor({ timeout: timeoutMs })
}

/**
 * The PBX's own words on every screen that acts on it (docs/errors.md), in Chromium against the real app
 * and the PBX simulator made to refuse: the santral operator's transfer, the agent's own pause and the
 * müdür's pause of an agent each show Asterisk's refusal as it said it; a PBX that does not answer reads
 * differently ("outcome unknown"), and nobody is told to check their own network.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import { startPano, type RunningPano } from '../../server/main.ts'
import { createPbxSimulator, DEMO_PBX_ID, type PbxSimulator } from '../../telephony/index.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { followSimulator } from '../support/simulator-telephony.ts'

let pano: RunningPano
let sim: PbxSimulator
let browser: TestBrowser
let dataDir: string

beforeAll(async () => {
  await waitForFiles([join(CLIENT_DIR, 'index.html')], 60_000)
  dataDir = await mkdtemp(join(tmpdir(), 'pano-e2e-refusals-'))
  sim = await createPbxSimulator({ clock: 'real', speed: 4, seed: 13, noise: 'none' })
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
    AMI_ACTION_TIMEOUT_MS: '1500',
  })
  ;[pano, browser] = await Promise.all([
    startPano(config, {
      seedDemo: true,
      clientDir: CLIENT_DIR,
      print: () => {},
      startTelephony: followSimulator(sim),
    }),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await pano?.close()
  await sim?.close()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

async function signIn(page: Page, username: string, landing: string): Promise<void> {
  await page.goto(`${pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === landing)
}

describe('a PBX refusal reaches the person in the PBX’s words', () => {
  it('santral: the transfer refused by Asterisk says why, and the call stays with the operator', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1', '/santral')
    await page.getByRole('heading', { name: 'Rehber' }).waitFor()
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05326660101',
      ringMember: 'Local/3001@operators/n',
      answer: 2000,
      talkMs: 600_000,
    })
    const card = page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`)
    await card.getByText('Görüşmede').waitFor({ timeout: 20_000 })

    sim.setActionFault('BlindTransfer', { refuse: 'No such channel' })
    sim.setActionFault('Redirect', { refuse: 'No such channel' })
    await card.locator('button.pick').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.type('zab')
    // The operator presses Enter once the console names the line it will use (the directory is loaded).
    await page.getByText('ile aktarılacak hat: Zabıta Müdürlüğü').waitFor()
    await page.keyboard.press('Enter')
    await page
      .getByText('Aktarım yapılamadı: santral reddetti: “No such channel”. Çağrı sizde kaldı.')
      .waitFor()
    sim.setActionFault('BlindTransfer', null)
    sim.setActionFault('Redirect', null)
    await card.getByText('Görüşmede').waitFor()
    expect(await page.getByText('Sunucuya ulaşılamıyor').count()).toBe(0)
    expect(problems.filter((p) => !p.includes('502'))).toEqual([])
  })

  it('Çağrı Masası: the agent’s pause refused by Asterisk says why', async () => {
    const { page } = await browser.newPage()
    await signIn(page, 'agent1', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    sim.setActionFault('QueuePause', { refuse: 'Interface not found' })
    await page.getByRole('button', { name: /Molaya çık/ }).click()
    await page.getByText('Mola verilemedi: santral reddetti: “Interface not found”.').waitFor()
    sim.setActionFault('QueuePause', null)
    await page.locator('[data-member-state="ready"]').waitFor()
  })

  it('agent board: the müdür reads a refusal, then a PBX that never answers as “outcome unknown”', async () => {
    const { page } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'mudur', '/wallboard')
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    const row = page.getByRole('row').filter({ hasText: 'Mehmet Öztürk' })
    await row.waitFor({ timeout: 10_000 })

    sim.setActionFault('QueuePause', { refuse: 'Interface not found' })
    await row.getByRole('button', { name: 'Molaya al' }).click()
    await row.getByRole('status').filter({ hasText: 'santral reddetti: “Interface not found”' }).waitFor()

    sim.setActionFault('QueuePause', 'no-answer')
    await row.getByRole('button', { name: 'Molaya al' }).click()
    const timedOut = row.getByRole('status').filter({ hasText: 'santral zamanında yanıt vermedi' })
    await timedOut.waitFor({ timeout: 10_000 })
    expect(await timedOut.textContent()).toContain('bilinmiyor')
    sim.setActionFault('QueuePause', null)
  })
})

/**
 * The santral console's notices in Chromium at 1366×768, against the real app and the PBX simulator:
 * an alert about a transfer goes to the operator who made it, never to a colleague (who sees the
 * outcome in today's transfers); an error about a call goes when the call ends, after the operator's
 * next success, or with its keyboard-reachable "Kapat"; and no notice moves the live calls under the
 * operator's pointer (the first call's box is measured before and after).
 */
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningPano } from '../../server/main.ts'
import { createPbxSimulator, DEMO_PBX_ID, type PbxSimulator } from '../../telephony/index.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'
import { openSantralConsole } from '../support/santral-console.ts'

const VIEWPORT = { width: 1366, height: 768 }
let pano: RunningPano
let sim: PbxSimulator
let browser: TestBrowser
let app: E2eApp | undefined

beforeAll(async () => {
  // Simulated time runs 2× faster: a unit's 20 s ring timeout takes 10 s.
  sim = await createPbxSimulator({ clock: 'real', speed: 2, seed: 17, noise: 'none' })
  const [started, launched] = await Promise.all([startE2eApp({ sim }), launchBrowser()])
  ;[app, pano, browser] = [started, started.pano, launched]
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await sim?.close()
})

const openConsole = (username: string) => openSantralConsole(browser, pano.url, username, VIEWPORT)

/** A santral call the operator on `line` (3001: santral1, 3002: santral2) answers and keeps. */
async function answeredCall(page: Page, callerNumber: string, line: '3001' | '3002') {
  const placed = sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: `Local/${line}@operators/n`,
    answer: 2000,
    talkMs: 600_000,
  })
  const card = page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`)
  await card.getByText('Görüşmede').waitFor()
  return { placed, card }
}

/** The first live call's box on the page: what the operator was about to click. */
async function firstCallBox(page: Page) {
  const box = await page.locator('li[data-call]').first().boundingBox()
  if (box === null) throw new Error('no live call on the console')
  return box
}

/** Transfers the call on `card` to the first directory line the search `query` finds (Enter). */
async function transferByKeyboard(page: Page, card: Locator, query: string): Promise<void> {
  await card.locator('button.pick').focus()
  await page.keyboard.press('Enter')
  const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
  await search.fill(query)
  // As the operator does: Enter once the line it will use is named under the search box.
  await page.locator('[data-directory-target]').getByText('ile aktarılacak hat').waitFor()
  await search.press('Enter')
}

const REFUSED = 'Aktarım yapılamadı: santral reddetti: “Transfer failed”. Çağrı sizde kaldı.'

describe('santral notices', () => {
  it('a refused transfer’s error does not move the live calls, and goes when its call ends', async () => {
    const { page, problems } = await openConsole('santral1')
    const { placed, card } = await answeredCall(page, '05327770101', '3001')
    const before = await firstCallBox(page)
    const error = page.getByText(REFUSED)

    sim.setActionFault('BlindTransfer', { refuse: 'Transfer failed' })
    try {
      await transferByKeyboard(page, card, 'zab')
      await error.waitFor()
    } finally {
      sim.setActionFault('BlindTransfer', null)
    }
    expect(await firstCallBox(page)).toEqual(before)

    // The caller hangs up: the error about that call has nothing left to say.
    sim.hangup(placed.channel)
    await card.waitFor({ state: 'detached' })
    await error.waitFor({ state: 'detached' })
    expect(problems.filter((p) => !p.includes('502'))).toEqual([])
  })

  it('an error about a waiting call goes once someone answers the call', async () => {
    const { page, problems } = await openConsole('santral1')
    // Rings santral1's line, answered 7 s (14 simulated s, under the queue's 15 s ring) later: long
    // after the try below.
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05327770505',
      ringMember: 'Local/3001@operators/n',
      answer: 14_000,
      talkMs: 600_000,
    })
    const card = page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`)
    // The call's state (the line under it names the phones it rings at).
    await card.locator('.state', { hasText: 'Çalıyor' }).waitFor()
    const error = page.getByText(REFUSED.replace('Transfer failed', 'No such channel'))
    sim.setActionFault('Redirect', { refuse: 'No such channel' })
    try {
      await transferByKeyboard(page, card, 'zab')
      await error.waitFor()
    } finally {
      sim.setActionFault('Redirect', null)
    }
    await card.getByText('Görüşmede').waitFor({ timeout: 30_000 })
    await error.waitFor({ state: 'detached' })
    sim.hangup(placed.channel)
    await card.waitFor({ state: 'detached' })
    expect(problems.filter((p) => !p.includes('502'))).toEqual([])
  })

  it('an error goes after the operator’s next success, or with “Kapat” reached from the keyboard', async () => {
    const { page, problems } = await openConsole('santral1')
    const { placed, card } = await answeredCall(page, '05327770202', '3001')
    const error = page.getByText(REFUSED)

    sim.setActionFault('BlindTransfer', { refuse: 'Transfer failed' })
    try {
      await transferByKeyboard(page, card, 'zab')
      await error.waitFor()
      // Something else goes well (a directory favourite): the old error is over.
      await page.getByRole('button', { name: 'Zabıta Müdürlüğü: favorilere ekle' }).click()
      await page.getByRole('button', { name: 'Zabıta Müdürlüğü: favorilerden çıkar' }).waitFor()
      await error.waitFor({ state: 'detached' })

      await transferByKeyboard(page, card, 'zab')
      await error.waitFor()
    } finally {
      sim.setActionFault('BlindTransfer', null)
    }
    // From the call the operator was on, Shift+Tab back up to the error's "Kapat", and Enter.
    await card.locator('button.pick').focus()
    // What has the focus, and the text of the notice it sits in.
    const focused = () =>
      page.evaluate<[string, string]>(
        "[document.activeElement?.textContent ?? '', document.activeElement?.parentElement?.textContent ?? '']",
      )
    for (let i = 0; i < 12 && !(await focused())[1].includes(REFUSED); i++)
      await page.keyboard.press('Shift+Tab')
    const [button, around] = await focused()
    expect(button).toMatch(/^Kapat/)
    expect(around).toContain(REFUSED)
    await page.keyboard.press('Enter')
    await error.waitFor({ state: 'detached' })
    sim.hangup(placed.channel)
    await card.waitFor({ state: 'detached' })
    expect(problems.filter((p) => !p.includes('502'))).toEqual([])
  })

  it('a transfer’s alert reaches only the operator who made it, and moves no live call', async () => {
    sim.setExtensionBehaviour('2001', 'never-answer')
    const one = await openConsole('santral1')
    const two = await openConsole('santral2')
    // santral2's call came first: it stays the first live call on both consoles throughout.
    const { placed: first, card: firstOnTwo } = await answeredCall(two.page, '05327770303', '3002')
    const firstOnOne = one.page.locator(`li[data-call="${DEMO_PBX_ID}/${first.linkedid}"]`)
    await firstOnOne.waitFor()
    const { placed, card } = await answeredCall(one.page, '05327770404', '3001')
    await two.page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`).waitFor()
    const [beforeOne, beforeTwo] = [await firstCallBox(one.page), await firstCallBox(two.page)]

    await transferByKeyboard(one.page, card, 'FEN IS')
    await one.page.getByText('Çağrı Fen İşleri Müdürlüğü (2001) dahilisine aktarıldı').waitFor()
    const alert = one.page.locator('[data-alert]', {
      hasText: 'Fen İşleri Müdürlüğü aktarılan çağrıyı cevaplamadı',
    })
    await alert.waitFor({ timeout: 30_000 })

    // santral2 sees what became of it in today's transfers, with no alert of theirs.
    const row = two.page.locator('tr[data-outcome="NOT_ANSWERED"]', { hasText: 'Fen İşleri Müdürlüğü' })
    await row.waitFor()
    expect(await two.page.getByText('aktarılan çağrıyı cevaplamadı').count()).toBe(0)
    expect(await two.page.locator('[data-alert]').count()).toBe(0)
    expect(await firstCallBox(two.page)).toEqual(beforeTwo)
    expect(await firstCallBox(one.page)).toEqual(beforeOne)
    await two.page.reload()
    await row.waitFor()
    await firstOnTwo.waitFor()
    expect(await two.page.getByText('aktarılan çağrıyı cevaplamadı').count()).toBe(0)

    // Only its operator puts it away.
    await alert.getByRole('button', { name: /^Tamam/ }).click()
    await alert.waitFor({ state: 'detached' })
    sim.hangup(first.channel)
    sim.setExtensionBehaviour('2001', 'answer')
    expect(one.problems).toEqual([])
    expect(two.problems).toEqual([])
  })
})

/**
 * Two santral operators at their consoles in Chromium, against the real app and the PBX simulator:
 * - a call ringing both operators' phones (the santral queue rings all) is nobody's yet: the second
 *   operator's console shows it ringing at both of them and lets them pick it and move it on by
 *   keyboard, and the result of moving it stays on the tray while the call is being transferred, as it
 *   does for a talking call;
 * - a colleague's consult (attended transfer) shows its state, but its "Aktarımı tamamla" and "Geri al"
 *   are only on the console of the operator whose call it is; there, once the unit answers, the tray
 *   asks for the next step instead of still saying the unit is being called.
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
  // Simulated time runs at the wall clock's pace: the santral queue rings each round for 15 s.
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 23, noise: 'none' })
  const [started, launched] = await Promise.all([startE2eApp({ sim }), launchBrowser()])
  ;[app, pano, browser] = [started, started.pano, launched]
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
  await sim?.close()
})

const openConsole = (username: string) => openSantralConsole(browser, pano.url, username, VIEWPORT)

const cardOf = (page: Page, linkedid: string) => page.locator(`li[data-call="${DEMO_PBX_ID}/${linkedid}"]`)

/** Picks the call on `card` from the keyboard and sends it to the first line `query` finds. */
async function transferByKeyboard(page: Page, card: Locator, query: string, consult = false) {
  await card.locator('button.pick').focus()
  await page.keyboard.press('Enter')
  const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
  await search.fill(query)
  // As the operator does: Enter once the line it will use is named under the search box.
  await page.locator('[data-directory-target]').getByText('ile aktarılacak hat').waitFor()
  await search.press(consult ? 'Shift+Enter' : 'Enter')
}

describe('two santral operators', () => {
  it('a call ringing both operators is the second one’s to pick and move on, with the result kept in view', async () => {
    // Zabıta picks up after 8 s: until then the call is "aktarılıyor" beside the result.
    sim.setExtensionBehaviour('2002', 'answer', { answerAfterMs: 8000 })
    const one = await openConsole('santral1')
    const two = await openConsole('santral2')
    const placed = sim.placeCall({ queue: 'santral', callerNumber: '05328880101', answer: false })
    const onOne = cardOf(one.page, placed.linkedid)
    const onTwo = cardOf(two.page, placed.linkedid)

    await onTwo.getByText('Operatörlerde çalıyor (Operatör Fatma Kaya, siz)').waitFor()
    await onOne.getByText('Operatörlerde çalıyor (siz, Operatör Ali Demir)').waitFor()
    expect(await onTwo.getByText('başka operatörde').count()).toBe(0)
    expect(await onTwo.locator('button.pick').isEnabled()).toBe(true)

    await transferByKeyboard(two.page, onTwo, 'zab')
    const result = two.page.locator('[data-notice="feedback"]', {
      hasText: 'Çağrı Zabıta Müdürlüğü (2002) dahilisine aktarıldı.',
    })
    await result.waitFor()
    // The call moves on to Zabıta and the tray still says so beside it.
    await onTwo.getByText('Aktarılıyor').waitFor()
    expect(await result.isVisible()).toBe(true)
    await onOne.getByText('Aktarılıyor').waitFor()
    expect(await result.isVisible()).toBe(true)

    // Zabıta answers: the call leaves the console and the result about it goes with it, as it does
    // for a talking call; today's transfers keep the outcome.
    await onTwo.waitFor({ state: 'detached' })
    await result.waitFor({ state: 'detached' })
    await two.page.locator('tr[data-outcome="ANSWERED"]', { hasText: 'Zabıta Müdürlüğü' }).waitFor()
    sim.hangup(placed.channel)
    expect(one.problems).toEqual([])
    expect(two.problems).toEqual([])
  })

  it('a colleague’s consult is shown, not settled, there; its operator is asked to finish it once the unit answers', async () => {
    sim.setExtensionBehaviour('2004', 'answer', { answerAfterMs: 8000 })
    const one = await openConsole('santral1')
    const two = await openConsole('santral2')
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05328880202',
      ringMember: 'Local/3001@operators/n',
      answer: 1000,
      talkMs: 600_000,
    })
    const onOne = cardOf(one.page, placed.linkedid)
    const onTwo = cardOf(two.page, placed.linkedid)
    await onOne.getByText('Görüşmede').waitFor()

    // santral1 consults Park ve Bahçeler (Shift+Enter).
    await transferByKeyboard(one.page, onOne, 'park', true)
    const calling = one.page.locator('[data-notice="feedback"]', {
      hasText: 'Park ve Bahçeler Müdürlüğü aranıyor',
    })
    await calling.waitFor()

    // santral2 sees the consult ringing, with nothing to press.
    await onTwo.getByText('Danışma: Park ve Bahçeler Müdürlüğü — çalıyor…').waitFor()
    await onOne.getByText('Danışma: Park ve Bahçeler Müdürlüğü — çalıyor…').waitFor()
    expect(await onTwo.getByRole('button', { name: 'Aktarımı tamamla' }).count()).toBe(0)
    expect(await onTwo.getByRole('button', { name: 'Geri al' }).count()).toBe(0)
    expect(await onOne.getByRole('button', { name: 'Geri al' }).isEnabled()).toBe(true)

    // The unit answers: santral1 is asked to finish it, and "aranıyor" is gone.
    const prompt = one.page.locator('[data-notice^="consult-"]', {
      hasText: 'Park ve Bahçeler Müdürlüğü cevapladı — aktarımı tamamlayın ya da geri alın.',
    })
    await prompt.waitFor()
    expect(await calling.count()).toBe(0)
    await onTwo.getByText('Danışma: Park ve Bahçeler Müdürlüğü — birim cevapladı').waitFor()
    expect(await onTwo.getByRole('button', { name: 'Aktarımı tamamla' }).count()).toBe(0)
    expect(await two.page.locator('[data-notice^="consult-"]').count()).toBe(0)

    // The server's answer comes after the console has seen the call handed over (as on a busy day):
    // the outcome is still said, and stays, though the call it is about has left this console.
    await one.page.route('**/api/v1/switchboard/transfers/*/complete', async (route) => {
      const response = await route.fetch()
      await new Promise((r) => setTimeout(r, 1_500))
      await route.fulfill({ response })
    })
    await onOne.getByRole('button', { name: 'Aktarımı tamamla' }).click()
    await prompt.waitFor({ state: 'detached' })
    await onOne.waitFor({ state: 'detached' })
    const outcome = one.page.getByText(
      'Aktarım tamamlanıyor: arayan Park ve Bahçeler Müdürlüğü ile bağlanıyor.',
    )
    await outcome.waitFor()
    await one.page.waitForTimeout(500)
    expect(await outcome.isVisible()).toBe(true)
    sim.hangup(placed.channel)
    expect(one.problems).toEqual([])
    expect(two.problems).toEqual([])
  })
})

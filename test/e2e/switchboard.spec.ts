/**
 * The santral console in Chromium against the real app and the PBX simulator: the demo operator sees
 * an incoming switchboard call, finds Zabıta by typing, transfers with the keyboard, and the simulator
 * bridges the caller to Zabıta's extension; a second call, sent with ↓ and Enter, goes to the first of two
 * matching lines, which never answers: it is reported unanswered and becomes a callback for that unit; a
 * transfer the operator makes from their own phone is counted under its unit as "Telefondan", the row
 * adds up, and "Son aktarımlar" lists it; a transfer to a line the PBX reports unreachable asks first,
 * and Danış waits until the call is answered.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
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

const SHOTS = 'test-results'
let pano: RunningPano
let sim: PbxSimulator
let browser: TestBrowser
let dataDir: string

beforeAll(async () => {
  await waitForFiles([join(CLIENT_DIR, 'index.html')], 60_000)
  await mkdir(SHOTS, { recursive: true })
  dataDir = await mkdtemp(join(tmpdir(), 'pano-e2e-santral-'))
  // Simulated time runs 4× faster: a 20 s ring timeout takes 5 s.
  sim = await createPbxSimulator({ clock: 'real', speed: 4, seed: 11, noise: 'none' })
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
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

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL(/\/santral$/)
}

async function until<T>(
  read: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await read()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** Places a santral call for santral1 and returns its card once the operator is talking. */
async function callReachesOperator(page: Page, callerNumber: string, shown: string) {
  const placed = sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: 'Local/3001@operators/n',
    answer: 6000,
    talkMs: 600_000,
  })
  const card = page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`)
  await card.getByText(shown).waitFor()
  await card.getByText('Görüşmede').waitFor()
  await card.getByText('Operatör Fatma Kaya').waitFor()
  return { placed, card }
}

describe('santral console', () => {
  it('santral1 transfers a call to Zabıta by keyboard; the simulator bridges it to 2002 and it is recorded as answered', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    await page.getByRole('heading', { name: 'Rehber' }).waitFor()

    const { placed, card } = await callReachesOperator(page, '05325550101', '0532 555 01 01')
    await page.screenshot({ path: `${SHOTS}/santral-1-call.png`, fullPage: true })

    // Words left in the search box from an earlier transfer do not stick to what is typed next.
    await page.getByLabel('Birim, kişi, dahili veya konu ara').fill('fen')
    // Keyboard only: the call's button, Enter selects it and puts the cursor in the search box.
    await card.locator('button.pick').focus()
    await page.keyboard.press('Enter')
    await page.keyboard.type('zab')
    const first = page.getByRole('option').first()
    expect(await first.getAttribute('aria-selected')).toBe('true')
    expect(await first.getAttribute('data-exten')).toBe('2002')
    await page.screenshot({ path: `${SHOTS}/santral-2-search.png`, fullPage: true })
    await page.keyboard.press('Enter')

    await page.getByText('Çağrı Zabıta Müdürlüğü (2002) dahilisine aktarıldı').waitFor()
    const truth = await until(() => {
      const c = sim.groundTruth().calls.find((x) => x.linkedid === placed.linkedid)
      return c?.transfer?.answered === true ? c : undefined
    }, 'Zabıta answering')
    expect(truth.transfer?.target).toBe('2002')
    expect(sim.channels().some((c) => c.startsWith('PJSIP/2002-'))).toBe(true)

    const row = page.locator('tr[data-outcome="ANSWERED"]', { hasText: 'Zabıta Müdürlüğü' })
    await row.waitFor()
    const stored = await pano.prisma.transfer.findFirstOrThrow({ where: { linkedId: placed.linkedid } })
    expect(stored).toMatchObject({ outcome: 'ANSWERED', targetExten: '2002', kind: 'BLIND' })
    await page.locator('tr[data-unit="Zabıta Müdürlüğü"]', { hasText: '%100' }).waitFor()
    await page.screenshot({ path: `${SHOTS}/santral-3-answered.png`, fullPage: true })
    expect(problems).toEqual([])
  })

  it('confirms a transfer even when the unit took the call before the server’s answer reached the console', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    const { card } = await callReachesOperator(page, '05325550109', '0532 555 01 09')
    // A slow answer (a loaded node): the console shows the call gone before the transfer's reply arrives.
    await page.route('**/api/v1/switchboard/transfers', async (route) => {
      const response = await route.fetch()
      await card.waitFor({ state: 'detached', timeout: 20_000 })
      await route.fulfill({ response })
    })
    await card.locator('button.pick').click()
    const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
    await search.fill('zab')
    await page.locator('[data-directory-target]').getByText('Zabıta Müdürlüğü (2002)').waitFor()
    await search.press('Enter')
    const confirmation = page.getByText('Çağrı Zabıta Müdürlüğü (2002) dahilisine aktarıldı')
    await confirmation.waitFor()
    expect(await card.count()).toBe(0)
    // It is not kept for good: with its call gone it leaves after a few seconds.
    await confirmation.waitFor({ state: 'detached', timeout: 15_000 })
    expect(problems).toEqual([])
  })

  it('↓ then Enter sends the call to the first result; an extension that never answers becomes a callback for the unit', async () => {
    sim.setExtensionBehaviour('2001', 'never-answer')
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    const { placed, card } = await callReachesOperator(page, '05325550202', '0532 555 02 02')

    await card.locator('button.pick').click()
    const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
    await search.fill('FEN IS')
    // Two Fen İşleri lines: the first result is the one Enter uses, and the screen names it.
    const options = page.getByRole('option')
    expect(await options.nth(0).getAttribute('data-exten')).toBe('2001')
    expect(await options.nth(1).getAttribute('data-exten')).toBe('2101')
    const target = page.locator('[data-directory-target]')
    expect(await target.textContent()).toContain('Enter ile aktarılacak hat: Fen İşleri Müdürlüğü (2001)')
    // ↓ to "enter the list" lands on that first line, not the one below it; Enter sends it there.
    await search.press('ArrowDown')
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true')
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('false')
    expect(await target.textContent()).toContain('Fen İşleri Müdürlüğü (2001)')
    await search.press('Enter')
    await page.getByText('Çağrı Fen İşleri Müdürlüğü (2001) dahilisine aktarıldı').waitFor()

    const alert = page.locator('[data-alert]', {
      hasText: 'Fen İşleri Müdürlüğü aktarılan çağrıyı cevaplamadı',
    })
    await alert.waitFor({ timeout: 30_000 })
    await page.locator('tr[data-outcome="NOT_ANSWERED"]', { hasText: 'geri arama açıldı' }).waitFor()
    await page.screenshot({ path: `${SHOTS}/santral-4-unanswered.png`, fullPage: true })

    const fen = await pano.prisma.unit.findUniqueOrThrow({ where: { code: 'fen-isleri' } })
    const callback = await pano.prisma.callback.findFirstOrThrow({
      where: { phoneE164: '+905325550202', reason: 'TRANSFER_UNANSWERED' },
    })
    expect(callback).toMatchObject({ unitId: fen.id, status: 'OPEN' })
    const stored = await pano.prisma.transfer.findFirstOrThrow({ where: { linkedId: placed.linkedid } })
    expect(stored.outcome).toBe('NOT_ANSWERED')
    expect(problems).toEqual([])
  })

  it('a transfer santral1 makes from their own phone counts under the unit as Telefondan', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    await page.getByRole('heading', { name: 'Bugün birimlere aktarımlar' }).waitFor()
    // The PBX's own blind transfer from the operator's phone: no console action, a BlindTransfer event.
    sim.placeCall({
      queue: 'santral',
      callerNumber: '05325550303',
      ringMember: 'Local/3001@operators/n',
      answer: 2000,
      talkMs: 600_000,
      transfer: { kind: 'blind', exten: '2003', afterMs: 2000 },
    })
    const row = page.locator('tr[data-unit="Temizlik İşleri Müdürlüğü"]')
    await row.waitFor()
    const cells = () => row.locator('td').allTextContents()
    // Aktarım, Cevaplanan, Cevaplanmayan, Arayan kapattı, Diğer, Telefondan, Oran.
    await expect.poll(cells).toEqual(['1', '0', '0', '0', '0', '1', '—'])
    await page
      .getByText('Telefondan: operatörün bu ekranı kullanmadan kendi telefonundan aktardığı')
      .waitFor()
    // The list below holds it too, made from the phone, with no outcome of its own.
    const list = page.locator('section', {
      has: page.getByRole('heading', { name: 'Son aktarımlar', exact: true }),
    })
    const listed = list.locator('tr[data-phone-transfer]', { hasText: '0532 555 03 03' })
    await listed.waitFor()
    expect(await listed.locator('td').allTextContents()).toEqual([
      expect.stringMatching(/^\d{2}:\d{2}/),
      '0532 555 03 03',
      'Temizlik İşleri Müdürlüğü (2003)',
      'Telefondan',
      '—',
    ])
    await page.screenshot({ path: `${SHOTS}/santral-5-phone-transfer.png`, fullPage: true })
    expect(problems).toEqual([])
  })

  it('a transfer to a line shown unreachable asks first; Vazgeç keeps the caller, "Yine de aktar" sends it', async () => {
    // A line whose device the PBX does not know: its light reads "Ulaşılamıyor".
    const line = await pano.prisma.extension.create({
      data: {
        pbxId: DEMO_PBX_ID,
        number: '2099',
        label: 'Arşiv Müdürlüğü',
        stateInterface: 'PJSIP/2099',
      },
    })
    await pano.switchboard?.reload()
    // Nobody picks up there: the caller sent anyway rings on until the unit's ring timeout.
    sim.setExtensionBehaviour('2099', 'never-answer')
    const { page, problems } = await browser.newPage({ viewport: { width: 1280, height: 560 } })
    await signIn(page, 'santral1')
    const { placed, card } = await callReachesOperator(page, '05325550404', '0532 555 04 04')

    await card.locator('button.pick').click()
    const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
    await search.fill('2099')
    const row = page.locator(`li#dir-${line.id}`)
    await row.getByText('Ulaşılamıyor').waitFor()

    // Enter in the search box asks; the safe answer has the focus, so a second Enter keeps the caller.
    await search.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Dahili ulaşılamıyor' })
    await dialog
      .getByText('Arşiv Müdürlüğü (2099) ulaşılamıyor; arayan kaybedilebilir. Yine de aktarılsın mı?')
      .waitFor()
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent?.trim()')).toBe(
      'Vazgeç',
    )
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('directory-search')
    // Consult goes through the same question; Escape answers no.
    await search.press('Shift+Enter')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(await pano.prisma.transfer.count({ where: { linkedId: placed.linkedid } })).toBe(0)
    await card.getByText('Görüşmede').waitFor()

    // The operator scrolled down to the line and clicks its Aktar; this time they mean it. The answer
    // is held back until the PBX has hung the caller up, so the call has left the console (and the
    // answer about it with it) before the browser reads it: the tray must still come into view.
    await page.route('**/api/v1/switchboard/transfers', async (route) => {
      const response = await route.fetch()
      await card.waitFor({ state: 'detached' })
      await route.fulfill({ response })
    })
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)')
    await row.getByRole('button', { name: 'Aktar' }).click()
    await dialog.getByRole('button', { name: 'Yine de aktar' }).click()
    await until(
      () => pano.prisma.transfer.findFirst({ where: { linkedId: placed.linkedid, targetExten: '2099' } }),
      'the transfer to 2099',
    )

    // The PBX has no such extension, so it hangs the caller up at once: the alert that the caller was
    // lost names the line. Once the answer is in, the focus is in the tray and the tray is on screen.
    const tray = page.locator('[data-notice-tray]')
    await tray.getByText('Arşiv Müdürlüğü').first().waitFor()
    await expect
      .poll(
        () =>
          page.evaluate<boolean>(
            'document.querySelector("[data-notice-tray]")?.contains(document.activeElement) === true',
          ),
        { timeout: 10_000 },
      )
      .toBe(true)
    const box = await tray.boundingBox()
    const height = await page.evaluate<number>('innerHeight')
    if (box === null) throw new Error('the notice tray is not shown')
    // Within a pixel: the page scrolls by fractions of one.
    expect(box.y).toBeGreaterThan(-1)
    expect(box.y + box.height).toBeLessThan(height + 1)
    await page.screenshot({ path: `${SHOTS}/santral-6-unreachable.png`, fullPage: true })
    expect(problems).toEqual([])
  })

  it('says why the directory lists nothing: no favourite yet, or nothing matches what was typed', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
    await search.waitFor()
    const empty = page.locator('li.empty')
    await page.getByLabel('Yalnız favoriler').check()
    await empty.filter({ hasText: 'Henüz favori yok: bir satırın ☆ düğmesiyle ekleyin.' }).waitFor()
    await page.getByLabel('Yalnız favoriler').uncheck()
    await search.fill('qqq')
    await empty.filter({ hasText: '“qqq” ile eşleşen birim veya kişi yok.' }).waitFor()
    expect(problems).toEqual([])
  })

  it('says the directory is on its way while it loads, not that it is empty', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/v1/directory', async (route) => {
      await held
      await route.continue()
    })
    await page.reload()
    const empty = page.locator('li.empty')
    await empty.filter({ hasText: 'Rehber yükleniyor…' }).waitFor()
    expect(await empty.textContent()).not.toContain('Rehberde henüz dahili yok')
    release()
    await page.getByLabel('Birim, kişi, dahili veya konu ara').fill('zab')
    expect(await page.getByRole('option').first().getAttribute('data-exten')).toBe('2002')
    expect(problems).toEqual([])
  })

  it('uses the width of a wide screen: the directory beside the calls grows with a 1920 px monitor', async () => {
    const widthAt = async (width: number) => {
      const { page, problems } = await browser.newPage({ viewport: { width, height: 1080 } })
      await signIn(page, 'santral1')
      const directory = page.locator('section.directory')
      await directory.waitFor()
      const box = await directory.boundingBox()
      const scroll = await page.evaluate<number>(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )
      expect(problems).toEqual([])
      return { directory: box?.width ?? 0, scroll }
    }
    const [narrow, laptop, wide] = [await widthAt(640), await widthAt(1366), await widthAt(1920)]
    // A narrow window: the day’s table per unit scrolls in its box (its eight columns pushed the page
    // 150 px sideways).
    expect(narrow.scroll).toBe(0)
    expect(laptop.scroll).toBe(0)
    expect(wide.scroll).toBe(0)
    // Three fifths of the frame: at 1920 px the frame is no longer held to the 1 440 px of reading pages.
    expect(wide.directory).toBeGreaterThan(1000)
    expect(wide.directory - laptop.directory).toBeGreaterThan(300)
  })

  it('Danış is disabled, saying why, while the picked call is still ringing; Aktar is not', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'santral1')
    const placed = sim.placeCall({
      queue: 'santral',
      callerNumber: '05325550505',
      ringMember: 'Local/3001@operators/n',
      answer: false,
      patienceMs: 600_000,
    })
    const card = page.locator(`li[data-call="${DEMO_PBX_ID}/${placed.linkedid}"]`)
    // Not answered yet: ringing at the operator, or waiting in the queue.
    await card.locator('.state', { hasText: /Çalıyor|Bekliyor/ }).waitFor()
    await card.locator('button.pick').click()
    const search = page.getByLabel('Birim, kişi, dahili veya konu ara')
    await search.fill('zab')
    const row = page.locator('li[data-exten="2002"]')
    const consult = row.getByRole('button', { name: 'Danış' })
    expect(await consult.isDisabled()).toBe(true)
    expect(await consult.getAttribute('title')).toContain('Danışmalı aktarma için önce çağrıyı cevaplayın.')
    expect(await row.getByRole('button', { name: 'Aktar' }).isEnabled()).toBe(true)

    // Shift+Enter says the same at once, and asks nothing of the PBX.
    await search.press('Shift+Enter')
    await page
      .locator('[data-notice="feedback"]', { hasText: 'Danışmalı aktarma için önce çağrıyı cevaplayın.' })
      .waitFor()
    expect(await pano.prisma.transfer.count({ where: { linkedId: placed.linkedid } })).toBe(0)
    sim.hangup(placed.channel)
    await card.waitFor({ state: 'detached' })
    expect(problems).toEqual([])
  })
})

/**
 * The müdür listens to a live call from the agent board in Chromium against the PBX simulator: "Dinle"
 * in the agent's row rings the müdür's phone, the session shows as running in "Dinleme kayıtları",
 * ends when the caller hangs up, and the audit log holds who listened to whose call and for how long; a
 * switchboard operator listened to is told so on the santral console. An agent paused while talking reads
 * as on the call and paused, on the agent board and on the office TV alike. From Panolar › Canlı çağrılar
 * (reached with the arrow keys) the müdür sees the waiting caller above the talking one, the talk
 * time ticking, and listens to that very call (the request names it; the audit row holds it) without
 * the müdür's own listening leg ever showing as a call of its own ("Kuyruk dışı", "Pano dinleme"); an
 * admin sees the same calls without the buttons. The callers' numbers are subscribed to (and the read
 * audited) only while that tab is open. At 1366×768 the page never scrolls sideways.
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
  ;[live, browser] = await Promise.all([
    startLivePano({ clientDir: CLIENT_DIR, env: { BROADCAST_INTERVAL_MS: '100' } }),
    launchBrowser(),
  ])
})

const LAPTOP = { width: 1366, height: 768 }

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${live.pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === '/wallboard')
}

/** How far the page scrolls sideways (0 or less: it fits; a vertical scrollbar makes it negative). */
const sideways = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - innerWidth')

/** The rows' phases, top to bottom. */
async function phases(page: Page): Promise<(string | null)[]> {
  const rows = page.locator('table.calls tbody tr')
  const out: (string | null)[] = []
  for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).getAttribute('data-phase'))
  return out
}

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

describe('listening to a live call', () => {
  it('starts from the agent board, shows the session and its end, and leaves the audit entry', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.goto(`${live.pano.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('mudur')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.waitForURL((url) => url.pathname === '/wallboard')
    await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
    await page.getByRole('heading', { name: 'Dinleme kayıtları (bugün)' }).waitFor({ timeout: 10_000 })

    const placed = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321112233',
      ringMember: 'Emre Şahin',
      answer: 500,
      talkMs: 120_000,
    })
    const row = page.locator('tr[data-agent="Emre Şahin"]')
    await row.getByRole('button', { name: 'Dinle' }).click({ timeout: 10_000 })
    await row.getByRole('status').filter({ hasText: 'Telefonunuz çalıyor' }).waitFor({ timeout: 5_000 })

    const session = page.locator('tr[data-spy-session]').filter({ hasText: 'Emre Şahin' })
    await session.filter({ hasText: 'Dinleniyor' }).waitFor({ timeout: 10_000 })
    expect(await session.first().textContent()).toContain('Dinle')
    expect(live.sim.groundTruth().spies.at(-1)?.data).toMatch(/^Local\/1004@agents-[0-9a-f]+;1,qE$/)

    // The office TV, open on the agents while the call goes on (a kiosk names the extension).
    const { token } = await live.kioskToken(['agents'])
    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await tv.page.goto(`${live.pano.url}/pano/tv?token=${encodeURIComponent(token)}`)
    const card = tv.page.locator('article[data-agent="Dahili 1004"]')
    await card.locator('.state').filter({ hasText: 'Görüşmede' }).waitFor({ timeout: 10_000 })

    // Paused while talking: one phrase in the state cell, no line of it starting with a comma.
    live.sim.pauseMember('Emre Şahin', true, 'Kişisel')
    const state = row.locator('td.state')
    await expect.poll(() => state.textContent()).toBe('Görüşmede, mola: Kişisel ihtiyaç')
    // innerText breaks the line where the page does: before a block, never inside a wrapped phrase.
    expect((await state.innerText()).trim()).toBe('Görüşmede, mola: Kişisel ihtiyaç')
    // The TV says the same: the call first, not an alarm-red break for someone who is talking.
    await expect
      .poll(async () => (await card.innerText()).replace(/\s+/g, ' ').trim())
      .toMatch(/^Dahili 1004 ● Görüşmede \d+:\d\d mola: Kişisel ihtiyaç /)
    expect(await card.getAttribute('data-state')).toBe('on-call')
    live.sim.pauseMember('Emre Şahin', false)
    await expect.poll(() => card.locator('.reason').count()).toBe(0)
    expect(tv.problems).toEqual([])

    live.sim.hangup(placed.channel)
    await page
      .locator('tr[data-spy-session="ended"]')
      .filter({ hasText: 'Emre Şahin' })
      .waitFor({ timeout: 10_000 })

    const mudur = await live.pano.prisma.user.findUniqueOrThrow({ where: { username: 'mudur' } })
    const audit = await live.pano.prisma.auditLog.findMany({
      where: { actorId: mudur.id, action: { startsWith: 'supervision.spy' } },
      orderBy: { id: 'asc' },
    })
    expect(audit.map((a) => a.action)).toEqual(['supervision.spy-start', 'supervision.spy-end'])
    expect(audit[0]?.detail).toMatchObject({ mode: 'listen', agentName: 'Emre Şahin' })
    expect(problems).toEqual([])
  }, 90_000)

  it('tells the operator on the santral console while the müdür listens to their call', async () => {
    const operator = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await operator.page.goto(`${live.pano.url}/giris`)
    await operator.page.getByLabel('Kullanıcı adı').fill('santral1')
    await operator.page.getByLabel('Parola').fill('demo')
    await operator.page.getByLabel('Parola').press('Enter')
    await operator.page.waitForURL((url) => url.pathname === '/santral')
    const mudur = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await mudur.page.goto(`${live.pano.url}/giris`)
    await mudur.page.getByLabel('Kullanıcı adı').fill('mudur')
    await mudur.page.getByLabel('Parola').fill('demo')
    await mudur.page.getByLabel('Parola').press('Enter')
    await mudur.page.waitForURL((url) => url.pathname === '/wallboard')
    await mudur.page.getByRole('tab', { name: 'Temsilci panosu' }).click()

    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05324445566',
      ringMember: 'Local/3001@operators/n',
      answer: 500,
      talkMs: 120_000,
    })
    const row = mudur.page.locator('tr[data-agent="Operatör Fatma Kaya"]')
    await row.getByRole('button', { name: 'Dinle' }).click({ timeout: 15_000 })
    const notice = operator.page.locator('[data-listened="listen"]')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.getAttribute('role')).toBe('status')
    live.sim.hangup(placed.channel)
    await notice.waitFor({ state: 'detached', timeout: 10_000 })
    expect(operator.problems).toEqual([])
  }, 90_000)
})

describe('listening from Panolar › Canlı çağrılar', () => {
  it('shows the live calls, waiting first, and listens to the talking call the müdür picks', async () => {
    const { page, problems } = await browser.newPage({ viewport: LAPTOP })
    await signIn(page, 'mudur')
    const mudur = await live.pano.prisma.user.findUniqueOrThrow({ where: { username: 'mudur' } })
    const callLists = () =>
      live.pano.prisma.auditLog.count({ where: { action: 'call.list', actorId: mudur.id } })
    // Callers' numbers are read (and audited) only once the tab is open, not with the other boards.
    await page.locator('[data-queue]').first().waitFor({ timeout: 10_000 })
    await page.waitForTimeout(500)
    expect(await callLists()).toBe(0)
    // Tabs move with the arrow keys: Kuyruk panosu → Temsilci panosu → Canlı çağrılar.
    await page.getByRole('tab', { name: 'Kuyruk panosu' }).focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const tab = page.getByRole('tab', { name: 'Canlı çağrılar' })
    expect(await tab.getAttribute('aria-selected')).toBe('true')
    expect(await page.evaluate<string | undefined>('document.activeElement?.textContent')).toBe(
      'Canlı çağrılar',
    )
    await page.getByText('Şu anda süren çağrı yok.').waitFor({ timeout: 10_000 })
    await expect.poll(callLists).toBe(1)

    const talking = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321239901',
      ringMember: 'Emre Şahin',
      answer: 300,
      talkMs: 120_000,
    })
    const row = page.locator('tr[data-phase="talking"]').filter({ hasText: 'Emre Şahin' })
    await row.waitFor({ timeout: 10_000 })
    const waiting = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321239902',
      ringMember: 'Ayşe Yılmaz',
      answer: false,
      patienceMs: 120_000,
    })
    // The waiting caller sits above the call being talked, says so in words, and has no buttons.
    const waitingRow = page.locator('tr[data-phase="waiting"]').filter({ hasText: '0532 123 99 02' })
    await waitingRow.waitFor({ timeout: 10_000 })
    expect(await waitingRow.textContent()).toContain('Bekliyor')
    expect(await waitingRow.locator('[data-spy]').count()).toBe(0)
    await expect.poll(() => phases(page)).toEqual(expect.arrayContaining(['waiting', 'talking']))
    const order = await phases(page)
    expect(order.lastIndexOf('waiting')).toBeLessThan(order.indexOf('talking'))
    const text = (await row.textContent()) ?? ''
    for (const shown of ['444 1 575 Çağrı Merkezi', 'Görüşmede', '0532 123 99 01'])
      expect(text).toContain(shown)
    // The talk time ticks with the page clock.
    const time = row.locator('td.time')
    const before = (await time.textContent())?.trim()
    await expect.poll(async () => (await time.textContent())?.trim()).not.toBe(before)

    const callId = await row.getAttribute('data-call')
    const posted = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/supervision/spy'),
    )
    await row.getByRole('button', { name: 'Dinle' }).click()
    expect((await posted).postDataJSON()).toEqual({
      pbxId: live.telephony.pbxStatus()[0]?.id,
      interface: 'Local/1004@agents/n',
      mode: 'listen',
      callId,
    })
    await row.getByRole('status').filter({ hasText: 'Telefonunuz çalıyor' }).waitFor({ timeout: 5_000 })
    const session = page.locator('tr[data-spy-session]').filter({ hasText: 'Emre Şahin' })
    await session.filter({ hasText: 'Dinleniyor' }).waitFor({ timeout: 10_000 })
    expect(live.sim.groundTruth().spies.at(-1)?.data).toMatch(/^Local\/1004@agents-[0-9a-f]+;1,qE$/)
    // The müdür's own leg (ringing their phone, then running ChanSpy) is in Pano's state now, yet the
    // table does not gain a row for it through many broadcasts: still the waiting and the talking call.
    const state = [...live.telephony.pbxs.values()][0]?.bridge.state
    await expect
      .poll(
        () => [...(state?.channels.values() ?? [])].filter((c) => c.callId.startsWith('pano-spy-')).length,
      )
      .toBe(2)
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(150)
      expect(await phases(page)).toEqual(['waiting', 'talking'])
      expect(await page.locator('table.calls tbody tr').filter({ hasText: 'Pano dinleme' }).count()).toBe(0)
      expect(await page.locator('table.calls tbody th').filter({ hasText: 'Kuyruk dışı' }).count()).toBe(0)
    }
    expect(await sideways(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: 'test-results/live-calls-mudur-1366.png', fullPage: true })

    live.sim.hangup(talking.channel)
    live.sim.hangup(waiting.channel)
    await page.locator('tr[data-spy-session="ended"]').first().waitFor({ timeout: 10_000 })
    const audit = await live.pano.prisma.auditLog.findFirstOrThrow({
      where: { action: 'supervision.spy-start' },
      orderBy: { id: 'desc' },
    })
    expect(audit).toMatchObject({
      entityId: `${live.telephony.pbxStatus()[0]?.id}/${callId}`,
      detail: { mode: 'listen', agentName: 'Emre Şahin' },
    })
    expect(problems).toEqual([])
  }, 90_000)

  it('shows an admin the same calls without the buttons', async () => {
    const { page, problems } = await browser.newPage({ viewport: LAPTOP })
    await signIn(page, 'admin')
    await page.getByRole('tab', { name: 'Canlı çağrılar' }).click()
    const placed = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321239903',
      ringMember: 'Zeynep Çelik',
      answer: 300,
      talkMs: 120_000,
    })
    const row = page.locator('tr[data-phase="talking"]').filter({ hasText: 'Zeynep Çelik' })
    await row.waitFor({ timeout: 10_000 })
    expect(await row.textContent()).toContain('0532 123 99 03')
    expect(await page.locator('[data-spy]').count()).toBe(0)
    expect(await page.getByRole('columnheader', { name: 'Dinleme' }).count()).toBe(0)
    expect(await page.getByRole('heading', { name: 'Dinleme kayıtları (bugün)' }).count()).toBe(0)
    expect(await sideways(page)).toBeLessThanOrEqual(0)
    live.sim.hangup(placed.channel)
    await row.waitFor({ state: 'detached', timeout: 10_000 })
    expect(problems).toEqual([])
  }, 60_000)
})

describe('Panolar on a wide monitor', () => {
  it('gives the agent board the width: a talking agent’s row is one line on a wide monitor, its pause one line on a laptop', async () => {
    const rowAt = async (width: number) => {
      const { page, problems } = await browser.newPage({ viewport: { width, height: 1080 } })
      await signIn(page, 'mudur')
      await page.getByRole('tab', { name: 'Temsilci panosu' }).click()
      const row = page.locator('tr[data-agent="Gülşen Doğan"]')
      await row.getByRole('button', { name: 'Araya gir' }).waitFor({ timeout: 15_000 })
      const tops = await Promise.all(
        ['Molaya al', 'Dinle', 'Fısılda', 'Araya gir'].map(
          async (name) => (await row.getByRole('button', { name }).boundingBox())?.y ?? -1,
        ),
      )
      const reasonTop = (await row.getByLabel('Gülşen Doğan için mola nedeni').boundingBox())?.y ?? -1
      const height = (await row.boundingBox())?.height ?? 0
      expect(await sideways(page)).toBeLessThanOrEqual(0)
      expect(problems).toEqual([])
      await page.context().close()
      return { tops, reasonTop, height }
    }
    const placed = live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321114455',
      ringMember: 'Gülşen Doğan',
      answer: 300,
      talkMs: 120_000,
    })
    const wide = await rowAt(1920)
    // One line: the buttons' tops within a few pixels (they differ in size), the row one button high.
    expect(Math.max(...wide.tops) - Math.min(...wide.tops)).toBeLessThan(10)
    expect(wide.height).toBeLessThan(80)
    // On a laptop the listening buttons may wrap in their cell, but the reason and "Molaya al" stay on
    // one line (the button once went under the list, two controls high) and the page never scrolls
    // sideways.
    const laptop = await rowAt(1366)
    expect(Math.abs((laptop.tops[0] ?? -1) - laptop.reasonTop)).toBeLessThan(10)
    // Narrower than the board's columns, the table scrolls in its box: at 1024 px the page did, by
    // 238 px, and at 800 px the rows' hidden labels for the reason lists stretched it.
    await rowAt(1024)
    await rowAt(800)
    live.sim.hangup(placed.channel)
  }, 60_000)
})

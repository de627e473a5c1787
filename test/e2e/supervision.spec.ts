/**
 * The müdür listens to a live call from the agent board in Chromium against the PBX simulator: "Dinle"
 * in the agent's row rings the müdür's phone, the session shows as running in "Dinleme kayıtları",
 * ends when the caller hangs up, and the audit log holds who listened to whose call and for how long; a
 * switchboard operator listened to is told so on the santral console.
 */
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

/**
 * A TV following more queues than fit readably: the PBX has five, the TV shows two panels at a time,
 * each half the screen, and the rotation turns the pages (the header says which, and where a hidden
 * queue has an open alert), so no label gets smaller than it is with two queues. The browser's clock is
 * driven, so a 20 s turn takes no time.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPbxSimulator, DEMO_QUEUES, type PbxSimulator } from '../../telephony/index.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser
let sim: PbxSimulator

const base = DEMO_QUEUES[0]!
const EXTRA = ['bilgi-hatti', 'cimer-hatti', 'zabita-hatti'].map((name, i) => ({
  ...base,
  name,
  label: name,
  members: base.members.slice(i, i + 1),
}))

beforeAll(async () => {
  sim = await createPbxSimulator({
    clock: 'real',
    speed: 1,
    seed: 23,
    noise: 'none',
    queues: [...DEMO_QUEUES, ...EXTRA],
  })
  ;[app, browser] = await Promise.all([startE2eApp({ sim }), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await sim?.close()
})

const shown = (page: Page) =>
  page.evaluate<string[]>(
    `[...document.querySelectorAll('main.tv [data-queue]')].map((e) => e.getAttribute('data-queue'))`,
  )

/** The smallest font size of any text in the queue panels (px). */
const smallestText = (page: Page) =>
  page.evaluate<number>(`(() => {
    let least = Infinity
    for (const el of document.querySelectorAll('main.tv [data-queue] *')) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '')) continue
      least = Math.min(least, parseFloat(getComputedStyle(el).fontSize))
    }
    return least
  })()`)

/** The müdür's queue board on a 1920×1080 TV, its clock driven by the test. */
async function openTv() {
  const opened = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  const { page } = opened
  await page.clock.install()
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill('mudur')
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname !== '/giris')
  await page.goto(`${app.url}/pano/tv?pano=kuyruk`)
  return opened
}

/**
 * The agents' counts of every queue on the page: each number with its word ("müsait", "molada", …), its
 * colour, and the colour of the same row's "görüşmede" count, which is never coloured.
 */
const agentCounts = (page: Page, rows: string) =>
  page.evaluate<{ word: string; value: string; color: string; plain: string }[]>(`(() => {
    const out = []
    for (const row of document.querySelectorAll(${JSON.stringify(rows)})) {
      const counts = [...row.querySelectorAll('b')]
      const plain = counts.find((b) => b.parentElement.textContent.includes('görüşmede'))
      for (const b of counts)
        out.push({
          word: b.parentElement.textContent.replace(b.textContent, '').trim().split(' ')[0],
          value: b.textContent.trim(),
          color: getComputedStyle(b).color,
          plain: getComputedStyle(plain).color,
        })
    }
    return out
  })()`)

describe('TV with five queues', () => {
  it('colours the available and paused counts only when there is someone to count', async () => {
    const { page, problems } = await openTv()
    await expect.poll(() => shown(page)).toHaveLength(2)
    // A member of one of the extra queues on a break: that queue's paused count is 1, the others 0.
    sim.pauseMember(EXTRA[0]!.members[0]!.interface, true, 'Mola', EXTRA[0]!.name)
    const check = async (rows: string) => {
      let counts: Awaited<ReturnType<typeof agentCounts>> = []
      await expect
        .poll(async () =>
          (counts = await agentCounts(page, rows)).some((c) => c.word === 'molada' && c.value !== '0'),
        )
        .toBe(true)
      const coloured = counts.filter((c) => c.word === 'müsait' || c.word === 'molada')
      // A green or amber 0 reads as a state at a glance: a zero is as plain as "görüşmede".
      const zeros = coloured.filter((c) => c.value === '0')
      expect(zeros.length).toBeGreaterThan(0)
      for (const z of zeros) expect(z.color, `${z.word} 0`).toBe(z.plain)
      for (const c of coloured.filter((c) => c.value !== '0'))
        expect(c.color, `${c.word} ${c.value}`).not.toBe(c.plain)
    }
    // The TV's pages, then the same queues on the wallboard page.
    for (let p = 1; p <= 3; p++) {
      if ((await shown(page)).includes(EXTRA[0]!.name)) break
      await page.clock.fastForward(20_000)
    }
    await check('main.tv [data-queue] p.agents')
    await page.goto(`${app.url}/wallboard`)
    await check('ul.agents')
    expect(problems).toEqual([])
  })

  it('shows two at a time, readable, and turns the pages with the rotation', async () => {
    const { page, problems } = await openTv()
    const pages = page.locator('[data-queue-pages]')
    await expect.poll(() => pages.textContent()).toBe('Kuyruklar 1/3')

    const seen: string[] = []
    for (const expected of ['Kuyruklar 1/3', 'Kuyruklar 2/3', 'Kuyruklar 3/3']) {
      await expect.poll(() => pages.textContent()).toBe(expected)
      const names = await shown(page)
      expect(names.length).toBe(expected.endsWith('3/3') ? 1 : 2)
      seen.push(...names)
      // Two panels side by side, the size a panel is laid out for: nothing under 16 px.
      expect(await smallestText(page)).toBeGreaterThanOrEqual(16)
      expect(await page.evaluate<number>('document.documentElement.scrollHeight - window.innerHeight')).toBe(
        0,
      )
      await page.clock.fastForward(20_000)
    }
    // Every queue had its turn, once, and the rotation starts over.
    expect(new Set(seen)).toEqual(new Set(['cagri-merkezi', 'santral', ...EXTRA.map((q) => q.name)]))
    expect(seen.length).toBe(5)
    await expect.poll(() => pages.textContent()).toBe('Kuyruklar 1/3')
    expect(problems).toEqual([])
  })

  it('names the page of a hidden queue with an open alert in the header', async () => {
    const { page, problems } = await openTv()
    const pages = page.locator('[data-queue-pages]')
    await expect.poll(() => pages.textContent()).toMatch(/^Kuyruklar 1\/3/)
    // The page the call centre is on, found by turning the pages.
    let home = 0
    for (let p = 1; p <= 3 && home === 0; p++) {
      if ((await shown(page)).includes('cagri-merkezi')) home = p
      else await page.clock.fastForward(20_000)
    }
    expect(home).toBeGreaterThan(0)

    // Four callers nobody answers: the demo's rule alerts the call centre at four waiting.
    for (let i = 0; i < 4; i++)
      sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: `05321113${i}00`,
        answer: false,
        patienceMs: 60_000,
      })
    await page.locator('article[data-queue="cagri-merkezi"][data-alerting="true"]').waitFor()
    expect(await pages.textContent()).not.toContain('uyarı')
    // On the next page the header says where the alert is.
    await page.clock.fastForward(20_000)
    await expect.poll(() => shown(page)).not.toContain('cagri-merkezi')
    expect(await pages.locator('.alert-pages').textContent()).toContain(`uyarı: ${home}. sayfa`)
    expect(problems).toEqual([])
  })
})

/**
 * The Çağrı Masası's own state and figures in Chromium against the PBX simulator:
 * - while an agent's phone rings, "Telefonunuz çalıyor" is in the palette's attention colour
 *   (--color-warn, client/src/styles/app.css) with its ☎, not in the green of ready/talking;
 * - the wait the pop shows once the call is answered is the one the call's record keeps (queue entry to
 *   answer, docs/metrics.md §3), as the ticket opened from the call shows it;
 * - the müdür, who is in no queue, reads what the desk is for and reaches Panolar and Raporlar from it;
 * - the agent's own numbers ("Bugünkü sayılarım") follow the day as it happens: a break counts up while
 *   it runs, a call is counted once it ends, before any wrap-up is saved; the break button keeps the
 *   keyboard's focus while the PBX answers;
 * - the list of calls waiting for a code says which calls it holds (the ten-minute rule);
 * - a ticket opened while no citizen is chosen says so beside its button and in its confirmation;
 * - what the agent typed on an ended call is kept when the next call takes the screen, said in the
 *   list of calls waiting for their wrap-up, and there again when the agent opens the call.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { holdAnswers, launchBrowser, type TestBrowser } from '../support/browser.ts'
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

async function signIn(page: Page, username: string, landing: string): Promise<void> {
  await page.goto(`${live.pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill('demo')
  await page.getByLabel('Parola').press('Enter')
  await page.waitForURL((url) => url.pathname === landing)
}

/** Seconds in an `m:ss` (or `h:mm:ss`) the desk shows. */
function seconds(text: string | null): number {
  return (text ?? '').split(':').reduce((sum, part) => sum * 60 + Number(part), 0)
}

type Rgb = [number, number, number]

function rgbOf(css: string): Rgb {
  const parts = /rgba?\((\d+), (\d+), (\d+)/.exec(css)
  if (parts === null) throw new Error(`not an rgb colour: ${css}`)
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])]
}

function hexOf(hex: string): Rgb {
  const h = hex.trim().replace('#', '')
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb
}

/** WCAG 2 contrast ratio of two sRGB colours. */
function contrast(a: Rgb, b: Rgb): number {
  const lum = (c: Rgb) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    }) as Rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

interface Badge {
  text: string
  background: string
  color: string
  /** The palette's attention colour as app.css writes it (`#6e4700`). */
  warn: string
}

/** The agent's state badge as drawn, and the palette's --color-warn. */
function badge(page: Page): Promise<Badge> {
  return page.evaluate<Badge>(`(() => {
    const el = document.querySelector('[data-member-state]')
    const style = getComputedStyle(el)
    return {
      text: el.textContent ?? '',
      background: style.backgroundColor,
      color: style.color,
      warn: getComputedStyle(document.documentElement).getPropertyValue('--color-warn'),
    }
  })()`)
}

describe('Çağrı Masası states and figures', () => {
  it('rings in the attention colour with its ☎, not in the green of ready and talking', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    await signIn(page, 'agent2', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    const ready = await badge(page)

    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05324440011',
      ringMember: 'Local/1002@agents/n',
      answer: 3_000,
      talkMs: 2_000,
    })
    await page.locator('[data-member-state="ringing"]').waitFor({ timeout: 5_000 })
    const ringing = await badge(page)
    expect(ringing.text).toContain('☎')
    expect(ringing.text).toContain('Telefonunuz çalıyor')
    expect(rgbOf(ringing.background)).toEqual(hexOf(ringing.warn))
    expect(ringing.background).not.toBe(ready.background)
    expect(contrast(rgbOf(ringing.color), rgbOf(ringing.background))).toBeGreaterThanOrEqual(4.5)
    await page.screenshot({ path: 'test-results/desk-ringing-badge.png' })

    // Answered: talking is the green of ready again.
    await page.locator('[data-member-state="busy"]').waitFor({ timeout: 10_000 })
    expect((await badge(page)).background).toBe(ready.background)
    expect(problems).toEqual([])
  })

  it('shows, once answered, the wait the ticket opened from the call shows', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
    await signIn(page, 'agent1', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })

    // The queue rings agent1 at once; the agent picks up 3 s later.
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321112233',
      ringMember: 'Local/1001@agents/n',
      answer: 3_000,
      talkMs: 4_000,
    })
    const pop = page.locator('article[data-pop]')
    await pop.locator('[data-phase="talking"]').waitFor({ timeout: 10_000 })
    const popWait = (await pop.locator('header .meta strong').textContent())?.trim()

    // A ticket from the call; once the call is recorded, the ticket lists it with its wait.
    const form = pop.getByRole('form', { name: 'Çağrıdan talep' })
    await form.getByLabel('Konu').fill('Kaldırım taşı kırık')
    await form.getByLabel('Açıklama').fill('Donanmacı mahallesinde kaldırım taşları kırık.')
    await form.getByRole('button', { name: 'Talep oluştur' }).click()
    const created = pop.getByRole('status').filter({ hasText: 'oluşturuldu' })
    await created.waitFor()
    const number = /\d{4}-\d{6}/.exec((await created.textContent()) ?? '')?.[0] ?? ''
    await pop.locator('[data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await pop.getByLabel('İşlem kodu').selectOption({ label: 'Talep oluşturuldu' })
    await pop.getByRole('button', { name: 'Kaydet ve kapat' }).click()
    await pop.waitFor({ state: 'detached' })

    await page.goto(`${live.pano.url}/talepler/${number}`)
    const linked = page.locator('section[aria-labelledby="calls-title"] li', { hasText: 'bekleme' })
    await linked.waitFor({ timeout: 15_000 })
    const ticketWait = /bekleme (\d+:\d\d)/.exec((await linked.textContent()) ?? '')?.[1]
    expect(ticketWait).toMatch(/^\d+:\d\d$/)
    expect(popWait).toBe(ticketWait)
    expect(problems).toEqual([])
  })

  it('says, before and after, that a ticket from an unknown caller is opened without a citizen', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent1', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05427771100',
      ringMember: 'Local/1001@agents/n',
      answer: 1_000,
      talkMs: 8_000,
    })
    const pop = page.locator('article[data-pop]')
    await pop.locator('[data-phase="talking"]').waitFor({ timeout: 10_000 })
    await pop.getByText('Kayıtlı değil.').waitFor()
    const form = pop.getByRole('form', { name: 'Çağrıdan talep' })
    const button = form.getByRole('button', { name: 'Talep oluştur' })
    // Said beside the button and read with it by a screen reader.
    const warning = form.getByText('Vatandaş seçilmedi: talep bir vatandaş kaydına bağlanmadan açılır.', {
      exact: false,
    })
    await warning.waitFor()
    expect(await button.getAttribute('aria-describedby')).toBe(await warning.getAttribute('id'))
    await form.getByLabel('Konu').fill('Park aydınlatması')
    await form.getByLabel('Açıklama').fill('Arayan adını vermek istemedi.')
    await button.click()
    const created = pop.getByRole('status').filter({ hasText: 'oluşturuldu' })
    await created.waitFor()
    expect(await created.textContent()).toMatch(/Talep \d{4}-\d{6} \(vatandaş seçilmeden\) oluşturuldu/)

    // A caller registered on the spot is the ticket's citizen: the warning goes.
    await pop.getByLabel('Ad soyad').fill('Deniz Yurt')
    await pop.getByLabel('Arayana KVKK aydınlatması okundu').check()
    await pop.getByRole('button', { name: 'Kaydet', exact: true }).click()
    await expect.poll(() => form.textContent()).toContain('Vatandaş: Deniz Yurt')
    expect(await warning.count()).toBe(0)
    expect(await button.getAttribute('aria-describedby')).toBeNull()
    expect(problems).toEqual([])
  })

  it('says where the calls waiting for a code come from, the ten-minute rule, with the list', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent2', '/masa')
    await page.locator('[data-member-state]').first().waitFor({ timeout: 10_000 })
    await page.keyboard.press('Alt+KeyK')
    const rule = page.locator('[data-uncoded-rule]')
    await rule.waitFor()
    expect((await rule.innerText()).replace(/\s+/g, ' ')).toBe(
      'Bugün cevapladığınız, çağrı sonrası işlemi 10 dakika içinde kaydedilmeyen çağrılar ekrandan buraya taşınır; kodunu buradan girin.',
    )
    await page.getByText('İşlem kodu bekleyen çağrı yok.').waitFor()
    expect(problems).toEqual([])
  })

  it('tells the müdür, who is in no queue, what the desk is for and where Panolar and Raporlar are', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'mudur', '/wallboard')
    await page.goto(`${live.pano.url}/masa`)
    const empty = page.locator('[data-desk-empty]')
    await empty.waitFor({ timeout: 10_000 })
    await empty.getByRole('heading', { name: 'Bu ekranda size çağrı gelmez' }).waitFor()
    expect(await empty.textContent()).toContain('444 1 575')
    expect(await empty.getByRole('link', { name: 'Panolar' }).getAttribute('href')).toBe('/wallboard')
    await page.screenshot({ path: 'test-results/desk-mudur-empty.png' })
    await empty.getByRole('link', { name: 'Raporlar' }).click()
    await page.waitForURL((url) => url.pathname === '/raporlar')
    await expect.poll(() => page.locator('#view-title').textContent()).toBe('Raporlar')
    expect(problems).toEqual([])
  })

  it('counts a running break and a running call up, and a finished call in once, without a reload or a wrap-up', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent3', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    const mine = (name: string) =>
      page.locator(`dl[aria-label="Bugünkü sayılarım"] div:has(dt:text-is("${name}")) dd:not(.note)`)
    expect(await mine('Cevaplanan').textContent()).toBe('0')
    // "Kaçırılan" says what it counts, so it is not read as the citizens' "Cevapsız çağrılar" list.
    const missed = page.locator('dl[aria-label="Bugünkü sayılarım"] div:has(dt:text-is("Kaçırılan"))')
    expect(await missed.innerText()).toMatch(/Kaçırılan\s+0\s+size çalıp açılmayan/)

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

    // A call's talk counts up while it goes on, and once it ends the call is counted while its wrap-up
    // is still open, its talk never falling back.
    expect(seconds(await mine('Konuşma').textContent())).toBe(0)
    live.sim.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05321230089',
      ringMember: 'Local/1003@agents/n',
      answer: 500,
      talkMs: 6_000,
    })
    const pop = page.locator('article[data-pop]')
    await pop.locator('[data-phase="talking"]').waitFor({ timeout: 15_000 })
    // The break's news went when the call rang.
    expect(await page.getByRole('status').filter({ hasText: 'Moladan döndünüz' }).count()).toBe(0)
    await expect
      .poll(async () => seconds(await mine('Konuşma').textContent()), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2)
    expect(await pop.locator('[data-phase="talking"]').count()).toBe(1)
    expect(await mine('Cevaplanan').textContent()).toBe('0')
    // The call's own length runs in its heading, apart from the day's total.
    const callLength = async () =>
      seconds(((await pop.locator('[data-talk]').textContent()) ?? '').replace('Görüşme ', ''))
    const shownFirst = await callLength()
    await expect.poll(callLength, { timeout: 5_000 }).toBeGreaterThan(shownFirst)
    const talked: number[] = []
    const sampler = setInterval(() => {
      void mine('Konuşma')
        .textContent()
        .then((t) => talked.push(seconds(t)))
        .catch(() => undefined)
    }, 250)
    await pop.locator('[data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => mine('Cevaplanan').textContent(), { timeout: 10_000 }).toBe('1')
    await new Promise((r) => setTimeout(r, 1_000))
    clearInterval(sampler)
    const after = seconds(await mine('Konuşma').textContent())
    expect(after).toBeGreaterThanOrEqual(5)
    expect(after).toBeLessThanOrEqual(8)
    // Counted once: not the ended call's talk on top of the server's count of it.
    for (let i = 1; i < talked.length; i++) expect(talked[i]).toBeGreaterThanOrEqual(talked[i - 1] ?? 0)
    expect(await pop.locator('[data-phase="wrap-up"]').count()).toBe(1)
    await page.screenshot({ path: 'test-results/desk-today-live.png', fullPage: true })
    expect(problems).toEqual([])
  })

  it('takes a break pressed before the desk’s own data arrived, with the reason it then shows', async () => {
    const { context, page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent5', '/masa')
    // A slow network: on the next load the live state comes over the socket while the desk's "who am I"
    // and its data (the break reasons) are still on their way.
    const release = await holdAnswers(context, /\/api\/v1\/(auth\/me|desk\/me)$/)
    await page.reload()
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    await page.getByRole('button', { name: /Molaya çık/ }).click()
    release()
    await page.locator('[data-member-state="paused"]').waitFor()
    expect(await page.locator('[data-member-state]').textContent()).toContain('Moladasınız: Mola')
    expect(await page.getByRole('status').allTextContents()).toContain('Molaya çıktınız (Mola).')
    await page.getByRole('button', { name: /Moladan dön/ }).click()
    await page.locator('[data-member-state="ready"]').waitFor()
    expect(problems).toEqual([])
  })

  it('loads its own data without asking again who is signed in', async () => {
    const { context, page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent5', '/masa')
    // The page's session already knows the agent: the desk's data and break reasons do not wait for a
    // "who am I" that a slow network holds back.
    const release = await holdAnswers(context, /\/api\/v1\/auth\/me$/)
    await page.reload()
    await expect.poll(() => page.getByLabel('Mola nedeni').inputValue(), { timeout: 10_000 }).toBe('Mola')
    release()
    expect(problems).toEqual([])
  })

  it('keeps what was typed on an ended call when the next call takes the screen', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'agent4', '/masa')
    await page.locator('[data-member-state="ready"]').waitFor({ timeout: 10_000 })
    const call = (callerNumber: string, answer: number) =>
      live.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber,
        ringMember: 'Local/1004@agents/n',
        answer,
        talkMs: 1_500,
      })
    call('05321230091', 300)
    const first = page.locator('article[data-pop]', { has: page.locator('[data-phase="wrap-up"]') })
    await first.waitFor({ timeout: 15_000 })
    const firstId = await first.getAttribute('data-pop')
    await first.getByLabel('Not', { exact: true }).fill('Yarım kalan not')
    await first.locator('[data-field="subject"]').fill('Yarım kalan konu')

    // The next call rings while the agent is typing: it takes the screen, the typed text is kept.
    call('05321230092', 3_000)
    await page.locator('article[data-pop] [data-phase="ringing"]').waitFor({ timeout: 15_000 })
    const pending = page.locator('[data-pending-wrap-ups]')
    await expect.poll(() => pending.locator('summary').textContent()).toContain('yazdıklarınız saklı')
    await pending.locator('summary').click()
    const line = pending.locator(`li[data-wrap-up="${firstId}"]`)
    expect(await line.textContent()).toContain('yazdıklarınız saklı')

    // Once that call is over, the first one opens with what was typed.
    await page.locator('article[data-pop] [data-phase="wrap-up"]').waitFor({ timeout: 15_000 })
    await expect.poll(() => line.getByRole('button', { name: 'Aç' }).isEnabled()).toBe(true)
    await line.getByRole('button', { name: 'Aç' }).click()
    const reopened = page.locator(`article[data-pop="${firstId}"]`)
    await reopened.waitFor()
    expect(await reopened.getByLabel('Not', { exact: true }).inputValue()).toBe('Yarım kalan not')
    expect(await reopened.locator('[data-field="subject"]').inputValue()).toBe('Yarım kalan konu')
    await page.screenshot({ path: 'test-results/desk-draft-kept.png', fullPage: true })
    expect(problems).toEqual([])
  })
})

/**
 * Signing in through the real UI as each demo role: the navigation shows exactly that role's views,
 * forbidden addresses land on an allowed view, a wrong password is explained in Turkish, and signing
 * out ends the session on the server too.
 */
import { mkdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { ROLE_LABELS, VIEWS, VIEWS_BY_ROLE, VIEW_LABELS, type Role } from '../../server/contract/auth.ts'
import { PATH_BY_VIEW } from '../../client/src/lib/routes.ts'
import { holdAnswers, launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

const DEMO_USERS: { username: string; role: Role }[] = [
  { username: 'admin', role: 'admin' },
  { username: 'mudur', role: 'supervisor' },
  { username: 'agent1', role: 'agent' },
  { username: 'santral1', role: 'operator' },
  { username: 'fen', role: 'unit' },
  { username: 'kvkk', role: 'kvkk' },
]
const SCREENSHOT_DIR = 'test-results'
/** Low, so the rate-limit test is short; the other tests fail at most once per user. */
const LOGIN_MAX_FAILURES = 3

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([
    startE2eApp({ env: { LOGIN_MAX_FAILURES: String(LOGIN_MAX_FAILURES) } }),
    launchBrowser(),
  ])
  await mkdir(SCREENSHOT_DIR, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola').fill(password)
  await page.getByLabel('Parola').press('Enter')
}

function pathOf(page: Page): string {
  return new URL(page.url()).pathname
}

describe('signing in as each demo role', () => {
  it.each(DEMO_USERS)('$username ($role) sees only its own views', async ({ username, role }) => {
    const { page, problems } = await browser.newPage()
    const allowed = VIEWS_BY_ROLE[role]
    const first = allowed[0]
    if (first === undefined) throw new Error(`role ${role} has no views`)

    await signIn(page, username, 'demo')

    const nav = page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()
    // Each link's own label (a unit's Talepler link also carries its open-ticket count after it).
    const texts = await nav.getByRole('link').allTextContents()
    const labels = texts.map((t) => t.replace(/\d.*$/s, ''))
    expect(labels).toEqual(allowed.map((v) => VIEW_LABELS[v]))
    await page.waitForURL((url) => url.pathname === PATH_BY_VIEW[first])
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(VIEW_LABELS[first])
    expect(await nav.getByRole('link', { name: VIEW_LABELS[first] }).getAttribute('aria-current')).toBe(
      'page',
    )
    expect(await page.getByRole('banner').textContent()).toContain(ROLE_LABELS[role])
    await page.screenshot({ path: `${SCREENSHOT_DIR}/login-${username}.png`, fullPage: true })

    // Every view the role may see opens from the navigation.
    for (const view of allowed) {
      await nav.getByRole('link', { name: VIEW_LABELS[view] }).click()
      await page.waitForURL((url) => url.pathname === PATH_BY_VIEW[view])
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(VIEW_LABELS[view])
    }

    // Typing the address of a view the role may not see lands on its first view, with a reason.
    const forbidden = VIEWS.filter((v) => !allowed.includes(v))
    expect(forbidden.length).toBeGreaterThan(0)
    for (const view of forbidden) {
      await page.goto(`${app.url}${PATH_BY_VIEW[view]}`)
      await page.waitForURL((url) => url.pathname === PATH_BY_VIEW[first])
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(VIEW_LABELS[first])
      expect(await page.getByRole('status').filter({ hasText: 'yetkiniz yok' }).textContent()).toContain(
        VIEW_LABELS[view],
      )
    }

    expect(problems).toEqual([])
    await page.context().close()
  })
})

describe('the sign-in page', () => {
  it('explains a wrong password in Turkish and stays on the sign-in page', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'admin', 'yanlis-parola')

    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Kullanıcı adı veya parola hatalı')
    expect(pathOf(page)).toBe('/giris')
    expect(await page.getByLabel('Parola').inputValue()).toBe('')
    expect(await page.getByRole('navigation', { name: 'Ekranlar' }).count()).toBe(0)
    await page.screenshot({ path: `${SCREENSHOT_DIR}/login-wrong-password.png` })
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('says so when the server cannot be reached', async () => {
    const { page, problems } = await browser.newPage()
    await page.goto(`${app.url}/giris`)
    await page.route('**/api/v1/auth/login', (route) => route.abort('connectionrefused'))
    await page.getByLabel('Kullanıcı adı').fill('agent1')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sunucuya ulaşılamıyor')
    expect(pathOf(page)).toBe('/giris')
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('says how long to wait after too many wrong passwords', async () => {
    const { page, problems } = await browser.newPage()
    await page.goto(`${app.url}/giris`)
    const password = page.getByLabel('Parola')
    const attempt = async (): Promise<string | null> => {
      await page.getByLabel('Kullanıcı adı').fill('agent2')
      await password.fill('yanlis-parola')
      await password.press('Enter')
      // The form empties the password field once the server has answered.
      await expect.poll(() => password.inputValue()).toBe('')
      return page.getByRole('alert').textContent()
    }
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      expect(await attempt()).toContain('Kullanıcı adı veya parola hatalı')
    }
    const refused = await attempt()
    expect(refused).toContain('Çok fazla deneme yapıldı')
    expect(refused).toMatch(/\d+ (saniye|dakika) sonra yeniden deneyin/)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('sends a visitor who is not signed in to the sign-in page, then to the view they asked for', async () => {
    const { page, problems } = await browser.newPage()
    // A first visit is not an error: not even the browser's own line for a refused request.
    const consoleErrors: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text())
    })
    await page.goto(`${app.url}/raporlar`)
    await page.waitForURL((url) => url.pathname === '/giris')
    await page.getByLabel('Kullanıcı adı').waitFor()
    expect(consoleErrors).toEqual([])
    await page.getByLabel('Kullanıcı adı').fill('mudur')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.waitForURL((url) => url.pathname === PATH_BY_VIEW.reports)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(VIEW_LABELS.reports)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('can be used from the keyboard alone: skip link, fields in order, navigation by Tab and Enter', async () => {
    const { page, problems } = await browser.newPage()
    await page.goto(`${app.url}/giris`)
    // The sign-in page opens with the cursor in the user name field.
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('username')
    await page.keyboard.type('agent1')
    await page.keyboard.press('Tab')
    await page.keyboard.type('demo')
    await page.keyboard.press('Enter')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()

    // From the top of a freshly loaded page: skip link, first navigation link, second, Enter.
    await page.reload()
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').textContent()).toBe('İçeriğe geç')
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').textContent()).toBe(VIEW_LABELS.desk)
    await page.keyboard.press('Tab')
    expect(await page.locator(':focus').textContent()).toBe(VIEW_LABELS.tickets)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname === PATH_BY_VIEW.tickets)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(VIEW_LABELS.tickets)
    // Focus follows to the new view's title, so the next Tab continues from there.
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe('view-title')
    expect(problems).toEqual([])
    await page.context().close()
  })
})

describe('display', () => {
  it('"TV ekranı" shows the boards alone, without the menu, and Esc leads back', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await signIn(page, 'mudur', 'demo')
    const nav = page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()
    await page.getByRole('link', { name: 'TV ekranı' }).click()
    await page.waitForURL((url) => url.pathname === '/pano/tv')
    await page.locator('main.tv').waitFor()
    expect(await nav.count()).toBe(0)
    await page.screenshot({ path: `${SCREENSHOT_DIR}/tv-view-mudur.png` })
    await page.keyboard.press('Escape')
    await page.waitForURL((url) => url.pathname === PATH_BY_VIEW.wallboard)
    await nav.waitFor()
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('offers the TV view only to those who see the boards', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'agent1', 'demo')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
    expect(await page.getByRole('link', { name: 'TV ekranı' }).count()).toBe(0)
    expect(problems).toEqual([])
    await page.context().close()
  })

  it('fits a phone screen without sideways scrolling, signed out and signed in', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 360, height: 740 } })
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)

    await signIn(page, 'mudur', 'demo')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
    expect(await overflow()).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SCREENSHOT_DIR}/phone-mudur.png`, fullPage: true })
    expect(problems).toEqual([])
    await page.context().close()
  })
})

describe('session expiry', () => {
  it('an ended session (cookie gone) goes back to sign-in with a message, then to where the user was', async () => {
    const { page, context, problems } = await browser.newPage()
    await signIn(page, 'agent1', 'demo')
    const nav = page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()

    await context.clearCookies()
    await nav.getByRole('link', { name: VIEW_LABELS.tickets }).click()
    await page.waitForURL((url) => url.pathname === '/giris')
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Oturumunuzun süresi doldu')

    await page.getByLabel('Kullanıcı adı').fill('agent1')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.waitForURL((url) => url.pathname === PATH_BY_VIEW.tickets)
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('signing out', () => {
  it('returns to the sign-in page and the server no longer knows the session', async () => {
    const { page, context, problems } = await browser.newPage()
    await signIn(page, 'agent1', 'demo')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()

    await page.getByRole('button', { name: 'Çıkış' }).click()
    await page.waitForURL((url) => url.pathname === '/giris')
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Oturumunuz kapatıldı')
    expect(await page.getByRole('button', { name: 'Giriş yap' }).isVisible()).toBe(true)

    const me = await context.request.get(`${app.url}/api/v1/auth/me`)
    expect(me.status()).toBe(401)
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('each screen from the session it was opened in', () => {
  // Who is signed in is known from the page's session: no screen waits for asking it again, so on a
  // slow network its role's parts are there as soon as the screen's own data is.
  const SCREENS: { username: string; path: string; shows: (page: Page) => Promise<unknown> }[] = [
    {
      username: 'kvkk',
      path: '/yonetim',
      shows: async (page) => {
        const sections = page.getByRole('navigation', { name: 'Yönetim bölümleri' })
        await sections.waitFor({ timeout: 10_000 })
        expect(await sections.getByRole('link').allTextContents()).toEqual(['KVKK'])
      },
    },
    {
      username: 'fen',
      path: '/talepler',
      shows: async (page) => {
        await page.getByRole('tablist', { name: 'Talepler bölümleri' }).waitFor({ timeout: 10_000 })
        expect(await page.getByRole('tab').allTextContents()).toEqual([
          'Birimimin talepleri',
          'Geri aranacaklar',
        ])
      },
    },
    {
      username: 'santral1',
      path: '/santral',
      shows: (page) =>
        page
          .getByRole('button', { name: /Fen İşleri Müdürlüğü/ })
          .first()
          .waitFor({ timeout: 10_000 }),
    },
  ]

  it.each(SCREENS)('$username: $path without a second "who am I"', async ({ username, path, shows }) => {
    const { context, page, problems } = await browser.newPage()
    await signIn(page, username, 'demo')
    await page.waitForURL((url) => url.pathname !== '/giris')
    const release = await holdAnswers(context, /\/api\/v1\/auth\/me$/)
    await page.goto(`${app.url}${path}`)
    await shows(page)
    release()
    expect(problems).toEqual([])
    await context.close()
  })
})

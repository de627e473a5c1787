/**
 * Demo mode as `npm start` runs it (the built-in PBX simulator, slowed down) in Chromium: every screen
 * says the calls are not real and marks the demo, the header stays on one line at 1366 px; an API key
 * is made, copied once from where focus lands, used and revoked, its expiry typed as GG.AA.YYYY SS:DD on İstanbul's clock even
 * in a browser set to English and New York; a holiday year is filled and edited (a second holiday on a
 * taken day refused at the day, naming the first) and office hours saved,
 * with the server's objection at its field, the day typed as GG.AA.YYYY and the hours as SS:DD whatever
 * the browser's language, a past day or a weekend asked about before it is added;
 * a user changes their own password from the header; and when the holiday table runs out, the wallboard
 * and Talepler say so; the admin turns the listening notice to agents off and on.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SIMULATOR_TEXT } from '../../client/src/components/system-notices.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([
    startE2eApp({ env: { SIMULATOR: 'on', SIMULATOR_RATE: '0.2' } }),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Opens `address`, signs in on the page it leads to, and waits to be back there. */
async function signInAt(page: Page, address: string, username: string, password = 'demo'): Promise<void> {
  await page.goto(`${app.url}${address}`)
  await page.waitForURL((url) => url.pathname === '/giris')
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill(password)
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  const [path, query = ''] = address.split('?')
  await page.waitForURL((url) => url.pathname === path && url.search === (query === '' ? '' : `?${query}`))
}

describe('demo mode in the header', () => {
  it('says on every screen that the calls are not real, and keeps the header on one line at 1366 px', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signInAt(page, '/wallboard', 'mudur')
    const banner = page.getByTestId('simulator-banner')
    expect(await banner.textContent()).toContain(SIMULATOR_TEXT)
    expect(await page.getByRole('banner').textContent()).toContain('Tanıtım kipi')
    for (const view of ['Çağrı Masası', 'Santral', 'Talepler', 'Raporlar']) {
      await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: view }).click()
      await page.getByRole('heading', { level: 1, name: view }).waitFor()
      expect(await banner.isVisible()).toBe(true)
      // Brand, the five views and the user's block share one row.
      const boxes = await Promise.all(
        ['header.top .brand', 'header.top nav', 'header.top .user'].map((s) => page.locator(s).boundingBox()),
      )
      const tops = boxes.map((b) => b?.y ?? -1)
      const bottoms = boxes.map((b) => (b?.y ?? 0) + (b?.height ?? 0))
      expect(Math.max(...tops)).toBeLessThan(Math.min(...bottoms))
    }
    await page.screenshot({ path: 'test-results/header-supervisor-1366.png' })
    expect(problems).toEqual([])
  })
})

describe('Yönetim › API anahtarları', () => {
  it('makes a key that is shown and copied once, works with its role, and stops when revoked', async () => {
    const { page, context, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url })
    await signInAt(page, '/yonetim?bolum=api-anahtarlari', 'admin')
    const form = page.getByRole('form', { name: 'Yeni API anahtarı' })
    await form.getByLabel('Anahtarın adı').fill('Raporlama aracı')
    await form.getByLabel('Yetki (rol)').selectOption({ label: 'Müdür / Ekip Lideri' })
    const expires = form.getByLabel('Son kullanma (isteğe bağlı)')
    const expiresError = form.locator('#token-expires-error')
    // What the admin sees: a field that asks for a Turkish day and time, not the browser's own format.
    expect(await expires.getAttribute('type')).toBeNull()
    expect(await form.textContent()).toContain('GG.AA.YYYY SS:DD')

    // Not a day on the calendar: said at the field, in Turkish, focus there, nothing sent.
    await expires.pressSequentially('31.02.2030 10:00')
    await form.getByRole('button', { name: 'Anahtar oluştur' }).click()
    await expiresError
      .filter({ hasText: 'Geçerli bir gün ve saat yazın: GG.AA.YYYY SS:DD (ör. 05.12.2026 09:30).' })
      .waitFor()
    expect(await expires.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('token-expires')
    expect(await page.getByTestId('api-token').count()).toBe(0)

    // Typed the short way and in the past: the server refuses it, and it reads back as Pano writes it.
    await expires.fill('')
    await expires.pressSequentially('1.1.2020 9:05')
    await form.getByRole('button', { name: 'Anahtar oluştur' }).click()
    await expiresError.filter({ hasText: 'gelecekte olmalı' }).waitFor()
    expect(await expires.inputValue()).toBe('01.01.2020 09:05')

    await expires.fill('')
    await form.getByRole('button', { name: 'Anahtar oluştur' }).click()
    const token = (await page.getByTestId('api-token').textContent()) ?? ''
    expect(token.length).toBeGreaterThanOrEqual(32)
    expect(await form.locator('#token-expires-error').count()).toBe(0)
    // The keyboard is on the one thing to do next: copying the key shown once.
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toBe('Anahtarı kopyala')
    await page.keyboard.press('Enter')
    await page.getByText('Panoya kopyalandı.').waitFor()
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(token)

    const asKey = (path: string) =>
      fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    expect((await asKey('/api/v1/queues')).status).toBe(200)
    // The scope, not the admin who made it: Yönetim's routes stay closed to a supervisor's key.
    expect((await asKey('/api/v1/users')).status).toBe(403)

    // Shown once: after a reload only the list remains, with the key's last use.
    await page.reload()
    const row = page.getByRole('row', { name: /Raporlama aracı/ })
    await row.waitFor()
    expect(await page.locator('body').textContent()).not.toContain(token)
    expect(await row.textContent()).toContain('Geçerli')
    expect(await row.textContent()).not.toContain('Hiç kullanılmadı')

    await row.getByRole('button', { name: 'İptal et' }).click()
    const confirm = page.getByRole('dialog', { name: 'API anahtarını iptal et' })
    expect(await confirm.textContent()).toMatch(/bir sonraki isteğinden\s+itibaren\s+reddedilir/)
    await confirm.getByRole('button', { name: 'Anahtarı iptal et' }).click()
    await row.filter({ hasText: 'İptal edildi' }).waitFor()
    expect((await asKey('/api/v1/queues')).status).toBe(401)
    expect(problems).toEqual([])
  })

  it('reads an expiry typed as GG.AA.YYYY SS:DD on İstanbul’s clock in a browser set to English and New York', async () => {
    // Not browser.newPage, which opens every page in Turkish and on İstanbul's clock (test/support/browser.ts).
    const context = await browser.browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'en-US',
      timezoneId: 'America/New_York',
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    await signInAt(page, '/yonetim?bolum=api-anahtarlari', 'admin')
    const form = page.getByRole('form', { name: 'Yeni API anahtarı' })
    await form.getByLabel('Anahtarın adı').fill('Belediye web sitesi')
    await form.getByLabel('Son kullanma (isteğe bağlı)').pressSequentially('31122030 0930')
    await form.getByRole('button', { name: 'Anahtar oluştur' }).click()
    await page.getByTestId('api-token').waitFor()

    // 09:30 in İstanbul is 06:30 UTC (UTC+3 all year), not 09:30 in New York (14:30 UTC).
    const listed = (await (await page.request.get(`${app.url}/api/v1/api-tokens`)).json()) as {
      items: { label: string; expiresAt: string | null }[]
    }
    expect(listed.items.find((t) => t.label === 'Belediye web sitesi')?.expiresAt).toBe(
      '2030-12-31T06:30:00.000Z',
    )
    const row = page.getByRole('row', { name: /Belediye web sitesi/ })
    // Written GG.AA.YYYY SS:DD as in every table, not "31 Ara 2030 09:30".
    expect(await row.textContent()).toContain('31.12.2030 09:30')
    expect(await row.textContent()).not.toMatch(/\d{1,2} [A-Za-zÇĞİÖŞÜçğıöşü]{3} \d{4}/)
    await page.screenshot({ path: 'test-results/admin-api-token-expiry-en-us.png', fullPage: true })
    expect(problems).toEqual([])
    await context.close()
  })
})

describe('Yönetim › Tatiller ve mesai', () => {
  it('fills a new year with the fixed days, adds and edits a bayram, and saves office hours', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signInAt(page, '/yonetim?bolum=tatiller', 'admin')
    const year = page.getByLabel('Yıl', { exact: true })
    await year.locator('option[value="2028"]').waitFor({ state: 'attached' })
    await year.selectOption('2028')
    await page.getByText('2028 yılı için tabloda tatil yok.').waitFor()
    await page.getByRole('button', { name: '2028 için sabit resmî tatilleri ekle' }).click()
    await page
      .getByRole('status')
      .filter({ hasText: '2028 yılının 8 sabit resmî tatil günü eklendi' })
      .waitFor()
    await page.getByRole('row', { name: /29 Ekim 2028 Pazar.*Cumhuriyet Bayramı.*Tam gün/ }).waitFor()

    const form = page.getByRole('form', { name: 'Tatil ekle' })
    await form.getByLabel('Tarih').pressSequentially('25.02.2028')
    await form.getByLabel('Adı').fill('Ramazan Bayramı Arifesi')
    await form.getByLabel('Süre').selectOption('HALF_DAY')
    await form.getByRole('button', { name: 'Tatil ekle' }).click()
    const arife = page.locator('tr[data-date="2028-02-25"]')
    await arife.filter({ hasText: 'Yarım gün (arife)' }).waitFor()

    // The same day again: refused at the day's field, naming the holiday already there, which stays.
    await form.getByLabel('Tarih').pressSequentially('25.02.2028')
    await form.getByLabel('Adı').fill('Tekrar')
    await form.getByRole('button', { name: 'Tatil ekle' }).click()
    await form
      .locator('#holiday-date-error')
      .filter({
        hasText:
          '25.02.2028 zaten tatil: “Ramazan Bayramı Arifesi”. Değiştirmek için tablodaki satırında Düzenle’ye basın ya da önce onu silin.',
      })
      .waitFor()
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('holiday-date')
    expect(await arife.textContent()).toContain('Ramazan Bayramı Arifesi')
    expect(await page.getByText('“Tekrar” olarak kaydedildi').count()).toBe(0)
    await form.getByLabel('Tarih').fill('')
    await form.getByLabel('Adı').fill('')

    await arife.getByRole('button', { name: 'Düzenle' }).click()
    const edit = page.getByRole('form', { name: 'Tatili düzenle' })
    await edit.getByLabel('Adı').fill('Ramazan Bayramı Arifesi (yarım gün)')
    await edit.getByRole('button', { name: 'Kaydet' }).click()
    await arife.filter({ hasText: 'Ramazan Bayramı Arifesi (yarım gün)' }).waitFor()

    // Typed SS:DD on the 24-hour clock, the short ways too, and written back as SS:DD.
    const hours = page.getByRole('form', { name: 'Mesai saatleri' })
    const start = hours.getByLabel('Mesai başlangıcı')
    const end = hours.getByLabel('Mesai bitişi')
    const half = hours.getByLabel('Arife günü bitişi')
    expect(await start.getAttribute('type')).toBeNull()
    await start.fill('8:00')
    await end.fill('1700')
    await half.fill('18:00')
    await hours.getByRole('button', { name: 'Mesai saatlerini kaydet' }).click()
    await hours.locator('#hours-half-error').filter({ hasText: 'arife kapanışı' }).waitFor()
    expect([await start.inputValue(), await end.inputValue()]).toEqual(['08:00', '17:00'])

    // Not a time on the clock: said at its field, in Turkish, with focus there.
    const timeMessage = 'Geçerli bir saat yazın: SS:DD (ör. 08:30 ya da 17:30).'
    await half.fill('24:00')
    await hours.getByRole('button', { name: 'Mesai saatlerini kaydet' }).click()
    await hours.locator('#hours-half-error').filter({ hasText: timeMessage }).waitFor()
    expect(await half.getAttribute('aria-invalid')).toBe('true')
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('hours-half')
    await half.fill('12.30')
    await start.fill('9:60')
    await hours.getByRole('button', { name: 'Mesai saatlerini kaydet' }).click()
    await hours.locator('#hours-start-error').filter({ hasText: timeMessage }).waitFor()
    expect(await hours.locator('#hours-half-error').count()).toBe(0)
    expect(await half.inputValue()).toBe('12:30')
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('hours-start')
    await start.fill('0800')
    await hours.getByRole('button', { name: 'Mesai saatlerini kaydet' }).click()
    await hours.getByRole('status').filter({ hasText: 'Mesai saatleri kaydedildi: 08:00–17:00' }).waitFor()
    expect(await hours.locator('#hours-half-error').count()).toBe(0)

    await page.reload()
    await page.getByRole('form', { name: 'Mesai saatleri' }).waitFor()
    expect(await page.getByLabel('Arife günü bitişi').inputValue()).toBe('12:30')
    await page.screenshot({ path: 'test-results/admin-holidays-1366.png', fullPage: true })
    expect(problems).toEqual([])
  })

  it('takes a holiday typed as GG.AA.YYYY, refuses a day not on the calendar at its field, and shows days back that way', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signInAt(page, '/yonetim?bolum=tatiller', 'admin')
    const form = page.getByRole('form', { name: 'Tatil ekle' })
    const day = form.getByLabel('Tarih')
    const add = form.getByRole('button', { name: 'Tatil ekle' })
    // What the admin sees: a field that asks for a Turkish day, not the browser's mm/dd/yyyy.
    expect(await day.getAttribute('type')).toBeNull()
    expect(await form.textContent()).toContain('GG.AA.YYYY')

    // 2026 is no leap year: said at the field, in Turkish, and focus goes there.
    await day.pressSequentially('29.02.2026')
    await form.getByLabel('Adı').fill('İdari izin')
    await add.click()
    const dayError = form.locator('#holiday-date-error')
    await dayError.filter({ hasText: 'Geçerli bir gün yazın: GG.AA.YYYY (ör. 05.12.2026).' }).waitFor()
    expect(await day.getAttribute('aria-invalid')).toBe('true')
    expect((await day.getAttribute('aria-describedby'))?.split(' ')).toContain('holiday-date-error')
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('holiday-date')

    // A day long past is most likely a mistyped year: asked about first, and "Vazgeç" goes back to the
    // day to correct it, with nothing saved.
    await day.fill('')
    await day.pressSequentially('2.1.2025')
    await add.click()
    const doubt = page.getByRole('dialog', { name: 'Bu gün yine de eklensin mi?' })
    await doubt.waitFor()
    expect(await doubt.getByTestId('holiday-doubts').textContent()).toContain('Bu gün geçmişte kaldı')
    expect(await doubt.getByTestId('holiday-doubts').textContent()).not.toContain('hafta sonu')
    await doubt.getByRole('button', { name: 'Vazgeç' }).click()
    await doubt.waitFor({ state: 'detached' })
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('holiday-date')
    expect(await page.locator('tr[data-date="2025-01-02"]').count()).toBe(0)

    // Typed the short way and sent without a name: a Saturday is asked about too; added anyway, the
    // server refuses the name at its field, and the day reads back as Pano writes days.
    await day.fill('')
    await day.pressSequentially('5.12.2026')
    await form.getByLabel('Adı').fill('')
    await add.click()
    await doubt.waitFor()
    expect(await doubt.getByTestId('holiday-doubts').textContent()).toContain(
      'Cumartesi: hafta sonu zaten çalışma günü sayılmaz',
    )
    await doubt.getByRole('button', { name: 'Yine de ekle' }).click()
    await form.locator('#holiday-name-error').waitFor()
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.id'))
      .toBe('holiday-name')
    expect(await dayError.count()).toBe(0)
    expect(await day.inputValue()).toBe('05.12.2026')

    await form.getByLabel('Adı').fill('İdari izin')
    await add.click()
    await doubt.getByRole('button', { name: 'Yine de ekle' }).press('Enter')
    const row = page.locator('tr[data-date="2026-12-05"]')
    await row.filter({ hasText: 'İdari izin' }).waitFor()
    // Saved anyway: the keyboard goes on from the line that says so, with a ring where it is.
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.textContent ?? undefined'))
      .toContain('olarak kaydedildi')
    expect(await page.evaluate<string>('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid')
    expect(await row.textContent()).toContain('5 Aralık 2026 Cumartesi')
    await row.getByRole('button', { name: 'Düzenle' }).click()
    const edit = page.getByRole('form', { name: 'Tatili düzenle' })
    expect(await edit.getByLabel('Tarih').inputValue()).toBe('05.12.2026')
    await page.screenshot({ path: 'test-results/admin-holiday-typed-day-1366.png', fullPage: true })
    expect(problems).toEqual([])
  })
})

describe('Yönetim › Santral › Dinleme', () => {
  it('turns the “dinleniyor” notice to the agent off and on again, and the change holds after a reload', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signInAt(page, '/yonetim?bolum=santral', 'admin')
    const form = page.getByRole('form', { name: 'Dinleme ayarı' })
    const notice = form.getByLabel(/Temsilciye dinlendiğini göster/)
    await notice.waitFor()
    expect(await notice.isChecked()).toBe(true)
    await notice.uncheck()
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form.getByText('Kaydedildi: temsilciye dinlendiği gösterilmeyecek.').waitFor()
    await page.reload()
    await notice.waitFor()
    expect(await notice.isChecked()).toBe(false)
    await notice.check()
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form.getByText('Kaydedildi: temsilci dinlendiğini ekranında görecek.').waitFor()
    expect(problems).toEqual([])
  })
})

describe('Parolamı değiştir', () => {
  it('any user changes their own password from the header and stays signed in', async () => {
    const { page, problems } = await browser.newPage()
    await signInAt(page, '/talepler', 'fen')
    await page.getByRole('button', { name: 'Parolamı değiştir' }).click()
    const dialog = page.getByRole('dialog', { name: 'Parolamı değiştir' })
    await dialog.getByLabel('Şu anki parola').fill('yanlis-parola')
    await dialog.getByLabel('Yeni parola', { exact: true }).fill('Birim-Sorumlusu-Yeni-1')
    await dialog.getByLabel('Yeni parola (tekrar)').fill('Birim-Sorumlusu-Yeni-1')
    await dialog.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await dialog.locator('#own-password-current-error').filter({ hasText: 'doğru değil' }).waitFor()

    await dialog.getByLabel('Şu anki parola').fill('demo')
    await dialog.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await page.getByRole('status').filter({ hasText: 'Parolanız değiştirildi' }).waitFor()
    expect(await dialog.count()).toBe(0)
    // Still signed in with the new session: the next screen loads.
    await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Talepler' }).click()
    expect(new URL(page.url()).pathname).toBe('/talepler')

    await page.getByRole('button', { name: 'Çıkış' }).click()
    await page.waitForURL((url) => url.pathname === '/giris')
    await page.getByLabel('Kullanıcı adı').fill('fen')
    await page.getByLabel('Parola', { exact: true }).fill('Birim-Sorumlusu-Yeni-1')
    await page.getByLabel('Parola', { exact: true }).press('Enter')
    await page.waitForURL((url) => url.pathname === '/talepler')
    expect(problems).toEqual([])
  })
})

describe('the holiday table running out', () => {
  it('is said on the wallboard and in Talepler', async () => {
    const { page, problems } = await browser.newPage()
    await signInAt(page, '/wallboard', 'mudur')
    expect(await page.getByTestId('calendar-warning').count()).toBe(0)

    // An admin empties the table (over the API, as a careless import would).
    const login = await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'demo' }),
    })
    const cookie = (login.headers.getSetCookie()[0] ?? '').split(';')[0] ?? ''
    const me = (await (await fetch(`${app.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
      csrfToken: string
    }
    const admin = { cookie, 'x-csrf-token': me.csrfToken }
    const { years } = (await (await fetch(`${app.url}/api/v1/holidays`, { headers: admin })).json()) as {
      years: number[]
    }
    for (const year of years) {
      const { items } = (await (
        await fetch(`${app.url}/api/v1/holidays?year=${year}`, { headers: admin })
      ).json()) as {
        items: { date: string }[]
      }
      for (const h of items) {
        const res = await fetch(`${app.url}/api/v1/holidays/${h.date}`, { method: 'DELETE', headers: admin })
        expect(res.status).toBe(204)
      }
    }

    await page.reload()
    await page.getByTestId('calendar-warning').filter({ hasText: 'Tatil tablosu boş' }).waitFor()
    await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Talepler' }).click()
    await page.getByRole('heading', { level: 1, name: 'Talepler' }).waitFor()
    await page.getByTestId('calendar-warning').filter({ hasText: 'Tatil tablosu boş' }).waitFor()
    expect(problems).toEqual([])
  })
})

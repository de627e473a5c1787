/**
 * Written intake in a real browser against the real app (demo seed): a citizen fills /basvuru on a
 * phone-sized screen (390×844), is told at the field what is missing, and gets a number and a code; an
 * agent finds the application in Talepler › Gelen kutusu and routes it to Fen İşleri; the citizen looks
 * the status up at /basvuru/durum and sees the unit, and nothing else about themselves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KVKK_NOTICE } from '../../server/contract/intake.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp({ env: { PUBLIC_FORM_POW_BITS: '10' } }), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(200, 7),
])
const SUBJECT = 'Mavişehir sahilinde kırık bank'

describe('web application: citizen → Gelen kutusu → unit → status lookup', () => {
  it('takes an application on a phone, routes it from the inbox, and shows its status', async () => {
    const citizen = await browser.newPage({ viewport: { width: 390, height: 844 } })
    const { page } = citizen
    await page.goto(`${app.url}/basvuru`)
    await page.getByRole('heading', { name: 'Başvuru formu' }).waitFor()

    await page.getByRole('radio', { name: /Şikâyet/ }).check()
    await page.getByLabel('Konu').fill(SUBJECT)
    await page.getByLabel('Başvurunuz').fill('Mavişehir sahilindeki bankların üçü kırık, oturulamıyor.')
    await page.getByLabel('Mahalle').selectOption('Mavişehir')
    await page.getByLabel('Adınız ve soyadınız').fill('Zeynep Demir')
    await page.getByLabel('Telefon').fill('0533 765 43 21')
    await page.getByLabel('Dosya ekle (isteğe bağlı)').setInputFiles({
      name: 'bank.png',
      mimeType: 'image/png',
      buffer: PNG,
    })

    // Without the consent the form is refused, and the reason stands at the box.
    await page.getByRole('button', { name: 'Başvuruyu gönder' }).click()
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('1 alanda düzeltme gerekiyor')
    expect(await page.locator('#consent-error').textContent()).toContain('onay kutusunu')

    await page.getByRole('checkbox', { name: KVKK_NOTICE.consentLabel }).check()
    await page.getByRole('button', { name: 'Başvuruyu gönder' }).click()
    const numberCell = page.getByTestId('ticket-number')
    await numberCell.waitFor()
    const number = (await numberCell.textContent())?.trim() ?? ''
    const code = (await page.getByTestId('lookup-code').textContent())?.trim() ?? ''
    expect(number).toMatch(/^\d{4}-\d{6}$/)
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    // Nothing runs off the side of a phone.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth')).toBe(0)

    // The agent finds it in Gelen kutusu and routes it to Fen İşleri, matching a new citizen record.
    const agent = await browser.newPage()
    await agent.page.goto(`${app.url}/giris`)
    await agent.page.getByLabel('Kullanıcı adı').fill('agent1')
    await agent.page.getByLabel('Parola').fill('demo')
    await agent.page.getByLabel('Parola').press('Enter')
    const nav = agent.page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()
    await nav.getByRole('link', { name: 'Talepler' }).click()
    await agent.page.getByRole('tab', { name: 'Gelen kutusu' }).click()
    await agent.page
      .getByRole('list', { name: 'Gelen kutusu' })
      .getByRole('button', { name: new RegExp(SUBJECT) })
      .click()
    await agent.page.getByRole('heading', { name: SUBJECT }).waitFor()
    expect(await agent.page.getByRole('link', { name: 'bank.png' }).count()).toBe(1)
    const unitSelect = agent.page.getByLabel('Birim', { exact: true })
    const fen = await unitSelect.locator('option', { hasText: 'Fen İşleri' }).first().getAttribute('value')
    await unitSelect.selectOption(fen ?? '')
    expect(await agent.page.getByLabel('Ad soyad').inputValue()).toBe('Zeynep Demir')
    await agent.page.getByRole('button', { name: 'Kaydet ve havale et' }).click()
    await agent.page.waitForURL((url) => url.pathname === `/talepler/${number}`)
    await expect
      .poll(() => agent.page.getByTestId('ticket-status').textContent())
      .toBe('Birime havale edildi')
    // The ticket carries the citizen's photo with it.
    await agent.page.getByRole('heading', { name: 'Ekler' }).waitFor()
    expect(await agent.page.getByRole('link', { name: 'bank.png' }).count()).toBe(1)

    // The citizen looks it up with the number and code.
    await page.goto(`${app.url}/basvuru/durum?no=${number}`)
    expect(await page.getByLabel('Başvuru numarası').inputValue()).toBe(number)
    await page.getByLabel('Sorgulama kodu').fill(code.toLowerCase())
    await page.getByRole('button', { name: 'Sorgula' }).click()
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Birime havale edildi')
    const result = (await page.locator('.result').textContent()) ?? ''
    expect(result).toContain('Fen İşleri')
    expect(result).not.toMatch(/Zeynep|0533|765/)

    // A wrong code says so, and shows nothing.
    await page.getByLabel('Sorgulama kodu').fill('AAAAA-AAAAA')
    await page.getByRole('button', { name: 'Sorgula' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('bulunamadı')
    expect(await page.locator('.result').count()).toBe(0)

    expect(citizen.problems).toEqual([])
    expect(agent.problems).toEqual([])
  })
})

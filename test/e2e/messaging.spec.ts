/**
 * The loop closed in writing, in a real browser against the real app (demo seed, embedded database,
 * e-mail pointed at a real SMTP server on loopback): an agent opens a ticket for a citizen who agreed to
 * be written to by e-mail; the citizen's inbox gets the receipt with the ticket number; the ticket's
 * history shows the message as sent, with the SMTP server's answer; the receipt's subject is the one the
 * admin wrote in Yönetim › Mesaj şablonları, where an unknown variable is refused at its field. The
 * staff e-mails are edited on the same screen under "Personele giden".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'
import { startFakeSmtp, type FakeSmtp } from '../fakes/fake-smtp-server.ts'
import { signIn } from '../integration/messaging/messaging-harness.ts'

let app: E2eApp
let browser: TestBrowser
let smtp: FakeSmtp

beforeAll(async () => {
  smtp = await startFakeSmtp()
  ;[app, browser] = await Promise.all([
    startE2eApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Karşıyaka Belediyesi <bilgi@karsiyaka.test>' } }),
    launchBrowser(),
  ])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await smtp?.close()
})

describe('the receipt in the directorate’s own words', () => {
  it('the admin edits the e-mail receipt: an unknown variable is refused at its field, the preview fills the rest', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(`${app.url}/yonetim?bolum=sablonlar`)
    await page.waitForURL((url) => url.pathname === '/giris')
    await page.getByLabel('Kullanıcı adı').fill('admin')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.getByRole('heading', { name: 'Mesaj şablonları' }).waitFor()
    await page
      .getByLabel('Şablon', { exact: true })
      .selectOption({ label: 'Başvurunuz alındı · E-posta (hazır metin)' })
    const form = page.getByRole('form', { name: 'Şablonu düzenle' })
    const subject = form.getByLabel('Konu')
    await subject.fill('Karşıyaka Belediyesi: {{tcKimlik}} numaralı başvuru')
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form.locator('#template-subject-error').filter({ hasText: 'tcKimlik' }).waitFor()

    await subject.fill('Karşıyaka Belediyesi: başvurunuz ')
    await subject.press('End')
    // The variable buttons write into the text; the subject takes it typed.
    await subject.pressSequentially('{{ticketNumber}} alındı')
    const text = form.getByLabel('Metin')
    const before = await text.inputValue()
    await text.fill('Başvuru numaranız: ')
    await form
      .getByRole('group', { name: 'Değişken ekle' })
      .getByRole('button', { name: /Talep numarası/ })
      .click()
    expect(await text.inputValue()).toBe('Başvuru numaranız: {{ticketNumber}}')
    await text.fill(before)
    await form.getByRole('button', { name: 'Önizle' }).click()
    const preview = page.getByRole('region', { name: 'Önizleme' })
    expect(await preview.textContent()).toMatch(/Konu: Karşıyaka Belediyesi: başvurunuz \d{4}-\d{6} alındı/)
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form.getByText('Kaydedildi: “Başvurunuz alındı” (E-posta)', { exact: false }).waitFor()
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
  })
})

describe('a ticket’s receipt by e-mail', () => {
  it('reaches the citizen’s inbox with the ticket number and shows as sent in the ticket', async () => {
    // The citizen record with the e-mail address and the consent, as the agent saved it earlier.
    const api = await signIn(app, 'agent1')
    const citizen = await api.send<{ citizen: { id: number } }>('POST', '/citizens', {
      fullName: 'Deniz Ertuğrul',
      email: 'deniz@example.test',
      phones: [{ number: '0532 987 65 43' }],
      preferredChannel: 'EMAIL',
      messagingConsent: true,
      kvkkNoticeGiven: true,
    })
    expect(citizen.status).toBe(201)

    const agent = await browser.newPage()
    const page = agent.page
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('agent1')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    const nav = page.getByRole('navigation', { name: 'Ekranlar' })
    await nav.waitFor()
    await nav.getByRole('link', { name: 'Talepler' }).click()
    await page.getByRole('tab', { name: 'Yeni talep' }).click()
    const form = page.getByRole('form', { name: 'Yeni talep' })
    await form.getByLabel('Konu').fill('Parkta kırık bank')
    await form.getByLabel('Açıklama').fill('Atatürk Parkı girişindeki bank kırık.')
    await form.getByLabel('Ad, telefon veya talep no').fill('Deniz Ertuğrul')
    await form.getByRole('button', { name: 'Vatandaş ara' }).click()
    await form.getByRole('button', { name: /Deniz Ertuğrul/ }).click()
    await form.getByRole('button', { name: 'Talebi kaydet' }).click()
    const title = page.locator('#ticket-title')
    await title.waitFor()
    const number = /\d{4}-\d{6}/.exec((await title.textContent()) ?? '')?.[0] ?? ''
    expect(number).toMatch(/^\d{4}-\d{6}$/)

    const mail = await smtp.mail(1)
    // In the admin's words, saved by the test before this one.
    expect(mail.subject).toBe(`Karşıyaka Belediyesi: başvurunuz ${number} alındı`)
    expect(mail.text).toContain(number)
    expect(mail.to).toMatchObject({ value: [{ address: 'deniz@example.test' }] })

    await expect
      .poll(async () => {
        await page.reload()
        await page.locator('#ticket-title').waitFor()
        return page.getByTestId('message-status').first().textContent()
      })
      .toBe('Gönderildi')
    const messages = page.getByTestId('messages')
    expect(await messages.textContent()).toContain('deniz@example.test')
    expect(await messages.textContent()).toContain('250')
    // The carrier is named for people, with its own number for the message; no bare provider id.
    expect(await messages.textContent()).toContain(
      'E-posta sunucusu üzerinden gönderildi · gönderim takip numarası:',
    )
    expect(await messages.textContent()).not.toMatch(/Sağlayıcı:|Kimlik:/)
    expect(await page.getByTestId('history').textContent()).toContain('Yazılı bildirim')
  })
})

describe('the staff e-mails on the same screen', () => {
  it('lists them under “Personele giden” with when each goes, and refuses a citizen’s variable in them', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await page.goto(`${app.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('admin')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
    await page.goto(`${app.url}/yonetim?bolum=sablonlar`)
    await page.getByRole('heading', { name: 'Mesaj şablonları' }).waitFor()
    // The heading stands while the templates load; the list is read once it is there.
    const pick = page.getByLabel('Şablon', { exact: true })
    const staffOptions = pick.locator('optgroup[label="Personele giden"] option')
    await staffOptions.first().waitFor({ state: 'attached' })
    expect(await staffOptions.allTextContents()).toEqual([
      'Birime süre hatırlatması · E-posta (hazır metin)',
      'Müdüre gecikme bildirimi · E-posta (hazır metin)',
      'Birimin günlük özeti · E-posta (hazır metin)',
      'Müdüre kuyruk uyarısı · E-posta (hazır metin)',
    ])
    await pick.selectOption({ label: 'Birime süre hatırlatması · E-posta (hazır metin)' })
    expect(await page.getByTestId('template-when').textContent()).toContain(
      'Birim personeline, birimdeki bir talebin son yanıt tarihine',
    )
    const form = page.getByRole('form', { name: 'Şablonu düzenle' })
    const subject = form.getByLabel('Konu')
    await subject.fill('Hatırlatma: {{ticketNumber}} ({{citizenName}})')
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form
      .locator('#template-subject-error')
      .filter({ hasText: 'Bilinmeyen değişken: {{citizenName}}' })
      .waitFor()

    await subject.fill('{{unit}}: {{ticketNumber}} için {{timeLeft}}')
    await form.getByRole('button', { name: 'Önizle' }).click()
    const preview = page.getByRole('region', { name: 'Önizleme' })
    expect(await preview.textContent()).toContain(
      'Konu: Fen İşleri Müdürlüğü: 2026-000123 için 3 iş günü kaldı',
    )
    await form.getByRole('button', { name: 'Kaydet' }).click()
    await form.getByText('Kaydedildi: “Birime süre hatırlatması” (E-posta)', { exact: false }).waitFor()
    expect(await pick.locator('option:checked').textContent()).toBe('Birime süre hatırlatması · E-posta')
    expect(problems.filter((p) => !p.includes('400'))).toEqual([])
  })
})

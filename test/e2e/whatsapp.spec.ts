/**
 * A WhatsApp conversation in a real browser against the real app in demo mode (nothing configured, the
 * built-in WhatsApp sink): the admin "receives" a citizen's message from Yönetim › Başvuru kanalları; an
 * agent sees it unread in Talepler › Gelen kutusu (one list of web, e-mail and WhatsApp), opens it with
 * the keyboard, replies inside the 24-hour window, and turns the conversation into a ticket, landing on
 * the ticket with the photo the citizen sent under Ekler.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser, type TestPage } from '../support/browser.ts'
import { startE2eApp, type E2eApp } from '../support/e2e-app.ts'

let app: E2eApp
let browser: TestBrowser

beforeAll(async () => {
  ;[app, browser] = await Promise.all([startE2eApp(), launchBrowser()])
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function signedIn(username: string): Promise<TestPage> {
  const tab = await browser.newPage()
  await tab.page.goto(`${app.url}/giris`)
  await tab.page.getByLabel('Kullanıcı adı').fill(username)
  await tab.page.getByLabel('Parola').fill('demo')
  await tab.page.getByLabel('Parola').press('Enter')
  await tab.page.getByRole('navigation', { name: 'Ekranlar' }).waitFor()
  return tab
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex')
const MESSAGE = 'Merhaba, Bostanlı’da sokak lambası iki gündür yanmıyor.'

describe('WhatsApp: a citizen’s message → reply → ticket', () => {
  it('lets an agent open the conversation, reply, and turn it into a ticket', async () => {
    const admin = await signedIn('admin')
    await admin.page.goto(`${app.url}/yonetim?bolum=basvurular`)
    await admin.page.getByRole('heading', { name: 'Deneme iletisi (yalnızca tanıtım kipinde)' }).waitFor()
    await admin.page.getByLabel('Vatandaşın cep telefonu').fill('0532 444 55 66')
    await admin.page.getByLabel('WhatsApp adı').fill('Selin Arı')
    await admin.page.getByLabel('İleti', { exact: true }).fill(MESSAGE)
    await admin.page.getByRole('button', { name: 'Vatandaştan gelmiş gibi al' }).click()
    await expect
      .poll(() => admin.page.getByRole('status').last().textContent())
      .toContain('Deneme iletisi alındı')

    // The citizen also sent a photo, stored as the channel stores a file it fetched from WhatsApp (demo
    // mode has no Graph API to fetch from): it must come along to the ticket's Ekler.
    const conversation = await app.prisma.whatsappConversation.findUniqueOrThrow({
      where: { phone: '+905324445566' },
    })
    await app.prisma.whatsappMessage.create({
      data: {
        conversationId: conversation.id,
        direction: 'IN',
        wamid: 'e2e-photo-1',
        kind: 'image',
        text: 'Direğin fotoğrafı',
        // Just before the text, so the row still shows the text as the last message.
        at: new Date(conversation.lastMessageAt.getTime() - 60_000),
        mediaId: 'e2e-media-1',
        mediaFilename: 'direk.png',
        mediaType: 'image/png',
        mediaSize: PNG.length,
        mediaContent: new Uint8Array(PNG),
      },
    })

    const agent = await signedIn('agent1')
    const { page } = agent
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link', { name: 'Talepler' }).click()
    await page.getByRole('tab', { name: 'Gelen kutusu' }).click()
    // One inbox: the WhatsApp chip counts the conversation, and choosing it leaves only WhatsApp rows.
    const chips = page.getByRole('group', { name: 'Kanal' })
    await expect.poll(() => chips.getByRole('button', { name: /WhatsApp/ }).textContent()).toContain('1')
    await chips.getByRole('button', { name: /WhatsApp/ }).click()
    await expect.poll(() => page.getByTestId('inbox-waiting').textContent()).toBe('1')
    const row = page.getByRole('list', { name: 'Gelen kutusu' }).getByRole('button', { name: /Selin Arı/ })
    expect(await row.textContent()).toContain('WhatsApp')
    expect(await row.textContent()).toContain(MESSAGE)
    expect(await row.getByLabel('1 okunmamış ileti').count()).toBe(1)
    // A second citizen writes while the agent looks: the list shows it without a reload (the server's
    // inbox:changed nudge; the page's own re-read is a minute away).
    await admin.page.getByLabel('Vatandaşın cep telefonu').fill('0532 444 55 77')
    await admin.page.getByLabel('WhatsApp adı').fill('Mert Can')
    await admin.page.getByLabel('İleti', { exact: true }).fill('Parkta su birikintisi var.')
    await admin.page.getByRole('button', { name: 'Vatandaştan gelmiş gibi al' }).click()
    await expect.poll(() => page.getByTestId('inbox-waiting').textContent()).toBe('2')
    expect(await page.getByRole('list', { name: 'Gelen kutusu' }).textContent()).toContain('Mert Can')
    // Rows are buttons: the keyboard opens one with Enter.
    await row.focus()
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Selin Arı' }).waitFor()
    // Nothing runs off the side at 1366×768 with the conversation open beside the list.
    const root = 'document.documentElement'
    expect(await page.evaluate<number>(`${root}.scrollWidth - ${root}.clientWidth`)).toBe(0)
    expect(await page.getByRole('list', { name: 'İletiler' }).textContent()).toContain(MESSAGE)

    await page.getByLabel('Yanıt').fill('Ekibimize ilettik, teşekkür ederiz.')
    await page.getByRole('button', { name: 'Gönder' }).click()
    await expect
      .poll(() => page.getByRole('list', { name: 'İletiler' }).textContent())
      .toContain('Ekibimize ilettik, teşekkür ederiz.')
    await expect.poll(() => page.locator('.claim').textContent()).toContain('Bu yazışma sizde.')

    await page.getByLabel('Talep türü').selectOption('ISTEK')
    await page.getByLabel('Konu').fill('Bostanlı sokak lambası')
    await page.getByRole('radio', { name: 'Yeni kayıt oluştur' }).check()
    expect(await page.getByLabel('Ad soyad').inputValue()).toBe('Selin Arı')
    await page.getByRole('button', { name: 'Talebe dönüştür' }).click()
    await page.waitForURL((url) => /^\/talepler\/\d{4}-\d{6}$/.test(url.pathname))
    await page.getByRole('heading', { name: /Bostanlı sokak lambası/ }).waitFor()
    expect(await page.locator('main').textContent()).toContain(MESSAGE)
    // The photo is under Ekler, and its link downloads the same bytes.
    await page.getByRole('heading', { name: 'Ekler' }).waitFor()
    const link = page.getByRole('link', { name: 'direk.png' })
    const href = await link.getAttribute('href')
    expect(href).toMatch(/^\/api\/v1\/whatsapp\/media\/\d+$/)
    const downloaded = await page.evaluate<number[], string>(
      async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())],
      href ?? '',
    )
    expect(Buffer.from(downloaded).equals(PNG)).toBe(true)

    expect(admin.problems).toEqual([])
    expect(agent.problems).toEqual([])
  })
})

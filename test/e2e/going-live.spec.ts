/**
 * Going live, as a directorate's IT admin and a new agent meet it in Chromium: production mode on a
 * fresh PostgreSQL database, the PBX in a process of its own reached through AMI_HOST, the first admin
 * from PANO_ADMIN_*. The admin finds the PBX's queues and members, creates an agent on a member
 * interface and a unit user; the agent must choose a password, then gets a screen pop on the next call
 * to that member; the admin closes the agent's account and the agent's open page signs out at once.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.ts'
import { MESSAGES } from '../../client/src/lib/api-error.ts'
import type { RunningPano } from '../../server/main.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { startPbxProcess, type PbxProcess } from '../support/pbx-process.ts'
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts'

const ADMIN = { username: 'bt.yonetici', password: 'Kurulum-Gunu-2026' }
const AGENT_INTERFACE = 'Local/1002@agents/n'

let db: TestDatabase
let pbx: PbxProcess
let pano: RunningPano
let browser: TestBrowser
let agentPassword = ''

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[db, pbx, browser] = await Promise.all([
    createTestDatabase(),
    startPbxProcess({ username: 'pano', secret: 'ami-secret-for-pano' }),
    launchBrowser(),
  ])
  const { startPano } = await import('../../server/main.ts')
  pano = await startPano(
    loadConfig({
      DATABASE_URL: db.url,
      // Plain HTTP on loopback: such an install turns the production default of Secure cookies off.
      COOKIE_SECURE: '0',
      PORT: '0',
      LOG_LEVEL: 'silent',
      AMI_HOST: '127.0.0.1',
      AMI_PORT: String(pbx.port),
      AMI_USERNAME: 'pano',
      AMI_SECRET: 'ami-secret-for-pano',
      AMI_AUTH: 'plain',
      PANO_ADMIN_USERNAME: ADMIN.username,
      PANO_ADMIN_PASSWORD: ADMIN.password,
    }),
    { clientDir: CLIENT_DIR, print: () => undefined },
  )
})

afterAll(async () => {
  await browser?.close()
  await pano?.close()
  await pbx?.close()
  await db?.drop()
})

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill(password)
  await page.getByLabel('Parola', { exact: true }).press('Enter')
}

describe('a directorate puts Pano into service', () => {
  it('the demo is nowhere: demo/demo signs in nobody, and no simulator banner', async () => {
    const { page, problems } = await browser.newPage()
    await signIn(page, 'admin', 'demo')
    await page.getByText('Kullanıcı adı veya parola hatalı.').waitFor()
    expect(problems.filter((p) => !p.includes('401'))).toEqual([])
  })

  it('the first admin finds the PBX’s queues and members and staffs the directorate', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(page, ADMIN.username, ADMIN.password)
    await page.waitForURL((url) => url.pathname !== '/giris')
    expect(await page.getByTestId('simulator-banner').count()).toBe(0)

    // Panolar names to the admin the queues nobody has set, and leads to where they are set.
    await page.goto(`${pano.url}/wallboard`)
    const unconfigured = page.getByTestId('unconfigured-queues')
    // The names as listed: "santral" alone would also match the sentence's own "santraldeki".
    await expect
      .poll(() => unconfigured.textContent(), { timeout: 15_000 })
      .toContain('Ayarlanmamış kuyruklar: cagri-merkezi, santral.')
    await unconfigured.getByRole('link', { name: 'Yönetim › Santral’da ayarlayın' }).click()
    await page.waitForURL((url) => url.pathname === '/yonetim' && url.search === '?bolum=santral')

    // Yönetim › Santral: the queue Pano has never been told about, with its members as the PBX names them.
    const row = page.getByRole('row', { name: /cagri-merkezi/ })
    await row.waitFor({ timeout: 15_000 })
    expect(await row.textContent()).toContain('Ayarlanmamış')
    await row.getByText(/\d+ üye/).click()
    await row.getByText(/Local\/1002@agents\/n\s*Mehmet Öztürk/).waitFor()
    await row.getByRole('button', { name: 'Ayarla' }).click()
    const queueForm = page.getByRole('form', { name: 'cagri-merkezi kuyruğunun ayarları' })
    await queueForm.getByLabel('Ekranlarda görünen ad').fill('444 1 575 Çağrı Merkezi')
    await queueForm.getByLabel('Çağrı sonrası işlem süresi (sn)').fill('5')
    await queueForm.getByRole('button', { name: 'Kuyruğu kaydet' }).click()
    await page.getByRole('status').filter({ hasText: 'olarak kaydedildi' }).waitFor()
    // On Panolar the queue has its name now, and only the other one is still listed as not set.
    await page.goto(`${pano.url}/wallboard`)
    await page.getByRole('heading', { name: '444 1 575 Çağrı Merkezi' }).waitFor()
    expect(await unconfigured.textContent()).not.toContain('cagri-merkezi')
    expect(await unconfigured.textContent()).toContain('Ayarlanmamış kuyruk: santral.')

    // Yönetim › Kullanıcılar: an agent on an interface the PBX reports, and a unit user.
    await page.goto(`${pano.url}/yonetim?bolum=kullanicilar`)
    await page.getByRole('button', { name: 'Yeni kullanıcı' }).click()
    let form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await form.getByLabel('Kullanıcı adı').fill('mehmet.ozturk')
    await form.getByLabel('Ad soyad').fill('Mehmet Öztürk')
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Çağrı Merkezi Temsilcisi' })
    await form.getByRole('checkbox', { name: new RegExp(AGENT_INTERFACE.replaceAll('/', '\\/')) }).check()
    await form.getByRole('button', { name: 'Güçlü parola öner' }).click()
    agentPassword = await form.getByLabel('İlk parola').inputValue()
    await form.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click()
    await page.getByRole('status').filter({ hasText: '“mehmet.ozturk” oluşturuldu' }).waitFor()

    await page.getByRole('button', { name: 'Yeni kullanıcı' }).click()
    form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await form.getByLabel('Kullanıcı adı').fill('fen.sorumlu')
    await form.getByLabel('Ad soyad').fill('Fen İşleri Sorumlusu')
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Birim Personeli' })
    await form.getByLabel('Birim', { exact: true }).selectOption({ label: 'Fen İşleri Müdürlüğü' })
    await form.getByLabel('İlk parola').fill('Fen-Isleri-Ilk-Parola')
    await form.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click()
    await page.getByRole('status').filter({ hasText: '“fen.sorumlu” oluşturuldu' }).waitFor()
    expect(await page.locator('tr[data-username="mehmet.ozturk"]').textContent()).toContain(AGENT_INTERFACE)
    expect(problems).toEqual([])
  })

  it('the agent chooses a password, gets a pop on the next call to that member, and is signed out when closed', async () => {
    expect(agentPassword).not.toBe('')
    const agent = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(agent.page, 'mehmet.ozturk', agentPassword)
    await agent.page.getByRole('heading', { level: 1, name: 'Yeni parola belirleyin' }).waitFor()
    await agent.page.getByLabel('Şu anki parola').fill(agentPassword)
    await agent.page.getByLabel('Yeni parola', { exact: true }).fill('Mehmet-Kendi-Parolasi-7')
    await agent.page.getByLabel('Yeni parola (tekrar)').fill('Mehmet-Kendi-Parolasi-7')
    await agent.page.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await agent.page.waitForURL((url) => url.pathname === '/masa')
    await agent.page.locator('[data-member-state]').first().waitFor({ timeout: 10_000 })

    await pbx.placeCall({
      queue: 'cagri-merkezi',
      callerNumber: '05325550011',
      ringMember: AGENT_INTERFACE,
      answer: false,
      patienceMs: 20_000,
    })
    const pop = agent.page.locator('article[data-pop]')
    await pop.locator('[data-phase="ringing"]').waitFor({ timeout: 10_000 })
    expect(await pop.textContent()).toContain('0532 555 00 11')
    expect(await pop.count()).toBe(1)

    const admin = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(admin.page, ADMIN.username, ADMIN.password)
    await admin.page.waitForURL((url) => url.pathname !== '/giris')
    await admin.page.goto(`${pano.url}/yonetim?bolum=kullanicilar`)
    const row = admin.page.locator('tr[data-username="mehmet.ozturk"]')
    await row.getByRole('button', { name: 'Hesabı kapat' }).click()
    await admin.page
      .getByRole('dialog', { name: 'Hesabı kapat' })
      .getByRole('button', { name: 'Hesabı kapat' })
      .click()
    await agent.page.getByText(MESSAGES.sessionEnded).waitFor({ timeout: 5_000 })
    expect(new URL(agent.page.url()).pathname).toBe('/giris')
    expect([...agent.problems, ...admin.problems]).toEqual([])
  })
})

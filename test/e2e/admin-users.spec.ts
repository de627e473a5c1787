/**
 * Yönetim › Kullanıcılar and Santral in Chromium against a PBX (the simulator with the demo plan plus a
 * queue and an extension Pano has never been told about): the admin creates an agent by choosing a member
 * interface the PBX reports, sees a common password refused at its field, and the new agent must set a
 * password before anything else; a reset password and a closed account send the person's open page to
 * the sign-in page at once; an agent with no queue interface is saved, with a warning before and after;
 * the unconfigured queue is marked and set up, an extension joins the directory, and one added by hand
 * goes on the PBX Pano follows (`demo`, not a `main` no PBX answers to).
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MESSAGES } from '../../client/src/lib/api-error.ts'
import { DEMO_EXTENSIONS, DEMO_PBX_ID, DEMO_QUEUES } from '../../telephony/demo-pbx-plan.ts'
import type { TestBrowser } from '../support/browser.ts'
import { launchBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { startLivePano, type LivePano } from '../integration/realtime/live-harness.ts'

const NEW_QUEUE = 'bilgi-edinme'
const FREE_INTERFACE = 'PJSIP/4201'
const NEW_EXTENSION = '5999'

let live: LivePano
let browser: TestBrowser
/** The first password the admin gave the new agent (test 1), used by the agent (test 2). */
let firstPassword = ''

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  ;[live, browser] = await Promise.all([
    startLivePano({
      clientDir: CLIENT_DIR,
      sim: {
        queues: [
          ...DEMO_QUEUES,
          {
            name: NEW_QUEUE,
            label: 'unused',
            kind: 'CALL_CENTRE',
            strategy: 'ringall',
            serviceLevelSec: 20,
            ringTimeoutSec: 15,
            wrapUpSec: 0,
            members: [
              { interface: FREE_INTERFACE, memberName: 'Temsilci 4201', username: 'x', extension: '4201' },
              // One member answering on two queues, already Ayşe Yılmaz's (agent1).
              DEMO_QUEUES[0]!.members[0]!,
            ],
          },
        ],
        extensions: [
          ...DEMO_EXTENSIONS,
          { number: NEW_EXTENSION, unitCode: 'bilgi-islem', label: 'unused', device: 'PJSIP/5999' },
        ],
      },
    }),
    launchBrowser(),
  ])
})

afterAll(async () => {
  await browser?.close()
  await live?.close()
})

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${live.pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill(password)
  await page.getByLabel('Parola', { exact: true }).press('Enter')
}

/** A linked section asked for before signing in opens right after it. */
async function openAdmin(page: Page, section: 'kullanicilar' | 'santral', heading: string): Promise<void> {
  await page.goto(`${live.pano.url}/yonetim?bolum=${section}`)
  await page.waitForURL((url) => url.pathname === '/giris')
  await page.getByLabel('Kullanıcı adı').fill('admin')
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname === '/yonetim' && url.search === `?bolum=${section}`)
  await page.getByRole('heading', { level: 2, name: heading }).waitFor({ timeout: 5_000 })
}

const userRow = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`)

describe('Yönetim › Kullanıcılar', () => {
  it('creates an agent on an interface the PBX reports; a common password is refused at its field', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openAdmin(page, 'kullanicilar', 'Kullanıcılar')
    // The simulator's calls are not real, and every screen says so.
    await page.getByTestId('simulator-banner').waitFor()

    await page.getByRole('button', { name: 'Yeni kullanıcı' }).click()
    const form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await form.getByLabel('Kullanıcı adı').fill('deniz.aksoy')
    await form.getByLabel('Ad soyad').fill('Deniz Aksoy')
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Çağrı Merkezi Temsilcisi' })
    // The unit is asked of unit staff only.
    expect(await form.getByLabel('Birim').count()).toBe(0)

    // Ayşe Yılmaz's interface is offered, named as hers, and cannot be chosen twice.
    const taken = form.getByRole('checkbox', { name: /Local\/1001@agents\/n/ })
    expect(await taken.isDisabled()).toBe(true)
    expect(await taken.locator('xpath=..').textContent()).toContain('Ayşe Yılmaz (agent1) kullanıyor')
    const free = form.getByRole('checkbox', { name: new RegExp(FREE_INTERFACE) })
    expect(await free.locator('xpath=..').textContent()).toContain('Temsilci 4201')
    await free.check()

    await form.getByLabel('İlk parola').fill('galatasaray')
    await form.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click()
    const password = form.getByLabel('İlk parola')
    await form.locator('#user-password-error').filter({ hasText: 'Bu parola çok yaygın' }).waitFor()
    expect(await password.getAttribute('aria-invalid')).toBe('true')
    expect(await password.getAttribute('aria-describedby')).toContain('user-password-error')
    expect(await form.getByRole('alert').textContent()).toContain('işaretli alanları düzeltip')

    // The browser proposes a strong one; the old message goes with the next attempt.
    await form.getByRole('button', { name: 'Güçlü parola öner' }).click()
    firstPassword = await password.inputValue()
    expect(firstPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    await form.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click()
    await page.getByRole('status').filter({ hasText: '“deniz.aksoy” oluşturuldu' }).waitFor()
    expect(await page.getByRole('form', { name: 'Yeni kullanıcı' }).count()).toBe(0)
    expect(await page.getByText('Bu parola çok yaygın').count()).toBe(0)

    const row = userRow(page, 'deniz.aksoy')
    expect(await row.textContent()).toContain(FREE_INTERFACE)
    expect(await row.textContent()).toContain('Parola değiştirmeli')
    // Listed in the directorate, as the form said and as the demo agents are; not as "Birimsiz".
    expect(await row.locator('td').first().locator('.second').textContent()).toBe(
      'Halkla İlişkiler Müdürlüğü',
    )
    // The admin cannot close their own account nor reset their own password from here.
    expect(await userRow(page, 'admin').getByRole('button').allTextContents()).toEqual(['Düzenle'])
    await page.screenshot({ path: 'test-results/admin-users-1366.png', fullPage: true })
    expect(problems).toEqual([])
  })

  it('the new agent must set a password of their own before anything else, then works', async () => {
    expect(firstPassword).not.toBe('')
    const { page, problems } = await browser.newPage()
    await signIn(page, 'deniz.aksoy', firstPassword)
    await page.getByRole('heading', { level: 1, name: 'Yeni parola belirleyin' }).waitFor()
    expect(await page.getByRole('navigation', { name: 'Ekranlar' }).count()).toBe(0)

    await page.getByLabel('Şu anki parola').fill(firstPassword)
    await page.getByLabel('Yeni parola', { exact: true }).fill('Deniz-Aksoy-Kendi-1')
    await page.getByLabel('Yeni parola (tekrar)').fill('Deniz-Aksoy-Kendi-2')
    await page.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await page.locator('#forced-password-repeat-error').filter({ hasText: 'aynı değil' }).waitFor()

    // The server's rule, at the new password's field.
    await page.getByLabel('Yeni parola', { exact: true }).fill('Parola12345')
    await page.getByLabel('Yeni parola (tekrar)').fill('Parola12345')
    await page.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await page.locator('#forced-password-new-error').filter({ hasText: 'çok yaygın' }).waitFor()
    expect(await page.locator('#forced-password-repeat-error').count()).toBe(0)

    await page.getByLabel('Yeni parola', { exact: true }).fill('Deniz-Aksoy-Kendi-1')
    await page.getByLabel('Yeni parola (tekrar)').fill('Deniz-Aksoy-Kendi-1')
    await page.getByRole('button', { name: 'Yeni parolayı kaydet' }).click()
    await page.waitForURL((url) => url.pathname === '/masa')
    await page
      .getByRole('navigation', { name: 'Ekranlar' })
      .getByRole('link', { name: 'Çağrı Masası' })
      .waitFor()
    expect(problems).toEqual([])
  })

  it('a reset password and a closed account send the person’s open page to sign-in at once', async () => {
    const agent2 = await browser.newPage()
    await signIn(agent2.page, 'agent2', 'demo')
    await agent2.page.waitForURL((url) => url.pathname === '/masa')
    const agent3 = await browser.newPage()
    await signIn(agent3.page, 'agent3', 'demo')
    await agent3.page.waitForURL((url) => url.pathname === '/masa')
    // Both desks are live (their sockets are what the server closes).
    await agent2.page.locator('[data-member-state]').first().waitFor({ timeout: 10_000 })
    await agent3.page.locator('[data-member-state]').first().waitFor({ timeout: 10_000 })

    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openAdmin(page, 'kullanicilar', 'Kullanıcılar')

    await userRow(page, 'agent2').getByRole('button', { name: 'Parolayı sıfırla' }).click()
    const reset = page.getByRole('dialog', { name: /Parolayı sıfırla: Mehmet Öztürk/ })
    const proposed = await reset.getByLabel('Geçici parola').inputValue()
    expect(proposed).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    expect(await reset.textContent()).toContain('kendi parolasını belirlemek zorunda')
    expect(await reset.textContent()).toContain('kişinin kullanıcı adını içermesin')
    await reset.getByRole('button', { name: 'Parolayı sıfırla' }).click()
    expect(await reset.getByTestId('temporary-password').textContent()).toBe(proposed)
    await agent2.page.getByText(MESSAGES.sessionEnded).waitFor({ timeout: 5_000 })
    expect(new URL(agent2.page.url()).pathname).toBe('/giris')
    await reset.getByRole('button', { name: 'Kapat' }).click()
    await userRow(page, 'agent2').filter({ hasText: 'Parola değiştirmeli' }).waitFor()

    await userRow(page, 'agent3').getByRole('button', { name: 'Hesabı kapat' }).click()
    const confirm = page.getByRole('dialog', { name: 'Hesabı kapat' })
    expect(await confirm.textContent()).toContain('hemen oturumdan çıkarılır')
    await confirm.getByRole('button', { name: 'Hesabı kapat' }).click()
    await agent3.page.getByText(MESSAGES.sessionEnded).waitFor({ timeout: 5_000 })
    await userRow(page, 'agent3').filter({ hasText: 'Kapalı' }).waitFor()
    await signIn(agent3.page, 'agent3', 'demo')
    await agent3.page.getByText('Kullanıcı adı veya parola hatalı.').waitFor()

    // Reopened, the account signs in again.
    await userRow(page, 'agent3').getByRole('button', { name: 'Hesabı aç' }).click()
    await page.getByRole('dialog', { name: 'Hesabı aç' }).getByRole('button', { name: 'Hesabı aç' }).click()
    await userRow(page, 'agent3').filter({ hasText: 'Etkin' }).waitFor()
    await signIn(agent3.page, 'agent3', 'demo')
    await agent3.page.waitForURL((url) => url.pathname === '/masa')
    expect([...problems, ...agent2.problems, ...agent3.problems]).toEqual([])
  })

  it('says before and after saving that an agent on no queue takes no calls, and still saves it', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openAdmin(page, 'kullanicilar', 'Kullanıcılar')
    await page.getByRole('button', { name: 'Yeni kullanıcı' }).click()
    const form = page.getByRole('form', { name: 'Yeni kullanıcı' })
    await form.getByLabel('Kullanıcı adı').fill('ece.tan')
    await form.getByLabel('Ad soyad').fill('Ece Tan')
    // The admin sets someone else's first password: the rule speaks of that person's user name.
    const hint = await form.locator('#user-password-hint').textContent()
    expect(hint).toContain('kişinin kullanıcı adını içermesin')
    expect(hint).not.toContain('adınızı')

    const warning = form.getByText('Bu kullanıcı hiçbir kuyruğa bağlı değil: çağrı almaz')
    await form.getByLabel('Rol', { exact: true }).selectOption({ label: 'Çağrı Merkezi Temsilcisi' })
    await warning.waitFor()
    // It goes once an interface is ticked, and comes back when it is unticked. (The box to type one is
    // folded away while the PBX reports a free one.)
    const more = form.getByText('Aradığınız arayüz listede yok mu?')
    if ((await more.count()) > 0) await more.click()
    await form.getByLabel('Arayüzü elle yazın').fill('PJSIP/4998')
    await form.getByRole('button', { name: 'Ekle', exact: true }).click()
    await warning.waitFor({ state: 'detached' })
    await form.getByRole('checkbox', { name: /PJSIP\/4998/ }).uncheck()
    await warning.waitFor()

    // Not forbidden (the PBX may not be ready yet): it saves, and the outcome says it again.
    await form.getByRole('button', { name: 'Güçlü parola öner' }).click()
    await form.getByRole('button', { name: 'Kullanıcıyı oluştur' }).click()
    const outcome = page.getByRole('status').filter({ hasText: '“ece.tan” oluşturuldu' })
    await outcome.waitFor()
    expect(await outcome.textContent()).toContain('Bu kullanıcı hiçbir kuyruğa bağlı değil: çağrı almaz')
    // The list is read again after the save; the outcome can be said before it arrives.
    await expect.poll(() => userRow(page, 'ece.tan').count()).toBe(1)
    expect(problems).toEqual([])
  })
})

describe('Yönetim › Santral', () => {
  it('marks a queue nobody set up, sets it up, and adds a reported extension to the directory', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openAdmin(page, 'santral', 'Santral')
    const row = page.getByRole('row', { name: new RegExp(NEW_QUEUE) })
    expect(await row.textContent()).toContain('Ayarlanmamış')
    // On the PBX now, with its two members.
    expect(await row.getByRole('cell', { name: 'Var', exact: true }).count()).toBe(1)
    // The members as the PBX names them, and who in Pano answers on each (Deniz Aksoy since the first test).
    await row.getByText('2 üye').click()
    await row.getByText(/PJSIP\/4201\s*Temsilci 4201 →\s*Deniz Aksoy \(deniz\.aksoy\)/).waitFor()
    await row.getByText(/Local\/1001@agents\/n\s*Ayşe Yılmaz →\s*Ayşe Yılmaz \(agent1\)/).waitFor()

    await row.getByRole('button', { name: 'Ayarla' }).click()
    const form = page.getByRole('form', { name: `${NEW_QUEUE} kuyruğunun ayarları` })
    expect(await form.textContent()).toContain('AMI bu değeri bildirmez')
    await form.getByLabel('Ekranlarda görünen ad').fill('Bilgi Edinme Hattı')
    await form.getByLabel('Çağrı sonrası işlem süresi (sn)').fill('-3')
    await form.getByRole('button', { name: 'Kuyruğu kaydet' }).click()
    await form.getByText('Sıfır ya da daha büyük').waitFor()
    await form.getByLabel('Çağrı sonrası işlem süresi (sn)').fill('15')
    await form.getByRole('button', { name: 'Kuyruğu kaydet' }).click()
    await page.getByRole('status').filter({ hasText: '“Bilgi Edinme Hattı” olarak kaydedildi' }).waitFor()
    await row.filter({ hasText: 'Bilgi Edinme Hattı' }).filter({ hasNotText: 'Ayarlanmamış' }).waitFor()

    const line = page.locator(`tr[data-exten="${NEW_EXTENSION}"]`)
    await line.getByRole('button', { name: 'Rehbere ekle' }).click()
    const add = page.getByRole('form', { name: `${NEW_EXTENSION} dahilisini rehbere ekle` })
    await add.getByLabel('Rehberdeki adı').fill('Bilgi İşlem Destek')
    await add.getByLabel('Birim').selectOption({ label: 'Bilgi İşlem Müdürlüğü' })
    await add.getByRole('button', { name: 'Ekle' }).click()
    await line.filter({ hasText: 'Bilgi İşlem Destek · Bilgi İşlem Müdürlüğü' }).waitFor()
    // The form is gone with its button; the keyboard is on the line's new directory entry.
    await expect
      .poll(() => page.evaluate<string | undefined>('document.activeElement?.closest("tr")?.dataset.exten'))
      .toBe(NEW_EXTENSION)
    await page.screenshot({ path: 'test-results/admin-pbx-1366.png', fullPage: true })
    expect(problems).toEqual([])
  })

  it('“Dahili ekle” puts a new line on the PBX Pano follows, and the keyboard goes on in its row', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openAdmin(page, 'santral', 'Santral')
    await page.goto(`${live.pano.url}/yonetim?bolum=rehber`)
    const add = page.getByRole('form', { name: 'Dahili ekle' })
    await add.waitFor()
    // One PBX: nothing to choose.
    expect(await add.getByLabel('Santral').count()).toBe(0)
    // Sent empty: the number is asked for in a Turkish sentence at its field.
    await add.getByRole('button', { name: 'Dahili ekle' }).click()
    const numberError = add.locator('#de-number-error')
    await numberError.filter({ hasText: 'Dahili numarasını yazın' }).waitFor()
    expect((await numberError.textContent())?.replace('✖', '').trim()).toBe(
      'Dahili numarasını yazın (yalnızca rakam, * ve #).',
    )
    // Its label now carries the message too (aria-describedby): found by its id.
    await add.locator('#de-number').fill('2977')
    await add.getByLabel('Etiket').fill('Kültür Merkezi Danışma')
    await add.getByLabel('Etiket').press('Enter')
    await page.getByRole('status').filter({ hasText: '2977 dahilisi eklendi.' }).waitFor()
    await expect
      .poll(() =>
        page.evaluate<string | null | undefined>('document.activeElement?.getAttribute("aria-label")'),
      )
      .toBe('2977 etiketi')
    const line = await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2977' } })
    expect(line.pbxId).toBe(DEMO_PBX_ID)
    expect(problems).toEqual([])
  })
})

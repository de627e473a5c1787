/**
 * Yönetim › KVKK in Chromium with the demo data: an agent looks a caller up, then the data officer (demo
 * user `kvkk`) signs in, sees only Yönetim › KVKK, filters the access log by that citizen (by record
 * number, or by the phone number the citizen gives), downloads the CSV, and opens the citizen's export
 * from the log, moving between the tabs by keyboard; the export downloads as the Turkish file handed to
 * the person, and the erase dialog words counts of nothing as such. Days are typed
 * as Turkish people write them (GG.AA.YYYY), whatever the browser's language; a filter with a bad field
 * says the list was not made ("Listelenemedi"), not that something was not saved.
 */
import { mkdir, readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
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

/** The agent's search for a caller (written to the access log), through the API the Çağrı Masası uses. */
async function agentLooksUp(name: string): Promise<number> {
  const login = await fetch(`${app.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'agent1', password: 'demo' }),
  })
  expect(login.status).toBe(204)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  const found = await fetch(`${app.url}/api/v1/citizens?q=${encodeURIComponent(name)}`, {
    headers: { cookie },
  })
  const body = (await found.json()) as { items: { id: number }[] }
  const id = body.items[0]?.id
  if (id === undefined) throw new Error(`demo citizen ${name} not found`)
  return id
}

/** A day in Istanbul as `YYYY-MM-DD`, `offset` days from today. */
function istanbulDay(offset = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(new Date())
  return new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10)
}

/** `2026-12-05` → `05.12.2026`, as the officer types it. */
const turkish = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
}

/** The data officer signs in, finds the citizen by name under Vatandaş verileri and opens their export. */
async function openExport(page: Page, name: string, id: number): Promise<void> {
  await signIn(page, 'kvkk')
  await page.getByRole('tab', { name: 'Vatandaş verileri' }).click()
  const search = page.getByRole('form', { name: 'Vatandaş ara' })
  await search.getByLabel('Vatandaş', { exact: true }).fill(name)
  await search.getByLabel('Vatandaş', { exact: true }).press('Enter')
  await page
    .getByRole('list', { name: 'Bulunan vatandaşlar' })
    .getByRole('listitem')
    .filter({ hasText: `#${id}` })
    .getByRole('button', { name: 'Dökümü aç' })
    .click()
}

describe('Yönetim › KVKK', () => {
  it('the data officer filters the access log by a citizen, downloads the CSV and opens the export', async () => {
    const citizenId = await agentLooksUp('Hatice Arslan')
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(page, 'kvkk')
    await page.waitForURL((url) => url.pathname === '/yonetim' && url.search === '?bolum=kvkk')
    await page.getByRole('navigation', { name: 'Yönetim bölümleri' }).getByRole('link').first().waitFor()
    expect(
      await page.getByRole('navigation', { name: 'Ekranlar' }).getByRole('link').allTextContents(),
    ).toEqual(['Yönetim'])
    expect(
      await page.getByRole('navigation', { name: 'Yönetim bölümleri' }).getByRole('link').allTextContents(),
    ).toEqual(['KVKK'])
    expect(await page.getByRole('banner').textContent()).toContain('KVKK sorumlusu')

    const filters = page.getByRole('form', { name: 'Erişim kaydını süz' })
    await filters.getByLabel('Vatandaş no').fill(String(citizenId))
    await filters.getByLabel('Vatandaş no').press('Enter')
    const rows = page.locator('table.log tbody tr')
    const citizensShown = async () => [
      ...new Set(await Promise.all((await rows.all()).map((r) => r.getAttribute('data-citizen')))),
    ]
    await expect.poll(citizensShown).toEqual([String(citizenId)])
    const agentRow = rows
      .filter({ hasText: 'Çağrı Merkezi Temsilcisi' })
      .filter({ hasText: 'Listede gösterildi' })
    expect(await agentRow.count()).toBe(1)
    expect(await agentRow.textContent()).toContain('(agent1)')
    // Whose record: the name and a masked number over the record number, never the number itself.
    const citizenCell = agentRow.getByRole('cell').nth(4)
    expect(await citizenCell.innerText()).toBe(`Hatice Arslan\n0532 *** ** 33\n#${citizenId} dökümü`)
    expect(await page.locator('table.log').textContent()).not.toContain('111 22 33')
    // Naming her to the officer was itself a read of her record, kept under the officer: listed again,
    // her log stays the staff's reads; chosen as the reader, the officer's look is there.
    await filters.getByRole('button', { name: 'Listele' }).click()
    const ownRead = rows
      .filter({ hasText: 'KVKK sorumlusu' })
      .filter({ hasText: 'Erişim kaydında gösterildi' })
    await expect.poll(() => agentRow.count()).toBe(1)
    expect(await ownRead.count()).toBe(0)
    const officer = await filters
      .getByLabel('Personel')
      .locator('option', { hasText: '(kvkk,' })
      .getAttribute('value')
    await filters.getByLabel('Personel').selectOption(officer ?? '')
    await filters.getByRole('button', { name: 'Listele' }).click()
    await expect.poll(() => ownRead.count()).toBeGreaterThan(0)
    await filters.getByLabel('Personel').selectOption({ index: 0 })
    await filters.getByRole('button', { name: 'Listele' }).click()
    await expect.poll(() => agentRow.count()).toBe(1)

    await mkdir('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/kvkk-access-log.png', fullPage: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV indir' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`pano-erisim-kaydi-vatandas-${citizenId}.csv`)
    const bytes = await readFile(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'Zaman;Kullanıcı adı;Ad soyad;API anahtarı;Rol;İşlem;Vatandaş no;Vatandaş;Vatandaş telefonu (maskeli);IP adresi',
    )
    expect(
      lines.some(
        (l) =>
          l.includes(';agent1;') &&
          l.includes(`;Listede gösterildi;${citizenId};Hatice Arslan;0532 *** ** 33;`),
      ),
    ).toBe(true)

    // From the log to the person's export; the export is a read the log then shows.
    await agentRow.getByRole('button', { name: `#${citizenId} dökümü` }).click()
    const exportTitle = page.getByRole('heading', {
      level: 4,
      name: `Kişisel veri dökümü: Hatice Arslan (#${citizenId})`,
    })
    await exportTitle.waitFor()
    const exported = page.getByRole('article')
    expect(await exported.textContent()).toContain('Çöp konteyneri boşaltılmadı')
    expect(await exported.textContent()).toContain('0532 111 22 33')
    expect(await page.getByRole('button', { name: 'Yazdır' }).isVisible()).toBe(true)
    expect(await page.getByRole('button', { name: 'Sil / anonimleştir…' }).isVisible()).toBe(true)
    await page.screenshot({ path: 'test-results/kvkk-export.png', fullPage: true })

    // The tabs answer the arrow keys; the access log opens again for the same citizen.
    const dataTab = page.getByRole('tab', { name: 'Vatandaş verileri' })
    expect(await dataTab.getAttribute('aria-selected')).toBe('true')
    // A search too short to be a number is refused at its field; nothing was being saved.
    const search = page.getByRole('form', { name: 'Vatandaş ara' })
    await search.getByLabel('Vatandaş', { exact: true }).fill('05')
    await search.getByLabel('Vatandaş', { exact: true }).press('Enter')
    await expect
      .poll(() => search.getByLabel('Vatandaş', { exact: true }).getAttribute('aria-invalid'))
      .toBe('true')
    const said = await page.locator('section[aria-labelledby="citizen-data-title"]').textContent()
    expect(said).toContain('Listelenemedi')
    expect(said).not.toContain('Kaydedilmedi')
    await dataTab.focus()
    await page.keyboard.press('ArrowRight')
    expect(await page.getByRole('tab', { name: 'Saklama süreleri' }).getAttribute('aria-selected')).toBe(
      'true',
    )
    await page
      .getByRole('form', { name: 'Saklama süreleri' })
      .getByLabel(/Kapanmış talepler/)
      .waitFor()
    expect(problems).toEqual([])
  })

  it('a filter asked while the first list still loads is listed once that one is done', async () => {
    const citizenId = await agentLooksUp('Hatice Arslan')
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    // The list the page asks for on opening is held back until the officer has asked for theirs.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let opening = true
    await page.route(
      (url) => url.pathname === '/api/v1/kvkk/access-log',
      async (route) => {
        if (!opening) return route.continue()
        opening = false
        const response = await route.fetch()
        await held
        await route.fulfill({ response })
      },
    )
    await signIn(page, 'kvkk')
    const filters = page.getByRole('form', { name: 'Erişim kaydını süz' })
    await filters.waitFor()
    await filters.getByLabel('Vatandaş no').fill(String(citizenId))
    const from = filters.getByLabel('Başlangıç günü')
    await from.fill(turkish(istanbulDay(1)))
    await from.press('Enter')
    release()
    // From tomorrow there is nothing yet: the officer's filter, not the opening list, is on screen.
    await page.getByRole('status').filter({ hasText: 'Bu süzgece uyan kayıt yok.' }).waitFor()
    expect(await page.locator('table.log tbody tr').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('the data officer types days as GG.AA.YYYY and the access log keeps to them', async () => {
    const citizenId = await agentLooksUp('Hatice Arslan')
    const today = istanbulDay()
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await signIn(page, 'kvkk')
    const filters = page.getByRole('form', { name: 'Erişim kaydını süz' })
    await filters.waitFor()
    const from = filters.getByLabel('Başlangıç günü')
    const to = filters.getByLabel('Bitiş günü')
    // What the officer sees: a field that asks for a Turkish day, not the browser's mm/dd/yyyy.
    expect(await from.getAttribute('type')).toBeNull()
    expect(await filters.textContent()).toContain('GG.AA.YYYY')

    const rows = page.locator('table.log tbody tr')
    const count = page.getByRole('status').filter({ hasText: /kayıt/ })
    const list = async (fromText: string, toText: string) => {
      for (const [field, text] of [
        [from, fromText],
        [to, toText],
      ] as const) {
        await field.fill('')
        await field.pressSequentially(text)
      }
      await to.press('Enter')
    }

    // From tomorrow: nothing yet.
    await filters.getByLabel('Vatandaş no').fill(String(citizenId))
    await list(turkish(istanbulDay(1)), '')
    await count.filter({ hasText: 'Bu süzgece uyan kayıt yok.' }).waitFor()
    expect(await rows.count()).toBe(0)

    // Today, typed with dots and with digits only: the agent's read is there, and the days read back.
    await list(turkish(today), turkish(today).replace(/\./g, ''))
    const agentRow = rows
      .filter({ hasText: 'Çağrı Merkezi Temsilcisi' })
      .filter({ hasText: 'Listede gösterildi' })
    await agentRow.first().waitFor()
    expect(await to.inputValue()).toBe(turkish(today))
    expect(new Set(await Promise.all((await rows.all()).map((r) => r.getAttribute('data-citizen'))))).toEqual(
      new Set([String(citizenId)]),
    )
    const csv = new URL(
      (await page.getByRole('link', { name: 'CSV indir' }).getAttribute('href')) ?? '',
      app.url,
    )
    expect(csv.searchParams.get('from')).toBe(today)
    expect(csv.searchParams.get('to')).toBe(today)

    // A day that is not on the calendar is said at its field, in Turkish, and focus goes there.
    await list('31.02.2026', '')
    const fromError = filters.locator('#log-from-error')
    await fromError.waitFor()
    expect(await fromError.textContent()).toContain('Geçerli bir gün yazın: GG.AA.YYYY')
    expect(await from.getAttribute('aria-invalid')).toBe('true')
    expect((await from.getAttribute('aria-describedby'))?.split(' ')).toContain('log-from-error')
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('log-from')
    // The line above the filter says the list was not made: nothing was being saved.
    const above = filters.getByRole('alert').first()
    expect(await above.textContent()).toContain('Listelenemedi: işaretli alanları düzeltip yeniden deneyin.')
    expect(await filters.textContent()).not.toContain('Kaydedilmedi')
    await page.screenshot({ path: 'test-results/kvkk-days-1366.png', fullPage: true })

    // Days the wrong way round are refused by the server at the end day, worded the same way above.
    await list(turkish(today), turkish(istanbulDay(-1)))
    const toError = filters.locator('#log-to-error')
    await toError.filter({ hasText: 'Bitiş tarihi başlangıçtan önce olamaz.' }).waitFor()
    expect(await fromError.count()).toBe(0)
    expect(await above.textContent()).toContain('Listelenemedi: işaretli alanları düzeltip yeniden deneyin.')
    expect(await filters.textContent()).not.toContain('Kaydedilmedi')
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('log-to')
    expect(problems).toEqual([])
  })

  it('the data officer finds who saw a record by the phone number the citizen gives', async () => {
    const citizenId = await agentLooksUp('Hatice Arslan')
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(page, 'kvkk')
    const filters = page.getByRole('form', { name: 'Erişim kaydını süz' })
    await filters.waitFor()
    const record = filters.getByLabel('Vatandaş no')
    const phone = filters.getByLabel('Telefon', { exact: true })
    const rows = page.locator('table.log tbody tr')
    const status = page.getByRole('status').filter({ hasText: /kayıt|vatandaş/ })

    // Typed into the record number, a phone number is sent to its own field rather than refused.
    await record.fill('0532 111 22 33')
    await record.press('Enter')
    const recordError = filters.locator('#log-citizen-error')
    await recordError.waitFor()
    expect(await recordError.textContent()).toContain('Bu bir telefon numarası: “Telefon” alanına yazın.')
    // Her rows by record number, as the officer had to list them before.
    await record.fill(String(citizenId))
    await record.press('Enter')
    await rows.first().waitFor()
    const byRecord = await rows.allInnerTexts()
    expect(byRecord.some((r) => r.includes('(agent1)') && r.includes('Listede gösterildi'))).toBe(true)
    await record.fill('')

    // The number as the citizen says it, in the spellings people write: the same rows, named as always.
    // The rows match the record's list already, so the CSV link (the filter of the rows on screen) tells
    // when the list asked by this spelling is there.
    const csvPhone = async () => {
      const href = await page.getByRole('link', { name: 'CSV indir' }).getAttribute('href')
      return new URL(href ?? '', app.url).searchParams.get('phone')
    }
    for (const spelling of ['0532 111 22 33', '+90 532 111 2233', '5321112233']) {
      await phone.fill(spelling)
      await phone.press('Enter')
      await expect.poll(csvPhone, { message: spelling }).toBe(spelling)
      expect(await rows.allInnerTexts()).toEqual(byRecord)
      expect(
        new Set(await Promise.all((await rows.all()).map((r) => r.getAttribute('data-citizen')))),
      ).toEqual(new Set([String(citizenId)]))
      expect(await rows.first().getByRole('cell').nth(4).innerText()).toBe(
        `Hatice Arslan\n0532 *** ** 33\n#${citizenId} dökümü`,
      )
      expect(await page.locator('table.log').textContent()).not.toContain('111 22 33')
    }

    // A number no record holds is said as such, with nothing to download.
    await phone.fill('0532 999 88 77')
    await phone.press('Enter')
    await status.filter({ hasText: 'Bu numarayla kayıtlı vatandaş yok.' }).waitFor()
    expect(await rows.count()).toBe(0)
    expect(await page.getByRole('link', { name: 'CSV indir' }).count()).toBe(0)
    await page.screenshot({ path: 'test-results/kvkk-access-log-phone.png', fullPage: true })

    // Part of a number is not a number: refused at its field, in Turkish.
    await phone.fill('0532 111')
    await phone.press('Enter')
    const phoneError = filters.locator('#log-phone-error')
    await phoneError.filter({ hasText: 'Numara eksik' }).waitFor()
    expect(await phone.getAttribute('aria-invalid')).toBe('true')
    expect(problems).toEqual([])
  })

  it('shows calls that ended while the PBX connection was lost with their wait as a lower bound and their talk unknown', async () => {
    const { id } = await app.prisma.citizen.create({
      data: { fullName: 'Sevgi Tan', phones: { create: [{ e164: '+905447654321' }] } },
    })
    const call = (key: string, seen: boolean) => {
      // The call Pano saw came a minute after the other, so the export lists it second.
      const enteredAt = new Date(Date.now() - (seen ? 3_540_000 : 3_600_000))
      return {
        pbxId: 'main',
        callKey: key,
        linkedId: key,
        direction: 'INBOUND' as const,
        queue: 'cagri-merkezi',
        callerNumber: '+905447654321',
        citizenId: id,
        enteredAt,
        endedAt: new Date(enteredAt.getTime() + 95_000),
        waitSec: seen ? 35 : 4,
        outcome: 'ANSWERED' as const,
        // Unseen: the row the resync stores for a call it only saw waiting (telephony/state/resync.ts).
        ...(seen ? { answeredAt: new Date(enteredAt.getTime() + 35_000), talkSec: 60 } : {}),
      }
    }
    // Its end not known at all, answered or not, a minute after the others (telephony/state/resync.ts).
    const unknown = { ...call('e2e-unknown', false), outcome: 'UNKNOWN' as const, waitSec: 2 }
    unknown.enteredAt = new Date(Date.now() - 3_480_000)
    unknown.endedAt = new Date(unknown.enteredAt.getTime() + 95_000)
    await app.prisma.call.createMany({ data: [call('e2e-unseen', false), call('e2e-seen', true), unknown] })
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openExport(page, 'Sevgi Tan', id)
    await page.getByRole('heading', { level: 5, name: 'Çağrılar (3)' }).waitFor()
    const rows = page.locator('table', { has: page.getByRole('columnheader', { name: 'Görüşme' }) })
    const cells = async (n: number) =>
      (await rows.getByRole('row').nth(n).getByRole('cell').allInnerTexts()).map((t) => t.trim())
    expect((await cells(1)).slice(4, 7)).toEqual(['Cevaplandı', 'en az 0:04*', 'bilinmiyor*'])
    expect((await cells(2)).slice(4, 7)).toEqual(['Cevaplandı', '0:35', '1:00'])
    expect(await page.locator('[data-note="answered-unseen"]').innerText()).toMatch(
      /Santral bağlantısı kesikken cevaplanıp biten çağrı/,
    )
    expect((await cells(3)).slice(4, 7)).toEqual(['Sonucu bilinmiyor', 'en az 0:02**', 'bilinmiyor**'])
    expect(await page.locator('[data-note="outcome-unknown"]').innerText()).toMatch(
      /^\*\* Santral bağlantısı kesikken biten çağrı: cevaplanıp cevaplanmadığı bilinmiyor/,
    )
    expect(problems).toEqual([])
  })

  it('downloads the export as a file in Turkish with Istanbul times, and says counts of nothing as such', async () => {
    const { id } = await app.prisma.citizen.create({
      data: { fullName: 'Deniz Kaya', mahalle: 'Nergiz', phones: { create: [{ e164: '+905441234567' }] } },
    })
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await openExport(page, 'Deniz Kaya', id)
    await page.getByRole('heading', { level: 4, name: `Kişisel veri dökümü: Deniz Kaya (#${id})` }).waitFor()

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'JSON indir' }).click(),
    ])
    const today = istanbulDay()
    expect(download.suggestedFilename()).toBe(`kvkk-dokum-vatandas-${id}-${today}.json`)
    const text = (await readFile(await download.path())).toString('utf8')
    const doc = JSON.parse(text) as Record<string, unknown> & {
      oluşturulma: string
      vatandaş: Record<string, unknown>
    }
    expect(Object.keys(doc)).toEqual([
      'oluşturulma',
      'veriSorumlusu',
      'vatandaş',
      'talepler',
      'çağrılar',
      'geriAramalar',
      'mesajlar',
      'erişimler',
      'tutulmayanlar',
    ])
    expect(doc.vatandaş).toMatchObject({
      kayıtNo: id,
      adSoyad: 'Deniz Kaya',
      telefonlar: [{ numara: '0544 123 45 67', etiket: null }],
      mahalle: 'Nergiz',
    })
    // Istanbul's clock and day, with the offset; no UTC instant anywhere in the file.
    expect(doc.oluşturulma).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/)
    expect(doc.oluşturulma.slice(0, 10)).toBe(today)
    expect(Math.abs(Date.parse(doc.oluşturulma) - Date.now())).toBeLessThan(120_000)
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/)
    expect(text).not.toMatch(/"(generatedAt|controller|citizen|fullName|phones)"/)

    // Nothing to mask, delete or keep: said in words, not as "0 çağrının numarası maskelenir".
    await page.getByRole('button', { name: 'Sil / anonimleştir…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Kişisel verileri sil / anonimleştir' })
    await dialog.waitFor()
    const said = (await dialog.getByRole('listitem').allInnerTexts()).map((t) => t.trim())
    expect(said).toEqual([
      'Ad, e-posta ve adres silinir; 1 telefon numarası silinir.',
      'Maskelenecek çağrı numarası yok; silinecek geri arama kaydı yok.',
      'Kişinin talebi yok.',
      'Erişim kayıtları ve bu işlemin kaydı tutulur (KVKK md. 12, Silme Yönetmeliği).',
    ])
    expect(await dialog.textContent()).not.toMatch(/(^|\D)0 /)
    await page.screenshot({ path: 'test-results/kvkk-erase-nothing.png', fullPage: true })
    await dialog.getByRole('button', { name: 'Vazgeç' }).click()
    expect(problems).toEqual([])
  })
})

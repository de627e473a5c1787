/**
 * Yönetim › KVKK in Chromium with the demo data: an agent looks a caller up, then the data officer (demo
 * user `kvkk`) signs in, sees only Yönetim › KVKK, filters the access log by that citizen, downloads the
 * CSV, and opens the citizen's export from the log, moving between the tabs by keyboard.
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

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill(username)
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
}

describe('Yönetim › KVKK', () => {
  it('the data officer filters the access log by a citizen, downloads the CSV and opens the export', async () => {
    const citizenId = await agentLooksUp('Hatice Arslan')
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 900 } })
    await signIn(page, 'kvkk')
    await page.waitForURL((url) => url.pathname === '/yonetim' && url.search === '?bolum=kvkk')
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
    expect(lines[0]).toBe('Zaman;Kullanıcı adı;Ad soyad;API anahtarı;Rol;İşlem;Vatandaş no;IP adresi')
    expect(lines.some((l) => l.includes(';agent1;') && l.includes(`;Listede gösterildi;${citizenId};`))).toBe(
      true,
    )

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
})

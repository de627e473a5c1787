/**
 * The müdür opens Raporlar in Chromium: today's call numbers from stored Call rows, the overdue-by-
 * müdürlük table with the ticket that is late, sorting by keyboard, and a CSV download that Turkish
 * Excel reads (BOM, `;`, Turkish headers). Durations read as m:ss on screen (lib/format.ts
 * formatSeconds) while the CSV keeps plain seconds under a header that says `(sn)`. A day that cannot be
 * read is refused at its field, and so is a range the server refuses; either way the report shown stays.
 */
import { mkdir, readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { DAY_FORMAT_MESSAGE } from '../../client/src/lib/format.ts'
import { loadConfig } from '../../server/config.ts'
import { startPano, type RunningPano } from '../../server/main.ts'
import { launchBrowser, type TestBrowser } from '../support/browser.ts'
import { CLIENT_DIR, waitForFiles } from '../support/e2e-app.ts'
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts'

const LATE_TICKET = '2020-000777'

let db: TestDatabase
let pano: RunningPano
let browser: TestBrowser
let unitName: string

beforeAll(async () => {
  await waitForFiles([`${CLIENT_DIR}/index.html`], 60_000)
  db = await createTestDatabase()
  // Plain HTTP on loopback: such an install turns the production default of Secure cookies off.
  const config = loadConfig({
    DATABASE_URL: db.url,
    COOKIE_SECURE: '0',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SIMULATOR: 'off',
  })
  ;[pano, browser] = await Promise.all([
    startPano(config, {
      database: { prisma: db.prisma, kind: 'postgres', ping: () => db.prisma.$queryRaw`SELECT 1` },
      seedDemo: true,
      clientDir: CLIENT_DIR,
      print: () => {},
    }),
    launchBrowser(),
  ])
  // Three calls today (Istanbul): two answered, one abandoned after 30 s.
  const istanbulMidnight = Math.floor((Date.now() + 3 * 3_600_000) / 86_400_000) * 86_400_000 - 3 * 3_600_000
  const entered = new Date(Math.max(istanbulMidnight, Date.now() - 5_000))
  const base = {
    pbxId: 'main',
    direction: 'INBOUND' as const,
    queue: 'e2e-kuyruk',
    enteredAt: entered,
    endedAt: new Date(),
  }
  await db.prisma.call.createMany({
    data: [
      {
        ...base,
        callKey: 'e2e-1',
        linkedId: 'e2e-1',
        outcome: 'ANSWERED',
        waitSec: 4,
        talkSec: 30,
        agentName: 'Ayşe E2E',
        agentInterface: 'Local/9001@agents/n',
      },
      {
        ...base,
        callKey: 'e2e-2',
        linkedId: 'e2e-2',
        outcome: 'ANSWERED',
        waitSec: 25,
        talkSec: 60,
        agentName: 'Ayşe E2E',
        agentInterface: 'Local/9001@agents/n',
      },
      { ...base, callKey: 'e2e-3', linkedId: 'e2e-3', outcome: 'ABANDONED', waitSec: 30 },
    ],
  })
  const unit = await db.prisma.unit.findFirstOrThrow({
    where: { active: true },
    orderBy: { sortOrder: 'asc' },
  })
  unitName = unit.name
  await db.prisma.ticket.create({
    data: {
      number: LATE_TICKET,
      type: 'SIKAYET',
      channel: 'CIMER',
      legalTrack: 'CIMER',
      subject: 'Geciken başvuru',
      description: 'E2E',
      unitId: unit.id,
      status: 'BIRIME_HAVALE',
      createdAt: new Date(Date.now() - 40 * 86_400_000),
      dueAt: new Date(Date.now() - 5 * 86_400_000),
    },
  })
})

afterAll(async () => {
  await browser?.close()
  await pano?.close()
  await db?.drop()
})

/** Signs the müdür in and opens Raporlar by its address. */
async function openReportsAsMudur(page: Page): Promise<void> {
  await page.goto(`${pano.url}/giris`)
  await page.getByLabel('Kullanıcı adı').fill('mudur')
  await page.getByLabel('Parola', { exact: true }).fill('demo')
  await page.getByLabel('Parola', { exact: true }).press('Enter')
  await page.waitForURL((url) => url.pathname !== '/giris')
  await page.goto(`${pano.url}/raporlar`)
}

/**
 * A row as the resync stores a call that ended while the PBX was not seen (telephony/state/resync.ts):
 * no answer time, talk or agent; in another queue, so the figures the tests above read do not move.
 */
function unseenCallRow(key: string, outcome: 'ANSWERED' | 'UNKNOWN', callerNumber: string, at: Date) {
  return {
    pbxId: 'main',
    direction: 'INBOUND' as const,
    queue: 'e2e-baska',
    callKey: key,
    linkedId: key,
    callerNumber,
    enteredAt: at,
    endedAt: new Date(),
    outcome,
    waitSec: 1,
  }
}

/** Raporlar › Bugünün çağrıları as the müdür: the agent, outcome and talk cells of one call's row. */
async function todayCallCells(page: Page, callId: number): Promise<string[]> {
  await openReportsAsMudur(page)
  await page.getByRole('button', { name: 'Bugünün çağrılarını göster' }).click()
  const row = page.locator(`tr[data-call="${callId}"]`)
  await row.waitFor()
  return (await row.locator('td').allTextContents()).slice(4, 7)
}

describe('Raporlar', () => {
  it("shows today's numbers and the overdue table, sorts by keyboard and downloads a CSV", async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${pano.url}/giris`)
    await page.getByLabel('Kullanıcı adı').fill('mudur')
    await page.getByLabel('Parola').fill('demo')
    await page.getByLabel('Parola').press('Enter')
    await page.waitForURL((url) => url.pathname !== '/giris')
    await page.getByRole('link', { name: 'Raporlar' }).click()
    await page.waitForURL((url) => url.pathname === '/raporlar')

    await page.locator('[data-summary="offered"] dd').getByText('3', { exact: true }).waitFor()
    expect(await page.locator('[data-summary="answered"] dd').textContent()).toBe('2')
    expect(await page.getByRole('button', { name: 'Bugün', exact: true }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    const queues = page.locator('[data-report="kuyruklar"]')
    await queues.getByRole('row', { name: /e2e-kuyruk/ }).waitFor()

    const overdue = page.locator('[data-report="gecikenler"]')
    const lateRow = overdue.getByRole('row', { name: new RegExp(unitName) })
    await lateRow.waitFor()
    expect(await lateRow.textContent()).toContain(LATE_TICKET)
    // Each late ticket's number opens it.
    expect(await lateRow.getByRole('link', { name: LATE_TICKET }).getAttribute('href')).toBe(
      `/talepler/${LATE_TICKET}`,
    )
    // The page does not promise that nothing personal is on it above a list of callers' numbers.
    expect(await page.locator('.privacy').textContent()).toContain(
      '“Bugünün çağrıları” ise arayanların numaralarını',
    )
    // The table sorts from the keyboard and says so.
    const header = overdue.getByRole('columnheader', { name: /Süresi geçen/ })
    await header.getByRole('button').focus()
    await page.keyboard.press('Enter')
    expect(await header.getAttribute('aria-sort')).toBe('descending')

    await mkdir('test-results', { recursive: true })
    await page.screenshot({ path: 'test-results/reports-1440x900.png', fullPage: true })

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      overdue.getByRole('link', { name: /CSV indir/ }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^pano-gecikenler-\d{4}-\d{2}-\d{2}\.csv$/)
    const bytes = await readFile(await download.path())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = bytes.toString('utf8')
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFBirim;Süresi geçen;Yasal süreli;En uzun gecikme (gün);Talep numaraları',
    )
    expect(text).toContain(LATE_TICKET)

    // A quick pick loads another range.
    await page.getByRole('button', { name: 'Geçen hafta', exact: true }).click()
    await page
      .getByRole('button', { name: 'Geçen hafta', exact: true })
      .and(page.locator('[aria-pressed="true"]'))
      .waitFor()
    await expect.poll(() => page.locator('[data-summary="offered"] dd').textContent()).toBe('0')
    expect(problems).toEqual([])
  })

  it('writes every duration as m:ss, and the CSV keeps seconds under a header that says so', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openReportsAsMudur(page)

    // ASA = (4 + 25) ÷ 2 = 14,5 s; AHT = (30 + 60) ÷ 2 = 45 s; Ayşe talked 90 s in all.
    await page.locator('[data-summary="offered"] dd').getByText('3', { exact: true }).waitFor()
    expect(await page.locator('[data-summary="asa"] dd').textContent()).toBe('0:15')
    const queues = page.locator('[data-report="kuyruklar"]')
    const queueRow = queues.getByRole('row', { name: /e2e-kuyruk/ })
    await queueRow.waitFor()
    const queueHeaders = (await queues.getByRole('columnheader').allTextContents()).map((h) =>
      h.replace(/[↕▲▼]/g, '').trim(),
    )
    const queueCells = await queueRow.getByRole('cell').allTextContents()
    const queueCell = (header: string) => queueCells[queueHeaders.indexOf(header) - 1]
    expect(queueCell('Ort. cevaplama süresi')).toBe('0:15')
    expect(queueCell('Ort. işlem süresi')).toBe('0:45')
    // Named in Turkish: no English abbreviation stands in a header or a figure's name.
    expect(queueHeaders.join(' ')).not.toMatch(/\b(ASA|AHT)\b/)
    expect(await page.locator('[data-summary="asa"] dt').textContent()).toBe('Ort. cevaplama süresi')
    expect(queueHeaders).toContain('Servis seviyesi eşiği (sn)')
    // Tooltips and notes are Turkish too: no SL, ASA or AHT and no English words.
    const titles = await page.evaluate<string[]>(
      `[...document.querySelectorAll('main [title]')].map((e) => e.getAttribute('title'))`,
    )
    expect([await page.locator('main').textContent(), ...titles].join(' ')).not.toMatch(
      /\b(SL|ASA|AHT)\b|average|speed of answer|handle time/,
    )

    const agents = page.locator('[data-report="temsilciler"]')
    const agentRow = agents.getByRole('row', { name: /Ayşe E2E/ })
    await agentRow.waitFor()
    const agentHeaders = (await agents.getByRole('columnheader').allTextContents()).map((h) =>
      h.replace(/[↕▲▼]/g, '').trim(),
    )
    expect(agentHeaders).toEqual(expect.arrayContaining(['Konuşma', 'Ort. konuşma', 'Mola toplam']))
    const agentCells = await agentRow.getByRole('cell').allTextContents()
    expect(agentCells[agentHeaders.indexOf('Konuşma') - 1]).toBe('1:30')
    expect(agentCells[agentHeaders.indexOf('Ort. konuşma') - 1]).toBe('0:45')
    // No duration on the screen is written in decimal seconds (`14,5 sn`).
    expect(await page.locator('main').textContent()).not.toMatch(/\d,\d+ sn\b/)

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      agents.getByRole('link', { name: /CSV indir/ }).click(),
    ])
    const lines = (await readFile(await download.path())).toString('utf8').slice(1).split('\r\n')
    const header = lines[0]?.split(';') ?? []
    expect(header).toEqual(expect.arrayContaining(['Konuşma (sn)', 'Ort. konuşma (sn)', 'Mola toplam (sn)']))
    const ayse = lines.find((l) => l.startsWith('Ayşe E2E;'))?.split(';') ?? []
    expect(ayse[header.indexOf('Konuşma (sn)')]).toBe('90')
    expect(ayse[header.indexOf('Ort. konuşma (sn)')]).toBe('45')
    expect(problems).toEqual([])
  })

  it('refuses a day it cannot read at its field, worded as every day field, and keeps the last report', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openReportsAsMudur(page)
    await page.locator('[data-summary="offered"] dd').getByText('3', { exact: true }).waitFor()
    const status = await page.locator('p.status').textContent()

    // 31 February: a typo in the first day.
    const from = page.getByLabel('Başlangıç')
    await from.fill('31.02.2026')
    await from.press('Enter')
    await page.locator('#r-from-error').filter({ hasText: DAY_FORMAT_MESSAGE }).waitFor()
    expect(await from.getAttribute('aria-invalid')).toBe('true')
    await expect.poll(() => page.evaluate<string | undefined>('document.activeElement?.id')).toBe('r-from')
    // The report asked for before is still there, under the line that names its range.
    expect(await page.locator('[data-summary="offered"] dd').textContent()).toBe('3')
    expect(await page.locator('p.status').textContent()).toBe(status)
    expect(await page.locator('[data-report="kuyruklar"]').count()).toBe(1)

    // A day typed the short way is read and written back as Pano writes it.
    const [d = '', m = '', y = ''] = (await page.getByLabel('Bitiş').inputValue()).split('.')
    await from.fill(`${Number(d)}.${Number(m)}.${y}`)
    await from.press('Enter')
    await expect.poll(() => from.inputValue()).toBe(`${d}.${m}.${y}`)
    expect(await from.getAttribute('aria-invalid')).toBeNull()
    expect(problems).toEqual([])
  })

  it('keeps the last report when the server refuses the range, and says why at "Bitiş"', async () => {
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    await openReportsAsMudur(page)
    await page.locator('[data-summary="offered"] dd').getByText('3', { exact: true }).waitFor()
    const status = await page.locator('p.status').textContent()
    const to = page.locator('#r-to')
    const toError = page.locator('#r-to-error')

    for (const [fromText, toText, reason] of [
      ['10.12.2026', '01.12.2026', 'Bitiş tarihi başlangıçtan önce olamaz.'],
      ['01.01.2025', '31.12.2026', 'Rapor aralığı en çok 366 gün olabilir.'],
    ] as const) {
      await page.locator('#r-from').fill(fromText)
      await to.fill(toText)
      await page.getByRole('button', { name: 'Göster', exact: true }).click()
      await toError.filter({ hasText: reason }).waitFor()
      expect(await to.getAttribute('aria-invalid')).toBe('true')
      // The report asked for before is still there, under the line that names its own range.
      await expect.poll(() => page.locator('p.status').textContent()).toBe(status)
      expect(await page.locator('[data-summary="offered"] dd').textContent()).toBe('3')
      expect(await page.locator('[data-report="kuyruklar"]').count()).toBe(1)
    }
    expect(problems).toEqual([])
  })
  it("lists a call answered while the PBX connection was lost as answered, agent and talk 'bilinmiyor', on its ticket too", async () => {
    const call = await db.prisma.call.create({
      data: unseenCallRow('e2e-unseen', 'ANSWERED', '+905321112233', new Date(Date.now() - 2_000)),
    })
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    expect(await todayCallCells(page, call.id)).toEqual(['bilinmiyor', 'Cevaplandı*', 'bilinmiyor'])
    expect(await page.locator('[data-note="answered-unseen"]').textContent()).toContain(
      'Santral bağlantısı kesikken cevaplanıp biten çağrı',
    )
    // An answered call Pano saw keeps its agent and talk, and no footnote mark.
    const seenCall = await db.prisma.call.findFirstOrThrow({ where: { callKey: 'e2e-2' } })
    const seen = page.locator(`tr[data-call="${seenCall.id}"]`)
    expect((await seen.locator('td').allTextContents()).slice(4, 7)).toEqual([
      'Ayşe E2E',
      'Cevaplandı',
      '1:00',
    ])

    // Tied to a ticket, its line there says the same instead of a wait that is only a lower bound.
    const ticket = await db.prisma.ticket.findUniqueOrThrow({ where: { number: LATE_TICKET } })
    await db.prisma.callTicket.create({ data: { callId: call.id, ticketId: ticket.id } })
    await page.goto(`${pano.url}/talepler/${LATE_TICKET}`)
    const line = page.locator('section[aria-labelledby="calls-title"] li', { hasText: `Çağrı ${call.id}` })
    await line.waitFor()
    const text = await line.textContent()
    expect(text).toContain('santral bağlantısı kesikken cevaplandı; bekleme ve konuşma süresi bilinmiyor')
    expect(text).not.toContain('bekleme 0')
    expect(problems).toEqual([])
  })
  it("lists a caller whose end is unknown as 'Sonucu bilinmiyor', and on the missed-call list with why", async () => {
    // What the recorder adds for such a caller (server/services/calls/missed-calls.ts).
    const at = new Date(Date.now() - 3_000)
    const phone = '+905321114455'
    const call = await db.prisma.call.create({ data: unseenCallRow('e2e-unknown', 'UNKNOWN', phone, at) })
    await db.prisma.callback.create({
      data: {
        phoneE164: phone,
        reason: 'OUTCOME_UNKNOWN',
        status: 'OPEN',
        dueAt: new Date(Date.now() + 3_600_000),
        firstCallAt: at,
        lastCallAt: at,
        callCount: 1,
      },
    })
    const { page, problems } = await browser.newPage({ viewport: { width: 1366, height: 768 } })
    expect(await todayCallCells(page, call.id)).toEqual(['bilinmiyor', 'Sonucu bilinmiyor**', 'bilinmiyor'])
    const note = (await page.locator('[data-note="outcome-unknown"]').textContent()) ?? ''
    expect(note.replace(/\s+/g, ' ')).toContain(
      'cevaplanıp cevaplanmadığı bilinmiyor; gelen çağrılar arasında sayılır, cevaplanan ya da vazgeçen sayılmaz',
    )

    // Talepler › Cevapsız çağrılar: the number, and what the agent should ask.
    await page.goto(`${pano.url}/talepler`)
    await page.getByRole('tab', { name: 'Cevapsız çağrılar' }).click()
    const missed = page.locator('tr', { hasText: '0532 111 44 55' })
    await missed.waitFor()
    expect(await missed.locator('[data-note="outcome-unknown"]').textContent()).toBe(
      'Bir çağrısı santral bağlantısı kesikken bitti: cevaplanıp cevaplanmadığı bilinmiyor, vatandaşa sorun.',
    )
    expect(problems).toEqual([])
  })
})

/**
 * Raporlar against real PostgreSQL: hand-counted aggregates of the seeded rows (report-fixture.ts),
 * Istanbul midnight edges, the same SL/ASA/AHT as the wallboard's statistics for the same rows, the
 * overdue-by-unit table (a ticket its unit answered no longer counted against the unit), CSV format,
 * and who may read reports.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import type { ReportTable, ReportView } from '../../../server/contract/reports.ts'
import { rebuildStats, statsConfig } from '../../../telephony/stats/index.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import {
  AGENT_A,
  AGENT_B,
  CALLS,
  DAY,
  NOW,
  UNIT_A,
  UNIT_B,
  finishedCallOf,
  seedReportRows,
} from './report-fixture.ts'

let h: AuthHarness
let mudur: { cookie: string }

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  h.advance(NOW.getTime() - Date.now())
  await seedReportRows(h.prisma)
  mudur = await h.signIn('supervisor')
})
afterAll(async () => {
  await h?.close()
})

async function report(query: string, cookie = mudur.cookie): Promise<ReportView> {
  const res = await request(h.app).get(`/api/v1/reports?${query}`).set('cookie', cookie)
  expect(res.status).toBe(200)
  return res.body as ReportView
}

function table(view: ReportView, id: string): ReportTable {
  const t = view.tables.find((x) => x.id === id)
  if (!t) throw new Error(`no table ${id}`)
  return t
}

function row(t: ReportTable, key: string, value: string) {
  const r = t.rows.find((x) => x[key] === value)
  if (!r) throw new Error(`no row ${key}=${value} in ${t.id}`)
  return r
}

describe('call reports for one Istanbul day', () => {
  let view: ReportView
  beforeAll(async () => {
    view = await report(`from=${DAY}&to=${DAY}`)
  })

  it('covers 00:00–24:00 Istanbul: the calls at 00:00:00 and 23:59:59 in, the ones a second outside out', () => {
    expect(view.range).toMatchObject({
      from: DAY,
      to: DAY,
      fromAt: '2026-03-09T21:00:00.000Z',
      toAt: '2026-03-10T21:00:00.000Z',
      days: 1,
    })
    const q = row(table(view, 'kuyruklar'), 'queue', 'Çağrı Merkezi 444')
    // c1..c8: 4 answered (one transferred), 3 abandoned (one short), 1 timeout.
    expect(q).toMatchObject({
      offered: 8,
      answered: 4,
      abandoned: 3,
      shortAbandoned: 1,
      timedOut: 1,
      transferred: 1,
      answeredWithinSl: 3,
      thresholdSec: 20,
    })
    const hours = table(view, 'saatler')
    expect(row(hours, 'hour', '00:00–00:59')['offered']).toBe(1)
    expect(row(hours, 'hour', '23:00–23:59')['offered']).toBe(1)
    expect(row(hours, 'hour', '09:00–09:59')['offered']).toBe(4)
    expect(view.charts.hourlyOffered.map((p) => p.value)).toEqual([
      1, 0, 0, 0, 0, 0, 0, 0, 0, 4, 3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ])
  })

  it('explains the queue figures in Turkish only, without SL, ASA or AHT', () => {
    const queues = table(view, 'kuyruklar')
    expect(queues.note).toMatch(/^Servis seviyesi = 20 sn içinde cevaplanan ÷ /)
    expect(queues.note).not.toMatch(/\b(SL|ASA|AHT)\b/)
    expect(queues.columns.map((c) => c.label)).toContain('Servis seviyesi eşiği (sn)')
  })

  it('computes SL, ASA, AHT and abandon rate with per-queue thresholds', () => {
    const q = row(table(view, 'kuyruklar'), 'queue', 'Çağrı Merkezi 444')
    // SL = ≤20 s answered (10, 5, 20) ÷ (4 answered + 1 abandoned after 20 s) = 3/5.
    expect(q['serviceLevelPct']).toBe(60)
    // ASA = (10 + 30 + 5 + 20) / 4 = 16.25 → 16.3; AHT = (100 + 200 + 60 + 50) / 4.
    expect(q['asaSec']).toBe(16.3)
    expect(q['ahtSec']).toBe(102.5)
    // Abandon rate = 2 not-short ÷ (4 + 2).
    expect(q['abandonRatePct']).toBe(33.3)
    // Santral queue has T = 10 s: 12 s answer is late, 15 s abandon after T → 0 / 2.
    const s = row(table(view, 'kuyruklar'), 'queue', 'Santral Test')
    expect(s).toMatchObject({ offered: 2, answered: 1, serviceLevelPct: 0, thresholdSec: 10 })
    // Total: 3 within ÷ (5 answered + 2 late abandons); ASA 77/5; AHT 440/5; (3 − 0 short of santral) …
    expect(table(view, 'kuyruklar').total).toMatchObject({
      offered: 10,
      answered: 5,
      serviceLevelPct: 42.9,
      asaSec: 15.4,
      ahtSec: 88,
      abandonRatePct: 37.5,
    })
    expect(view.summary).toMatchObject({ offered: 10, answered: 5, serviceLevelPct: 42.9 })
    expect(view.formulas.serviceLevel).toContain('Servis seviyesi =')
  })

  it('agrees with the wallboard statistics for the same rows', () => {
    const inDay = CALLS.filter((c) => c.key !== 'c9' && c.key !== 'c10').map(finishedCallOf)
    const config = statsConfig({
      queues: {
        '444': { serviceLevelSec: 20, shortAbandonSec: 5, wrapUpSec: 0 },
        'santral-test': { serviceLevelSec: 10, shortAbandonSec: 5, wrapUpSec: 0 },
      },
    })
    const wallboard = rebuildStats(inDay, [], Date.parse('2026-03-10T20:59:59.999Z'), config).today
    const q = row(table(view, 'kuyruklar'), 'queue', 'Çağrı Merkezi 444')
    const w = wallboard.queues['444']!
    expect([q['serviceLevelPct'], q['asaSec'], q['ahtSec'], q['abandonRatePct'], q['offered']]).toEqual([
      w.serviceLevelPct,
      w.asaSec,
      w.ahtSec,
      w.abandonRatePct,
      w.offered,
    ])
    expect(table(view, 'kuyruklar').total).toMatchObject({
      serviceLevelPct: wallboard.pbx.serviceLevelPct,
      asaSec: wallboard.pbx.asaSec,
      ahtSec: wallboard.pbx.ahtSec,
    })
  })

  it('reports agents with missed rings and pause time by reason, clipped to the day', () => {
    const agents = table(view, 'temsilciler')
    const labels = agents.columns.map((c) => c.label)
    expect(labels).toEqual(
      expect.arrayContaining(['Mola: Eğitim (sn)', 'Mola: Mola (sn)', 'Mola: Yemek (sn)']),
    )
    const key = (label: string) => agents.columns.find((c) => c.label === label)!.key
    const a = row(agents, 'agent', AGENT_A.name)
    expect(a).toMatchObject({ answered: 2, missed: 1, talkSec: 160, avgTalkSec: 80, pausedSec: 5400 })
    expect(a[key('Mola: Yemek (sn)')]).toBe(1800)
    expect(a[key('Mola: Mola (sn)')]).toBe(3600)
    const b = row(agents, 'agent', AGENT_B.name)
    expect(b).toMatchObject({ answered: 2, missed: 0, talkSec: 250, pausedSec: 3600 })
    expect(b[key('Mola: Eğitim (sn)')]).toBe(3600)
  })

  it('counts transfers per unit with the santral console answer rate', () => {
    const t = table(view, 'aktarimlar')
    expect(row(t, 'unit', UNIT_A)).toMatchObject({
      transfers: 4,
      answered: 1,
      notAnswered: 1,
      returned: 1,
      answerRatePct: 50,
    })
    expect(row(t, 'unit', UNIT_B)).toMatchObject({ transfers: 1, callerHungUp: 1, answerRatePct: 0 })
    expect(t.total).toMatchObject({ transfers: 5, answered: 1, answerRatePct: 33.3 })
  })

  it('carries no caller numbers or names', () => {
    const body = JSON.stringify(view)
    expect(body).not.toContain('5321112233')
    expect(body).not.toContain('Gizli Vatandaş')
  })
})

describe('call reports over several days', () => {
  it('lists every day, including empty ones, with the day SL chart', async () => {
    const view = await report('from=2026-03-09&to=2026-03-11')
    const days = table(view, 'gunler')
    expect(days.rows.map((r) => [r['day'], r['offered']])).toEqual([
      ['2026-03-09', 1],
      ['2026-03-10', 10],
      ['2026-03-11', 1],
    ])
    expect(view.charts.dailyServiceLevel.map((p) => p.value)).toEqual([100, 42.9, 0])
    // The range reaches today: it ends now (the harness clock, a few seconds before NOW).
    expect(view.range.toAt).toBe(view.generatedAt)
    expect(Date.parse(view.range.toAt)).toBeLessThanOrEqual(NOW.getTime())
    expect(row(table(view, 'saatler'), 'hour', '00:00–00:59')['offeredPerDay']).toBe(0.7)
  })

  it('counts a call whose end is unknown as offered and nothing else, as the wallboard does', async () => {
    // 5 November 2025 09:00 Istanbul, a day (and year) no other row uses: one call answered in 5 s,
    // and one the resync could not place (telephony/state/resync.ts).
    const base = { pbxId: 'main', direction: 'INBOUND' as const, queue: '444', callerNumber: '+905321110000' }
    const entered = new Date('2025-11-05T06:00:00Z')
    await h.prisma.call.createMany({
      data: [
        {
          ...base,
          callKey: 'u1',
          linkedId: 'u1',
          enteredAt: entered,
          answeredAt: new Date(entered.getTime() + 5_000),
          endedAt: new Date(entered.getTime() + 65_000),
          waitSec: 5,
          talkSec: 60,
          outcome: 'ANSWERED',
          agentInterface: AGENT_A.interface,
          agentName: AGENT_A.name,
        },
        {
          ...base,
          callKey: 'u2',
          linkedId: 'u2',
          enteredAt: entered,
          endedAt: new Date(entered.getTime() + 300_000),
          waitSec: 3,
          outcome: 'UNKNOWN',
        },
      ],
    })
    const view = await report('from=2025-11-05&to=2025-11-05')
    expect(row(table(view, 'kuyruklar'), 'queue', 'Çağrı Merkezi 444')).toMatchObject({
      offered: 2,
      answered: 1,
      abandoned: 0,
      serviceLevelPct: 100,
      abandonRatePct: 0,
    })
  })

  it('defaults to today and refuses reversed, malformed and over-long ranges', async () => {
    const today = await report('')
    expect(today.range).toMatchObject({ from: '2026-03-11', to: '2026-03-11' })
    expect(today.summary.offered).toBe(1)
    for (const q of [
      'from=2026-03-10&to=2026-03-09',
      'from=2026-02-30',
      'from=10.03.2026',
      'from=2024-01-01&to=2026-01-01',
    ]) {
      const res = await request(h.app).get(`/api/v1/reports?${q}`).set('cookie', mudur.cookie)
      expect(res.status, q).toBe(400)
    }
  })
})

describe('case reports', () => {
  let view: ReportView
  beforeAll(async () => {
    view = await report('from=2026-03-01&to=2026-03-11')
  })

  it('counts open tickets by unit and deadline state as of now', () => {
    const t = table(view, 'acik-talepler-birim')
    expect(row(t, 'unit', UNIT_A)).toMatchObject({
      ok: 1,
      'due-soon': 0,
      'due-today': 1,
      overdue: 2,
      total: 4,
    })
    expect(row(t, 'unit', UNIT_B)).toMatchObject({
      ok: 1,
      'due-soon': 1,
      'due-today': 0,
      overdue: 0,
      total: 2,
    })
    expect(row(t, 'unit', 'Birime havale edilmemiş')).toMatchObject({ overdue: 1, total: 1 })
    expect(t.total).toMatchObject({ total: 7, overdue: 3 })
    expect(view.summary).toMatchObject({ openTickets: 7, overdueTickets: 3 })
  })

  it('counts open tickets by legal track', () => {
    const t = table(view, 'acik-talepler-yasal')
    expect(row(t, 'track', 'İç hizmet süresi')).toMatchObject({ overdue: 2, ok: 1, total: 3 })
    expect(row(t, 'track', 'CİMER')).toMatchObject({ overdue: 1, total: 1 })
    expect(row(t, 'track', 'Bilgi Edinme (4982)')).toMatchObject({ ok: 1, total: 1 })
    expect(row(t, 'track', 'Dilekçe (3071)')).toMatchObject({ 'due-today': 1 })
    expect(row(t, 'track', 'KVKK')).toMatchObject({ 'due-soon': 1 })
    expect(row(t, 'track', 'Açık Kapı')).toMatchObject({ total: 0 })
  })

  it('lists overdue tickets by müdürlük with their numbers, worst first', () => {
    const t = table(view, 'gecikenler')
    expect(t.rows.map((r) => r['unit'])).toEqual([UNIT_A, 'Birime havale edilmemiş'])
    // Oldest: due Monday 17:30, now Wednesday 14:00 → 1 day 20.5 hours.
    expect(t.rows[0]).toMatchObject({
      overdue: 2,
      legal: 1,
      oldestDays: 1.9,
      numbers: '2026-000001, 2026-000002',
    })
    expect(t.rows[1]).toMatchObject({ overdue: 1, legal: 0, numbers: '2026-000008' })
  })

  it('counts applications received and answered in the range, from Istanbul midnight', () => {
    const t = table(view, 'basvurular')
    expect(row(t, 'track', 'CİMER')).toMatchObject({ received: 2, answered: 1, onTime: 1, late: 0 })
    expect(row(t, 'track', 'Bilgi Edinme (4982)')).toMatchObject({ received: 1, answered: 0 })
    // 2026-000007 (00:30 on 1 March) in, 2026-000008 (23:59:59 on 28 February) out; answered late.
    expect(row(t, 'track', 'İç hizmet süresi')).toMatchObject({ received: 2, answered: 1, late: 1 })
    expect(view.summary).toMatchObject({ ticketsRegistered: 7, ticketsResolved: 2 })
  })

  it('gives average and median resolution days per unit; a reopened ticket counts at its first answer', () => {
    const t = table(view, 'cozum-sureleri')
    expect(row(t, 'unit', UNIT_A)).toMatchObject({ resolved: 1, avgDays: 4, medianDays: 4 })
    // 2026-02-28 21:30Z → 2026-03-04 09:00Z = 3.479 days.
    expect(row(t, 'unit', UNIT_B)).toMatchObject({ resolved: 1, avgDays: 3.5, medianDays: 3.5 })
    expect(t.total).toMatchObject({ resolved: 2, avgDays: 3.7, medianDays: 3.7 })
  })

  it('breaks registrations down by channel and type, and fills the annual summary', () => {
    const ch = table(view, 'kanallar')
    expect(row(ch, 'channel', 'CİMER')).toMatchObject({ registered: 2, resolved: 1 })
    expect(row(ch, 'channel', 'Web Formu')).toMatchObject({ registered: 2, resolved: 0 })
    expect(ch.total).toMatchObject({ registered: 7, resolved: 2 })
    expect(row(table(view, 'talep-turleri'), 'type', 'İstek')).toMatchObject({ registered: 7 })
    const annual = table(view, 'yillik-ozet')
    expect(row(annual, 'metric', 'Kayda alınan talep (tüm kanallar)')['value']).toBe(7)
    expect(row(annual, 'metric', 'CİMER başvurusu (gelen)')['value']).toBe(2)
    expect(row(annual, 'metric', 'Çağrı merkezine gelen çağrı (444 1 575)')['value']).toBe(10)
    expect(row(annual, 'metric', 'Santral kuyruklarına gelen çağrı')['value']).toBe(2)
  })
})

describe('CSV export', () => {
  it('writes UTF-8 with BOM, ; separators, CRLF, Turkish headers and decimal commas', async () => {
    const res = await request(h.app)
      .get(`/api/v1/reports/kuyruklar.csv?from=${DAY}&to=${DAY}`)
      .set('cookie', mudur.cookie)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="pano-kuyruklar-${DAY}.csv"`)
    const bytes = res.body as Buffer
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'Kuyruk;Gelen;Cevaplanan;Terk;Kısa terk;Servis seviyesi (%);Ort. cevaplama süresi (sn);Ort. işlem süresi (sn);Terk oranı (%);Zaman aşımı;Boş kuyruk / tuşla çıkış;Aktarılan;Çalarken aktarılan;Eşik içinde cevaplanan;Servis seviyesi eşiği (sn)',
    )
    expect(lines).toContain('Çağrı Merkezi 444;8;4;3;1;60;16,3;102,5;33,3;1;0;1;0;3;20')
    expect(lines).toContain('Toplam;10;5;4;1;42,9;15,4;88;37,5;1;0;1;0;3;')
    expect(lines.at(-1)).toBe('')
  })

  it('quotes cells with ; and doubles quotes inside them', async () => {
    const res = await request(h.app)
      .get(`/api/v1/reports/aktarimlar.csv?from=${DAY}&to=${DAY}`)
      .set('cookie', mudur.cookie)
    expect(res.status).toBe(200)
    expect(res.text).toContain('\r\n"Zabıta; ""Denetim""";1;0;0;1;0;0;0\r\n')
    expect(res.text).toContain('\r\nFen İşleri Test;4;1;1;0;1;0;50\r\n')
  })

  it('exports the overdue table with ticket numbers and a range file name', async () => {
    const res = await request(h.app)
      .get('/api/v1/reports/gecikenler.csv?from=2026-03-01&to=2026-03-11')
      .set('cookie', mudur.cookie)
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="pano-gecikenler-2026-03-01_2026-03-11.csv"',
    )
    expect(res.text).toContain('Fen İşleri Test;2;1;1,9;2026-000001, 2026-000002\r\n')
  })

  it('answers 404 for a report that does not exist', async () => {
    const res = await request(h.app).get('/api/v1/reports/vatandaslar.csv').set('cookie', mudur.cookie)
    expect(res.status).toBe(404)
  })
})

describe('who may read reports', () => {
  it('lets supervisor and admin in; agent, operator, unit and kvkk get 403; anonymous 401', async () => {
    const expected: Record<Role, number> = {
      supervisor: 200,
      admin: 200,
      agent: 403,
      operator: 403,
      unit: 403,
      kvkk: 403,
    }
    for (const [role, status] of Object.entries(expected) as [Role, number][]) {
      const { cookie } = await h.signIn(role)
      for (const path of ['/api/v1/reports', '/api/v1/reports/gecikenler.csv'])
        expect((await request(h.app).get(path).set('cookie', cookie)).status, `${role} ${path}`).toBe(status)
    }
    expect((await request(h.app).get('/api/v1/reports')).status).toBe(401)
    expect((await request(h.app).get('/api/v1/reports/kuyruklar.csv')).status).toBe(401)
  })

  it('turns away a TV kiosk token', async () => {
    const admin = await h.prisma.user.findFirstOrThrow({ where: { role: 'ADMIN' } })
    const { issueKioskToken } = await import('../../../server/auth/kiosk-tokens.ts')
    const { token } = await issueKioskToken(h.prisma, {
      label: 'TV',
      boards: ['queues'],
      createdById: admin.id,
    })
    const res = await request(h.app).get('/api/v1/reports').set('authorization', `Bearer ${token}`)
    expect([401, 403]).toContain(res.status)
  })
})

describe('today, when the PBX clock runs ahead of this server', () => {
  it('counts a call the PBX stamped a minute after our "now" as one of today', async () => {
    const before = (await report('from=2026-03-11&to=2026-03-11')).summary.offered
    const ahead = finishedCallOf({
      key: 'pbx-clock-ahead',
      queue: '444',
      entered: new Date(NOW.getTime() + 60_000).toISOString(),
      outcome: 'ANSWERED',
      wait: 5,
      talk: 20,
      agent: AGENT_A,
    })
    const row = await h.prisma.call.create({ data: { ...ahead, missedBy: [] } })
    try {
      const view = await report('from=2026-03-11&to=2026-03-11')
      expect(view.summary.offered).toBe(before + 1)
      expect(Date.parse(view.range.toAt)).toBeLessThan(ahead.enteredAt.getTime())
    } finally {
      await h.prisma.call.delete({ where: { id: row.id } })
    }
  })
})

describe('a late ticket its unit has answered', () => {
  it('leaves the unit’s row of Müdürlük bazında gecikenler for the row of answers to tell the citizen', async () => {
    const unit = await h.prisma.unit.findUniqueOrThrow({ where: { id: h.unitId } })
    const late = await h.prisma.ticket.create({
      data: {
        number: '2026-000777',
        subject: 'Geciken yanıt',
        description: 'Açıklama',
        type: 'ISTEK',
        channel: 'CAGRI_MERKEZI',
        legalTrack: 'DILEKCE_3071',
        unitId: unit.id,
        status: 'BIRIME_HAVALE',
        createdAt: new Date('2026-02-02T08:00:00Z'),
        dueAt: new Date('2026-03-04T14:30:00Z'),
      },
    })
    try {
      const overdue = async () => table(await report('from=2026-03-01&to=2026-03-11'), 'gecikenler')
      expect(row(await overdue(), 'unit', unit.name)).toMatchObject({ overdue: 1, numbers: '2026-000777' })

      // The unit answers; telling the citizen is the directorate's step now.
      const staff = await h.signIn('unit')
      await request(h.app)
        .post(`/api/v1/tickets/${late.id}/answer`)
        .set('cookie', staff.cookie)
        .set('x-csrf-token', staff.csrfToken)
        .send({ answer: 'Kaldırım onarıldı.' })
        .expect(200)

      const after = await overdue()
      expect(after.rows.map((r) => r['unit'])).not.toContain(unit.name)
      expect(row(after, 'unit', 'Birim yanıtladı, vatandaşa bildirilecek')).toMatchObject({
        overdue: 1,
        legal: 1,
        numbers: '2026-000777',
      })
      // The open-tickets table counts it the same way; it is still open and still late.
      const open = table(await report('from=2026-03-01&to=2026-03-11'), 'acik-talepler-birim')
      expect(row(open, 'unit', unit.name)).toMatchObject({ overdue: 0, total: 0 })
      expect(row(open, 'unit', 'Birim yanıtladı, vatandaşa bildirilecek')).toMatchObject({ overdue: 1 })
    } finally {
      // Out of every open count again (events are append-only, so the row stays, closed).
      await h.prisma.ticket.update({ where: { id: late.id }, data: { status: 'KAPANDI' } })
    }
  })
})

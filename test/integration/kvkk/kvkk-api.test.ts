/**
 * Yönetim › KVKK over HTTP on PostgreSQL: the access log filtered by citizen, user and day, as JSON and as
 * a CSV for Turkish Excel; a person's export with their tickets, calls and the reads of their record;
 * erasure that takes the person out but keeps the tickets a law still needs; who may do any of it.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import type {
  AccessLogResponse,
  CitizenDocument,
  CitizenExport,
  EraseResult,
  KvkkCitizenHit,
} from '../../../server/contract/kvkk.ts'
import { istanbulDate } from '../../../server/domain/calendar/istanbul-time.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

type Session = { cookie: string; csrfToken: string }
const DAY_MS = 86_400_000

let h: AuthHarness
const s = {} as Record<Role, Session>
let ayse: number
let mehmet: number
let ticketNumber: string

const get = (path: string, who: Session) => request(h.app).get(`/api/v1${path}`).set('cookie', who.cookie)
function send(method: 'post' | 'put', path: string, body: object, who: Session) {
  const agent = request(h.app)
  const req = method === 'post' ? agent.post(`/api/v1${path}`) : agent.put(`/api/v1${path}`)
  return req.set('cookie', who.cookie).set('x-csrf-token', who.csrfToken).send(body)
}

function issuesOf(res: request.Response): Record<string, string> {
  const issues = (errorOf(res).details?.['issues'] ?? []) as Array<{ path: string; message: string }>
  return Object.fromEntries(issues.map((i) => [i.path, i.message]))
}

/**
 * The row the resync stores for a call that ended while the PBX was not seen (telephony/state/resync.ts):
 * no answer time, talk or agent, its wait only the part Pano saw.
 */
async function storeUnseenCall(c: {
  key: string
  citizenId: number
  e164: string
  waitSec: number
  outcome: 'ANSWERED' | 'UNKNOWN'
}): Promise<void> {
  const enteredAt = new Date(Date.now() - 600_000)
  await h.prisma.call.create({
    data: {
      pbxId: 'main',
      callKey: c.key,
      linkedId: c.key,
      direction: 'INBOUND',
      queue: 'cagri-merkezi',
      callerNumber: c.e164,
      citizenId: c.citizenId,
      enteredAt,
      endedAt: new Date(enteredAt.getTime() + 40_000),
      waitSec: c.waitSec,
      outcome: c.outcome,
    },
  })
}

async function createCitizen(body: object): Promise<number> {
  const res = await send('post', '/citizens', body, s.agent)
  expect(res.status).toBe(201)
  return (res.body as { citizen: { id: number } }).citizen.id
}

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  for (const role of ['agent', 'operator', 'unit', 'supervisor', 'admin', 'kvkk'] as const)
    s[role] = await h.signIn(role)
  ayse = await createCitizen({
    fullName: 'Ayşe Yılmaz',
    phones: [{ number: '0532 123 45 67' }],
    email: 'ayse@example.com',
    address: 'Cemal Gürsel Cd. No: 10',
    mahalle: 'Bostanlı',
    kvkkNoticeGiven: true,
  })
  mehmet = await createCitizen({ fullName: 'Mehmet Demir', phones: [{ number: '0533 222 33 44' }] })
  const ticket = await send(
    'post',
    '/tickets',
    {
      type: 'SIKAYET',
      channel: 'CAGRI_MERKEZI',
      subject: 'Kaldırım kırık',
      description:
        'Ayşe Yılmaz evinin önündeki kaldırımın kırık olduğunu bildirdi; 0532 123 45 67 aranabilir.',
      citizenId: ayse,
    },
    s.agent,
  )
  expect(ticket.status).toBe(201)
  ticketNumber = (ticket.body as { ticket: { number: string } }).ticket.number
  await h.prisma.call.create({
    data: {
      pbxId: 'main',
      callKey: 'k-1',
      linkedId: 'k-1',
      direction: 'INBOUND',
      queue: 'cagri-merkezi',
      callerNumber: '+905321234567',
      callerName: 'AYSE YILMAZ',
      citizenId: ayse,
      enteredAt: new Date(Date.now() - 3_600_000),
      answeredAt: new Date(Date.now() - 3_590_000),
      endedAt: new Date(Date.now() - 3_500_000),
      waitSec: 10,
      talkSec: 90,
      outcome: 'ANSWERED',
    },
  })
  // Reads: the agent opens Ayşe's record; two days later the supervisor opens Mehmet's and Ayşe's.
  expect((await get(`/citizens/${ayse}`, s.agent)).status).toBe(200)
  h.advance(2 * DAY_MS)
  // Sessions end after a day without use: everyone signs in again.
  for (const role of ['agent', 'operator', 'unit', 'supervisor', 'admin', 'kvkk'] as const)
    s[role] = await h.signIn(role)
  expect((await get(`/citizens/${mehmet}`, s.supervisor)).status).toBe(200)
  expect((await get(`/citizens/${ayse}`, s.supervisor)).status).toBe(200)
}, 60_000)
afterAll(() => h.close())

describe('the access log', () => {
  it('lists who read one citizen, newest first, with the user and the action in Turkish', async () => {
    const res = await get(`/kvkk/access-log?citizenId=${ayse}`, s.kvkk)
    expect(res.status).toBe(200)
    const body = res.body as AccessLogResponse
    expect(body.items.every((e) => e.citizenId === ayse)).toBe(true)
    const reads = body.items.filter((e) => e.action === 'citizen.read')
    expect(reads.map((e) => e.user?.username)).toEqual(['test-supervisor', 'test-agent'])
    expect(reads[0]).toMatchObject({ role: 'supervisor', actionLabel: 'Kayıt açıldı' })
    expect(
      body.items.some((e) => e.action === 'citizen.create' && e.actionLabel === 'Kayıt oluşturuldu'),
    ).toBe(true)
    expect(body.total).toBe(body.items.length)
    // The citizen by name and masked number, never the number itself.
    expect(body.items.every((e) => e.citizen?.fullName === 'Ayşe Yılmaz')).toBe(true)
    expect(body.items[0]?.citizen).toEqual({ fullName: 'Ayşe Yılmaz', phone: '0532 *** ** 67' })
    expect(JSON.stringify(body)).not.toMatch(/123 ?45|1234567|ayse@/)
  })

  it('names each citizen once per list as a read by whoever reads the log, which the log then shows', async () => {
    const last = (await h.prisma.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } })).id
    const res = await get(`/kvkk/access-log?userId=${h.users.supervisor.id}`, s.admin)
    const body = res.body as AccessLogResponse
    expect(body.items.map((e) => [e.citizenId, e.citizen])).toEqual(
      expect.arrayContaining([
        [ayse, { fullName: 'Ayşe Yılmaz', phone: '0532 *** ** 67' }],
        [mehmet, { fullName: 'Mehmet Demir', phone: '0533 *** ** 44' }],
      ]),
    )
    expect(JSON.stringify(body)).not.toMatch(/222 ?33|2223344/)
    const naming = await h.prisma.auditLog.findMany({ where: { id: { gt: last } } })
    expect(naming.map((r) => [r.action, r.actorId, r.actorRole, Number(r.entityId)]).sort()).toEqual(
      [
        ['kvkk.access-log', h.users.admin.id, 'admin', ayse],
        ['kvkk.access-log', h.users.admin.id, 'admin', mehmet],
      ].sort(),
    )
    const own = (await get(`/kvkk/access-log?citizenId=${mehmet}&userId=${h.users.admin.id}`, s.kvkk))
      .body as AccessLogResponse
    expect(own.items[0]).toMatchObject({
      action: 'kvkk.access-log',
      actionLabel: 'Erişim kaydında gösterildi',
      role: 'admin',
      citizen: { fullName: 'Mehmet Demir' },
    })
  })

  it("keeps the officers' own looks out of the whole log, so reading it does not fill it", async () => {
    const first = (await get('/kvkk/access-log', s.kvkk)).body as AccessLogResponse
    const again = (await get('/kvkk/access-log', s.kvkk)).body as AccessLogResponse
    expect(first.items.length).toBeGreaterThan(0)
    expect(again.total).toBe(first.total)
    expect(again.items.map((e) => e.id)).toEqual(first.items.map((e) => e.id))
    expect(again.items.some((e) => e.action === 'kvkk.access-log')).toBe(false)
    // Nor does looking at one citizen again and again: "who saw my record" stays the staff's reads.
    const once = (await get(`/kvkk/access-log?citizenId=${ayse}`, s.kvkk)).body as AccessLogResponse
    const twice = (await get(`/kvkk/access-log?citizenId=${ayse}&format=csv`, s.kvkk)).text
    const thrice = (await get(`/kvkk/access-log?citizenId=${ayse}`, s.kvkk)).body as AccessLogResponse
    expect(twice).not.toContain('Erişim kaydında gösterildi')
    expect(thrice.total).toBe(once.total)
    expect(thrice.items.some((e) => e.action === 'kvkk.access-log')).toBe(false)
    // Asked about the officer, the looks are there: once a day for each citizen named.
    const looks = (await get(`/kvkk/access-log?userId=${h.users.kvkk.id}`, s.admin)).body as AccessLogResponse
    const named = looks.items.filter((e) => e.action === 'kvkk.access-log').map((e) => e.citizenId)
    expect(named).toContain(ayse)
    expect(named.length).toBe(new Set(named).size)
  })

  it('filters by user and by Istanbul day', async () => {
    const bySupervisor = (await get(`/kvkk/access-log?userId=${h.users.supervisor.id}`, s.kvkk))
      .body as AccessLogResponse
    expect(bySupervisor.items.map((e) => e.citizenId).sort()).toEqual([ayse, mehmet].sort())
    const dayOf = async (userId: number) =>
      istanbulDate(
        (await h.prisma.auditLog.findFirstOrThrow({ where: { actorId: userId, action: 'citizen.read' } })).at,
      )
    const today = await dayOf(h.users.supervisor.id)
    const todays = (await get(`/kvkk/access-log?from=${today}&to=${today}`, s.kvkk)).body as AccessLogResponse
    // Besides the officer's and IT's own reads of this log (the test above).
    const staff = todays.items.filter((e) => e.action !== 'kvkk.access-log')
    expect(staff.map((e) => e.user?.username)).toEqual(['test-supervisor', 'test-supervisor'])
    const earlier = await dayOf(h.users.agent.id)
    const first = (await get(`/kvkk/access-log?citizenId=${ayse}&to=${earlier}`, s.kvkk))
      .body as AccessLogResponse
    expect(first.items.every((e) => e.user?.username === 'test-agent')).toBe(true)
  })

  it('downloads the filtered log as CSV: UTF-8 BOM, Turkish headers, ; and CRLF', async () => {
    const res = await get(`/kvkk/access-log?citizenId=${ayse}&format=csv`, s.kvkk)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="pano-erisim-kaydi-vatandas-${ayse}.csv"`,
    )
    const bytes = res.body as Buffer
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.toString('utf8').slice(1).split('\r\n')
    expect(lines[0]).toBe(
      'Zaman;Kullanıcı adı;Ad soyad;API anahtarı;Rol;İşlem;Vatandaş no;Vatandaş;Vatandaş telefonu (maskeli);IP adresi',
    )
    const agentRead = lines.find((l) => l.includes('test-agent') && l.includes('Kayıt açıldı'))
    expect(agentRead?.split(';').slice(1, 9)).toEqual([
      'test-agent',
      'Test agent',
      '',
      'Çağrı Merkezi Temsilcisi',
      'Kayıt açıldı',
      String(ayse),
      'Ayşe Yılmaz',
      '0532 *** ** 67',
    ])
    expect(bytes.toString('utf8')).not.toMatch(/123 ?45|1234567/)
    expect(agentRead).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2};/)
    expect(lines.some((l) => l.includes(`;${mehmet};`))).toBe(false)
  })

  it('explains bad filters at their field', async () => {
    expect(issuesOf(await get('/kvkk/access-log?from=2026-13-01', s.kvkk))['from']).toMatch(/YYYY-AA-GG/)
    expect(issuesOf(await get('/kvkk/access-log?from=2026-03-05&to=2026-03-01', s.kvkk))['to']).toMatch(
      /başlangıçtan önce/,
    )
    expect(issuesOf(await get('/kvkk/access-log?citizenId=abc', s.kvkk))['citizenId']).toBeDefined()
    expect(issuesOf(await get('/kvkk/access-log?format=xml', s.kvkk))['format']).toMatch(/json ya da csv/)
  })

  it("names the integration key that read a record, apart from its owner's own reads", async () => {
    const created = await send('post', '/api-tokens', { label: 'Web sitesi', role: 'agent' }, s.admin)
    expect(created.status).toBe(201)
    const { token } = created.body as { token: string }
    const read = await request(h.app)
      .get(`/api/v1/citizens/${mehmet}`)
      .set('authorization', `Bearer ${token}`)
    expect(read.status).toBe(200)

    const log = (await get(`/kvkk/access-log?citizenId=${mehmet}&userId=${h.users.admin.id}`, s.kvkk))
      .body as AccessLogResponse
    // IT's own reading of this log (above) is in it too.
    expect(log.items.filter((e) => e.action !== 'kvkk.access-log')).toEqual([
      expect.objectContaining({
        action: 'citizen.read',
        user: expect.objectContaining({ username: 'test-admin' }) as unknown,
        apiToken: expect.objectContaining({ label: 'Web sitesi' }) as unknown,
        role: 'agent',
      }),
    ])
  })

  it('masks a +90 number in a range libphonenumber does not know like any other', async () => {
    const { id } = await h.prisma.citizen.create({
      data: { fullName: 'Yeni Hat', phones: { create: [{ e164: '+905801234567' }] } },
    })
    expect((await get(`/citizens/${id}`, s.operator)).status).toBe(200)
    const log = (await get(`/kvkk/access-log?citizenId=${id}`, s.kvkk)).body as AccessLogResponse
    expect(log.items.map((e) => e.citizen)).toEqual([{ fullName: 'Yeni Hat', phone: '0580 *** ** 67' }])
  })
})

describe('the access log by phone number', () => {
  it("lists a citizen's rows by the number they give, in any Turkish spelling, as by their record number", async () => {
    const byRecord = (await get(`/kvkk/access-log?citizenId=${ayse}`, s.kvkk)).body as AccessLogResponse
    expect(byRecord.items.length).toBeGreaterThan(0)
    expect(byRecord.phoneMatched).toBeNull()
    for (const spelling of [
      '0532 123 45 67',
      '+90 532 123 4567',
      '5321234567',
      '(0532) 123-45-67',
      '0090532 1234567',
    ]) {
      const res = await get(`/kvkk/access-log?phone=${encodeURIComponent(spelling)}`, s.kvkk)
      expect(res.status, spelling).toBe(200)
      const body = res.body as AccessLogResponse
      expect(body.phoneMatched, spelling).toBe(true)
      expect(
        body.items.map((e) => e.id),
        spelling,
      ).toEqual(byRecord.items.map((e) => e.id))
      // Named as everywhere in the log: the name and a masked number, never the number typed.
      expect(body.items[0]?.citizen).toEqual({ fullName: 'Ayşe Yılmaz', phone: '0532 *** ** 67' })
      expect(JSON.stringify(body)).not.toMatch(/123 ?45|1234567/)
    }
    // With the record number too: the rows of the records that are both.
    const both = (await get(`/kvkk/access-log?citizenId=${ayse}&phone=05321234567`, s.kvkk))
      .body as AccessLogResponse
    expect(both.items.map((e) => e.id)).toEqual(byRecord.items.map((e) => e.id))
    const neither = (await get(`/kvkk/access-log?citizenId=${mehmet}&phone=05321234567`, s.kvkk))
      .body as AccessLogResponse
    expect(neither).toMatchObject({ items: [], total: 0, phoneMatched: true })
  })

  it('lists the rows of every record holding a shared number, and its CSV too', async () => {
    // Mehmet's household shares his landline: a second record holds the same number.
    const { id: household } = await h.prisma.citizen.create({
      data: { fullName: 'Zeynep Demir', phones: { create: [{ e164: '+905332223344' }] } },
    })
    expect((await get(`/citizens/${household}`, s.operator)).status).toBe(200)
    const body = (await get('/kvkk/access-log?phone=0533 222 33 44', s.kvkk)).body as AccessLogResponse
    expect(new Set(body.items.map((e) => e.citizenId))).toEqual(new Set([mehmet, household]))
    expect(body.items.find((e) => e.citizenId === household)).toMatchObject({
      action: 'citizen.read',
      role: 'operator',
      citizen: { fullName: 'Zeynep Demir', phone: '0533 *** ** 44' },
    })
    expect(body.total).toBe(body.items.length)
    const csv = await get(`/kvkk/access-log?phone=${encodeURIComponent('0533 222 33 44')}&format=csv`, s.kvkk)
    expect(csv.status).toBe(200)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="pano-erisim-kaydi.csv"')
    const rows = csv.text.split('\r\n').slice(1, -1)
    expect(new Set(rows.map((l) => Number(l.split(';')[6])))).toEqual(new Set([mehmet, household]))
    expect(csv.text).not.toMatch(/222 ?33|2223344/)
  })

  it('says when no citizen holds the number, and refuses what is not a whole number at its field', async () => {
    const none = await get('/kvkk/access-log?phone=0505 123 45 67', s.kvkk)
    expect(none.status).toBe(200)
    expect(none.body).toEqual({ items: [], total: 0, limit: 200, phoneMatched: false })
    const noneCsv = await get('/kvkk/access-log?phone=05051234567&format=csv', s.kvkk)
    expect(noneCsv.text.split('\r\n').slice(1, -1)).toEqual([])
    expect(issuesOf(await get('/kvkk/access-log?phone=0532 123', s.kvkk))['phone']).toBe('Numara eksik')
    expect(issuesOf(await get('/kvkk/access-log?phone=ayse', s.kvkk))['phone']).toBe('Numara rakam içermiyor')
    expect(issuesOf(await get('/kvkk/access-log?phone=112', s.kvkk))['phone']).toMatch(/Kısa numara/)
  })

  it("keeps the officer's lookups by phone out of the citizen's log, and records only the citizens named", async () => {
    const { id: can } = await h.prisma.citizen.create({
      data: { fullName: 'Can Öz', phones: { create: [{ e164: '+905359876543' }] } },
    })
    expect((await get(`/citizens/${can}`, s.operator)).status).toBe(200)
    const last = (await h.prisma.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } })).id
    // Nothing listed (a number nobody holds, or days without reads): nobody named, nothing written.
    const later = istanbulDate(new Date(Date.now() + 3 * DAY_MS))
    await get('/kvkk/access-log?phone=05051234567', s.admin)
    const empty = (await get(`/kvkk/access-log?phone=05359876543&from=${later}`, s.admin))
      .body as AccessLogResponse
    expect(empty).toEqual({ items: [], total: 0, limit: 200, phoneMatched: true })
    expect(await h.prisma.auditLog.count({ where: { id: { gt: last } } })).toBe(0)
    // Listed: the citizen named is a read by whoever looked, kept out of the next look by phone.
    const first = (await get('/kvkk/access-log?phone=0535 987 65 43', s.admin)).body as AccessLogResponse
    expect(first.items.map((e) => [e.citizenId, e.action])).toEqual([[can, 'citizen.read']])
    const written = await h.prisma.auditLog.findMany({ where: { id: { gt: last } } })
    expect(written.map((r) => [r.action, r.actorId, Number(r.entityId)])).toEqual([
      ['kvkk.access-log', h.users.admin.id, can],
    ])
    const again = (await get('/kvkk/access-log?phone=0535 987 65 43', s.admin)).body as AccessLogResponse
    expect(again.items.map((e) => e.id)).toEqual(first.items.map((e) => e.id))
    // Asked about IT's own looks, the naming is there.
    const own = (await get(`/kvkk/access-log?phone=05359876543&userId=${h.users.admin.id}`, s.kvkk))
      .body as AccessLogResponse
    expect(own.items.map((e) => e.action)).toEqual(['kvkk.access-log'])
  })
})

describe("a person's export", () => {
  it('finds the person, and holds their fields, tickets with history, calls and the reads of their record', async () => {
    const found = (await get('/kvkk/citizens?q=ayşe yılmaz', s.kvkk)).body as { items: KvkkCitizenHit[] }
    expect(found.items.map((c) => c.id)).toEqual([ayse])
    const res = await get(`/kvkk/citizens/${ayse}/export`, s.kvkk)
    expect(res.status).toBe(200)
    const x = res.body as CitizenExport
    expect(x.citizen).toMatchObject({
      id: ayse,
      fullName: 'Ayşe Yılmaz',
      phones: [{ number: '0532 123 45 67' }],
      email: 'ayse@example.com',
      address: 'Cemal Gürsel Cd. No: 10',
      anonymizedAt: null,
    })
    expect(x.tickets.map((t) => t.number)).toEqual([ticketNumber])
    expect(x.tickets[0]).toMatchObject({ type: 'Şikâyet', statusLabel: 'Yeni', subject: 'Kaldırım kırık' })
    expect(x.tickets[0]?.history[0]?.kindLabel).toBe('Talep oluşturuldu')
    expect(x.calls).toEqual([
      expect.objectContaining({ callerNumber: '0532 123 45 67', outcome: 'Cevaplandı' }),
    ])
    const reads = x.reads.filter((r) => r.action === 'citizen.read')
    expect(reads.map((r) => r.role)).toEqual(['Müdür / Ekip Lideri', 'Çağrı Merkezi Temsilcisi'])
    expect(x.reads.some((r) => r.actionLabel === 'Listede gösterildi')).toBe(true)
    expect(x.messages).toEqual([])
    expect(x.notHeld.join(' ')).toMatch(/Ses kayıtları santralde/)
    // Staff names stay with the officer; the export is itself in the access log.
    expect(JSON.stringify(x)).not.toContain('Test agent')
    const log = (await get(`/kvkk/access-log?citizenId=${ayse}&userId=${h.users.kvkk.id}`, s.kvkk))
      .body as AccessLogResponse
    expect(log.items.map((e) => e.action)).toContain('kvkk.export')
  })

  it('downloads the file for the person with Turkish keys and Istanbul times, holding all the export holds', async () => {
    const screen = (await get(`/kvkk/citizens/${ayse}/export`, s.kvkk)).body as CitizenExport
    const exportsBefore = await h.prisma.auditLog.count({ where: { action: 'kvkk.export' } })
    const res = await get(`/kvkk/citizens/${ayse}/dokum`, s.kvkk)
      .buffer(true)
      .parse((r, done) => {
        let text = ''
        r.setEncoding('utf8')
        r.on('data', (c: string) => (text += c))
        r.on('end', () => done(null, text))
      })
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    const text = res.body as string
    const doc = JSON.parse(text) as CitizenDocument
    const localTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/
    expect(doc.oluşturulma).toMatch(localTime)
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="kvkk-dokum-vatandas-${ayse}-${doc.oluşturulma.slice(0, 10)}.json"`,
    )
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
      kayıtNo: ayse,
      adSoyad: 'Ayşe Yılmaz',
      telefonlar: [{ numara: '0532 123 45 67', etiket: null }],
      ePosta: 'ayse@example.com',
      mahalle: 'Bostanlı',
      adres: 'Cemal Gürsel Cd. No: 10',
      anonimleştirmeTarihi: null,
      birleştirilenKayıtlar: [],
    })
    expect(doc.veriSorumlusu).toBe(screen.controller)
    // Every time on Istanbul clocks: the same instant as the screen's UTC one, three hours ahead.
    const sameInstant = (local: string | null | undefined, utc: string | null | undefined) => {
      expect(local).toMatch(localTime)
      expect(Date.parse(local ?? '')).toBe(Math.floor(Date.parse(utc ?? '') / 1000) * 1000)
      expect(local?.slice(11, 13)).toBe(String((new Date(utc ?? '').getUTCHours() + 3) % 24).padStart(2, '0'))
    }
    sameInstant(doc.vatandaş.kayıtTarihi, screen.citizen.createdAt)
    sameInstant(doc.vatandaş.aydınlatmaTarihi, screen.citizen.kvkkNoticeAt)
    const [ticket] = doc.talepler
    expect(ticket).toMatchObject({
      numara: ticketNumber,
      tür: 'Şikâyet',
      durum: 'Yeni',
      konu: 'Kaldırım kırık',
    })
    sameInstant(ticket?.sonTarih, screen.tickets[0]?.dueAt)
    expect(ticket?.geçmiş[0]).toMatchObject({ olay: 'Talep oluşturuldu' })
    sameInstant(ticket?.geçmiş[0]?.zaman, screen.tickets[0]?.history[0]?.at)
    expect(doc.çağrılar).toEqual([
      expect.objectContaining({
        çağrıNo: screen.calls[0]?.callId,
        arayanNumara: '0532 123 45 67',
        sonuç: 'Cevaplandı',
        beklemeSaniye: 10,
        görüşmeSaniye: 90,
      }),
    ])
    sameInstant(doc.çağrılar[0]?.zaman, screen.calls[0]?.enteredAt)
    // Nothing left out: as many entries as the screen's export (which this download adds a read to).
    expect(doc.talepler.length).toBe(screen.tickets.length)
    expect(doc.geriAramalar.length).toBe(screen.callbacks.length)
    expect(doc.mesajlar.length).toBe(screen.messages.length)
    expect(doc.erişimler.length).toBe(screen.reads.length + 1)
    expect(doc.erişimler[0]).toMatchObject({ işlemKodu: 'kvkk.export', işlem: 'KVKK dökümü alındı' })
    expect(doc.erişimler.every((r) => localTime.test(r.zaman))).toBe(true)
    expect(doc.tutulmayanlar).toEqual(screen.notHeld)
    // No English key and no UTC time anywhere in the file.
    expect(text).not.toMatch(/"(generatedAt|controller|citizen|fullName|phones|tickets|calls|reads|notHeld)"/)
    expect(text).not.toMatch(/\d{2}:\d{2}:\d{2}(\.\d+)?Z/)
    // A download is an export like any other, in the access log.
    expect(await h.prisma.auditLog.count({ where: { action: 'kvkk.export' } })).toBe(exportsBefore + 1)
  })

  it('says of a call answered while the PBX connection was lost that its wait is a lower bound and its talk unknown', async () => {
    const selin = await createCitizen({ fullName: 'Selin Ak', phones: [{ number: '0534 555 66 77' }] })
    await storeUnseenCall({
      key: 'k-unseen',
      citizenId: selin,
      e164: '+905345556677',
      waitSec: 1,
      outcome: 'ANSWERED',
    })
    const x = (await get(`/kvkk/citizens/${selin}/export`, s.kvkk)).body as CitizenExport
    expect(x.calls).toEqual([
      expect.objectContaining({ outcome: 'Cevaplandı', waitSec: 1, talkSec: null, answeredUnseen: true }),
    ])
    const ayses = (await get(`/kvkk/citizens/${ayse}/export`, s.kvkk)).body as CitizenExport
    expect(ayses.calls.map((c) => c.answeredUnseen)).toEqual([false])

    const doc = (await get(`/kvkk/citizens/${selin}/dokum`, s.kvkk)).body as CitizenDocument
    expect(doc.çağrılar).toEqual([
      expect.objectContaining({ sonuç: 'Cevaplandı', beklemeSaniye: 1, görüşmeSaniye: null }),
    ])
    expect(doc.çağrılar[0]?.not).toMatch(/bağlantısı kesikken.*en az bu kadardır.*görüşme süresi bilinmiyor/)
    const aysesDoc = (await get(`/kvkk/citizens/${ayse}/dokum`, s.kvkk)).body as CitizenDocument
    expect(aysesDoc.çağrılar.map((k) => k.not)).toEqual([null])
  })

  it('says of a call whose end is unknown that nobody knows whether it was answered, and that its wait is a lower bound', async () => {
    const kaan = await createCitizen({ fullName: 'Kaan Er', phones: [{ number: '0534 555 88 99' }] })
    // The PBX's counters could not place this caller (telephony/state/resync.ts).
    await storeUnseenCall({
      key: 'k-unknown',
      citizenId: kaan,
      e164: '+905345558899',
      waitSec: 3,
      outcome: 'UNKNOWN',
    })
    const x = (await get(`/kvkk/citizens/${kaan}/export`, s.kvkk)).body as CitizenExport
    expect(x.calls).toEqual([
      expect.objectContaining({
        outcome: 'Sonucu bilinmiyor',
        waitSec: 3,
        talkSec: null,
        answeredUnseen: false,
        outcomeUnknown: true,
      }),
    ])
    const ayses = (await get(`/kvkk/citizens/${ayse}/export`, s.kvkk)).body as CitizenExport
    expect(ayses.calls.map((c) => c.outcomeUnknown)).toEqual([false])
    const doc = (await get(`/kvkk/citizens/${kaan}/dokum`, s.kvkk)).body as CitizenDocument
    expect(doc.çağrılar[0]).toMatchObject({
      sonuç: 'Sonucu bilinmiyor',
      beklemeSaniye: 3,
      görüşmeSaniye: null,
    })
    expect(doc.çağrılar[0]?.not).toMatch(
      /bağlantısı kesikken bitti: cevaplanıp cevaplanmadığı bilinmiyor.*en az/,
    )
  })

  it('answers 404 in Turkish for a person Pano does not hold', async () => {
    const res = await get('/kvkk/citizens/999999/export', s.kvkk)
    expect(res.status).toBe(404)
    expect(errorOf(res).message).toBe('Vatandaş kaydı bulunamadı.')
  })
})

describe('erasure on request', () => {
  it('needs a reason', async () => {
    const res = await send('post', `/kvkk/citizens/${mehmet}/erase`, { reason: ' ' }, s.kvkk)
    expect(res.status).toBe(400)
    expect(issuesOf(res)['reason']).toMatch(/Gerekçeyi/)
    expect((await h.prisma.citizen.findUniqueOrThrow({ where: { id: mehmet } })).fullName).toBe(
      'Mehmet Demir',
    )
  })

  it('takes the person out, keeps the open ticket without them, masks their calls, and says what it kept', async () => {
    const res = await send(
      'post',
      `/kvkk/citizens/${ayse}/erase`,
      { reason: '05.03.2026 tarihli, 2026/14 sayılı KVKK başvurusu üzerine' },
      s.kvkk,
    )
    expect(res.status).toBe(200)
    const result = res.body as EraseResult
    expect(result.done).toMatchObject({
      citizensAnonymised: 1,
      phonesDeleted: 1,
      callsMasked: 1,
      ticketsAnonymised: 1,
      ticketsEmptied: 0,
    })
    expect(result.kept.map((k) => k.what)).toContain(`Talep ${ticketNumber} (Yeni)`)
    expect(result.kept.find((k) => k.what.startsWith('Talep'))?.reason).toMatch(/Açık başvuru.*3071/)

    const citizen = await h.prisma.citizen.findUniqueOrThrow({
      where: { id: ayse },
      include: { phones: true },
    })
    expect(citizen).toMatchObject({ fullName: 'Anonim vatandaş', email: null, address: null, phones: [] })
    expect(citizen.anonymizedAt).not.toBeNull()
    expect(citizen.kvkkNoticeAt).not.toBeNull()
    const ticket = await h.prisma.ticket.findUniqueOrThrow({
      where: { number: ticketNumber },
      include: { events: true },
    })
    expect(ticket).toMatchObject({ status: 'YENI', citizenId: ayse, subject: 'Kaldırım kırık' })
    expect(ticket.description).toBe(
      '[anonimleştirildi] evinin önündeki kaldırımın kırık olduğunu bildirdi; [anonimleştirildi] aranabilir.',
    )
    expect(ticket.events.at(-1)?.note).toMatch(/anonimleştirildi/)
    const call = await h.prisma.call.findFirstOrThrow({ where: { callKey: 'k-1' } })
    expect(call).toMatchObject({ callerNumber: '0532 *** ** 67', callerName: null, talkSec: 90 })

    // The person is gone from the directorate's search; the officer's erasure is in the log with its reason.
    const search = (await get('/citizens?q=ayşe', s.agent)).body as { items: unknown[] }
    expect(search.items).toEqual([])
    const audit = await h.prisma.auditLog.findFirstOrThrow({ where: { action: 'kvkk.erase' } })
    expect(audit).toMatchObject({ actorId: h.users.kvkk.id, entityId: String(ayse) })
    expect(audit.detail).toMatchObject({
      reason: '05.03.2026 tarihli, 2026/14 sayılı KVKK başvurusu üzerine',
    })
    const again = await send(
      'post',
      `/kvkk/citizens/${ayse}/erase`,
      { reason: 'İkinci kez deneniyor' },
      s.kvkk,
    )
    expect(again.status).toBe(409)
    expect(errorOf(again).message).toMatch(/zaten|anonimleştirilmiş/)
  })

  it('shows an erased or deleted record in the access log as "silinmiş kayıt", by its number, naming nobody', async () => {
    // A record the retention run deleted leaves its audit rows behind.
    await h.prisma.auditLog.create({
      data: { at: new Date(), action: 'citizen.read', entity: 'Citizen', entityId: '2000000000' },
    })
    const last = (await h.prisma.auditLog.findFirstOrThrow({ orderBy: { id: 'desc' } })).id
    for (const citizenId of [ayse, 2_000_000_000]) {
      const log = (await get(`/kvkk/access-log?citizenId=${citizenId}`, s.kvkk)).body as AccessLogResponse
      expect(log.items.length).toBeGreaterThan(0)
      expect(log.items.every((e) => e.citizenId === citizenId && e.citizen === null)).toBe(true)
    }
    const csv = await get(`/kvkk/access-log?citizenId=${ayse}&format=csv`, s.kvkk)
    const rows = csv.text.split('\r\n').slice(1, -1)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((l) => l.split(';').slice(6, 9).join(';') === `${ayse};silinmiş kayıt;`)).toBe(true)
    expect(await h.prisma.auditLog.count({ where: { id: { gt: last } } })).toBe(0)
  })

  it('empties a ticket closed longer ago than the tickets period', async () => {
    const old = await h.prisma.ticket.create({
      data: {
        number: '2014-000001',
        type: 'ISTEK',
        channel: 'SANTRAL',
        legalTrack: 'INTERNAL',
        subject: 'Ağaç budama',
        description: 'Mehmet Demir bahçesindeki ağacın budanmasını istedi.',
        citizenId: mehmet,
        status: 'KAPANDI',
        dueAt: new Date('2014-02-01T00:00:00Z'),
        createdAt: new Date('2014-01-10T00:00:00Z'),
        closedAt: new Date('2014-01-20T00:00:00Z'),
      },
    })
    const res = await send(
      'post',
      `/kvkk/citizens/${mehmet}/erase`,
      { reason: 'Başvuru 2026/15, kimlik doğrulandı' },
      s.kvkk,
    )
    expect((res.body as EraseResult).done).toMatchObject({ ticketsEmptied: 1, ticketsAnonymised: 0 })
    expect(await h.prisma.ticket.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      description: '[KVKK kapsamında silindi]',
      subject: 'Ağaç budama',
    })
  })
})

describe('who may use the KVKK routes', () => {
  it('lets kvkk and admin in; agent, operator, unit and supervisor get 403; anonymous 401', async () => {
    const paths = [
      '/kvkk/access-log',
      `/kvkk/citizens/${mehmet}/export`,
      '/kvkk/retention',
      '/kvkk/citizens?q=x',
    ]
    for (const role of ['kvkk', 'admin'] as const)
      for (const path of paths) expect((await get(path, s[role])).status, `${role} ${path}`).toBe(200)
    for (const role of ['agent', 'operator', 'unit', 'supervisor'] as const) {
      for (const path of paths) expect((await get(path, s[role])).status, `${role} ${path}`).toBe(403)
      const erase = await send(
        'post',
        `/kvkk/citizens/${mehmet}/erase`,
        { reason: 'yetkisiz deneme' },
        s[role],
      )
      expect(erase.status).toBe(403)
      expect((await send('put', '/kvkk/retention', {}, s[role])).status).toBe(403)
    }
    expect((await request(h.app).get('/api/v1/kvkk/access-log')).status).toBe(401)
  })

  it('shows the kvkk user only Yönetim', async () => {
    const me = await get('/auth/me', s.kvkk)
    expect(me.body).toMatchObject({ role: 'kvkk', views: ['admin'] })
    expect((await get('/users', s.kvkk)).status).toBe(403)
    expect((await get('/tickets', s.kvkk)).status).toBe(403)
    expect((await get(`/citizens/${mehmet}`, s.kvkk)).status).toBe(403)
  })
})

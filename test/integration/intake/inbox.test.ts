/**
 * Talepler › Gelen kutusu over HTTP: a web application and a mail wait in the inbox; one agent claims
 * an item and the other is told who has it; accepting routes the web ticket (or opens the mail's
 * ticket) with the citizen matched; spam on a web application is for leads; files come back as
 * sandboxed downloads; unit staff see nothing of it.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IntakeDetail, IntakePage } from '../../../server/contract/intake.ts'
import type { Role } from '../../../server/contract/auth.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { PNG_BYTES, receiptOf, submitValid } from './public-form-support.ts'

let h: AuthHarness
const s = {} as Record<Role, { cookie: string; csrfToken: string }>

beforeAll(async () => {
  h = await createAuthHarness('postgres', { env: { PUBLIC_FORM_POW_BITS: '4' } })
  for (const role of ['agent', 'operator', 'supervisor', 'unit'] as const) s[role] = await h.signIn(role)
})
afterAll(async () => {
  await h.close()
})

const get = (role: Role, path: string) => request(h.app).get(path).set('cookie', s[role].cookie)
const post = (role: Role, path: string, body: object = {}) =>
  request(h.app).post(path).set('cookie', s[role].cookie).set('x-csrf-token', s[role].csrfToken).send(body)

async function itemOfTicket(number: string): Promise<number> {
  const page = (await get('agent', '/api/v1/intake/items').expect(200)).body as IntakePage
  const item = page.items.find((i) => i.ticket?.number === number)
  if (item === undefined) throw new Error(`no inbox item for ${number}`)
  return item.id
}

describe('the inbox', () => {
  it('lists a web application; claim keeps a second agent off; accept links the citizen and routes it', async () => {
    const receipt = receiptOf(
      await submitValid(h.app, {}, [{ name: 'foto.png', bytes: PNG_BYTES, type: 'image/png' }]),
    )
    const id = await itemOfTicket(receipt.ticketNumber)
    const page = (await get('agent', '/api/v1/intake/items').expect(200)).body as IntakePage
    expect(page.waiting).toBeGreaterThanOrEqual(1)
    expect(page.oldestWaitingAt).not.toBeNull()

    const claimed = (await post('agent', `/api/v1/intake/items/${id}/claim`).expect(200)).body as IntakeDetail
    expect(claimed.claimedBy?.id).toBe(h.users.agent.id)
    expect(claimed.sender).toMatchObject({ name: 'Ayşe Yılmaz', phone: '+905321234567' })
    const other = await post('operator', `/api/v1/intake/items/${id}/claim`)
    expect(other.status).toBe(409)
    expect(errorOf(other).message).toContain('Test agent')
    expect((await post('operator', `/api/v1/intake/items/${id}/accept`, { unitId: h.unitId })).status).toBe(
      409,
    )

    const accepted = await post('agent', `/api/v1/intake/items/${id}/accept`, {
      unitId: h.unitId,
      newCitizen: { fullName: 'Ayşe Yılmaz' },
    }).expect(200)
    expect(accepted.body).toMatchObject({ ticketNumber: receipt.ticketNumber })
    const ticket = await h.prisma.ticket.findUniqueOrThrow({
      where: { number: receipt.ticketNumber },
      include: { citizen: { include: { phones: true } } },
    })
    expect(ticket).toMatchObject({ status: 'BIRIME_HAVALE', unitId: h.unitId })
    expect(ticket.citizen?.phones.map((p) => p.e164)).toEqual(['+905321234567'])
    const after = (await get('agent', '/api/v1/intake/items').expect(200)).body as IntakePage
    expect(after.items.some((i) => i.id === id)).toBe(false)
    const done = (await get('agent', '/api/v1/intake/items?filter=done').expect(200)).body as IntakePage
    expect(done.items.find((i) => i.id === id)?.status).toBe('KABUL')

    // The next application from the same phone is matched to that citizen (and the read is audited).
    const second = receiptOf(await submitValid(h.app))
    const secondId = await itemOfTicket(second.ticketNumber)
    const detail = (await get('agent', `/api/v1/intake/items/${secondId}`).expect(200)).body as IntakeDetail
    expect(detail.matches).toEqual([
      expect.objectContaining({ id: ticket.citizenId, fullName: 'Ayşe Yılmaz' }),
    ])
    const audit = await h.prisma.auditLog.count({
      where: { entity: 'Citizen', entityId: String(ticket.citizenId), actorId: h.users.agent.id },
    })
    expect(audit).toBeGreaterThan(0)
  })

  it("refuses to release a colleague's claim, naming who holds it; one's own or nobody's is released", async () => {
    const id = await itemOfTicket(receiptOf(await submitValid(h.app)).ticketNumber)
    const release = (role: Role) => post(role, `/api/v1/intake/items/${id}/release`)
    const holder = async () => (await h.prisma.intakeItem.findUniqueOrThrow({ where: { id } })).claimedById

    expect((await release('agent').expect(200)).body).toMatchObject({ claimedBy: null })
    await post('agent', `/api/v1/intake/items/${id}/claim`).expect(200)
    const other = await release('operator')
    expect(other.status).toBe(409)
    expect(errorOf(other)).toMatchObject({ code: 'intake_claimed', message: 'Bu kaydı Test agent üstlendi.' })
    expect(await holder()).toBe(h.users.agent.id)
    expect((await release('agent').expect(200)).body).toMatchObject({ claimedBy: null })
    expect(await holder()).toBeNull()
  })

  it('opens an EPOSTA ticket from a mail with the type the agent chose', async () => {
    const item = await h.prisma.intakeItem.create({
      data: {
        source: 'EPOSTA',
        receivedAt: new Date(),
        subject: 'Park bakımı',
        text: 'Parktaki salıncak kırık.',
        senderEmail: 'mehmet@example.org',
        senderName: 'Mehmet Kaya',
        mailbox: 'INBOX',
        uidValidity: 1n,
        uid: 1n,
        messageId: '<park@example.org>',
      },
    })
    const noType = await post('agent', `/api/v1/intake/items/${item.id}/accept`, {})
    expect(noType.status).toBe(400)
    const res = await post('agent', `/api/v1/intake/items/${item.id}/accept`, { type: 'ISTEK' }).expect(200)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({
      where: { number: (res.body as { ticketNumber: string }).ticketNumber },
    })
    expect(ticket).toMatchObject({ channel: 'EPOSTA', type: 'ISTEK', status: 'YENI', subject: 'Park bakımı' })
    expect(ticket.dueAt.getTime()).toBeGreaterThan(Date.now())
  })

  it('leaves closing a web application as spam to leads', async () => {
    const receipt = receiptOf(await submitValid(h.app))
    const id = await itemOfTicket(receipt.ticketNumber)
    expect((await post('agent', `/api/v1/intake/items/${id}/spam`)).status).toBe(403)
    const res = await post('supervisor', `/api/v1/intake/items/${id}/spam`, { note: 'Reklam' }).expect(200)
    expect((res.body as IntakeDetail).status).toBe('SPAM')
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number: receipt.ticketNumber } })
    expect(ticket.status).toBe('KAPANDI')
  })

  it('leaves the ticket open when a lead marks as spam an application a colleague holds', async () => {
    const receipt = receiptOf(await submitValid(h.app))
    const id = await itemOfTicket(receipt.ticketNumber)
    await post('agent', `/api/v1/intake/items/${id}/claim`).expect(200)
    expect((await post('supervisor', `/api/v1/intake/items/${id}/spam`, { note: 'Reklam' })).status).toBe(409)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number: receipt.ticketNumber } })
    expect(ticket.status).toBe('YENI')
    const item = (await get('agent', `/api/v1/intake/items/${id}`).expect(200)).body as IntakeDetail
    expect(item.status).toBe('BEKLIYOR')
  })

  it('sends a file back as a sandboxed download of the type its bytes showed', async () => {
    await submitValid(h.app, {}, [{ name: 'indir.png', bytes: PNG_BYTES, type: 'image/png' }])
    const file = await h.prisma.intakeAttachment.findFirstOrThrow({ where: { filename: 'indir.png' } })
    const res = await get('agent', `/api/v1/intake/attachments/${file.id}`).buffer(true).expect(200)
    expect(res.headers['content-type']).toBe('image/png')
    expect(res.headers['content-disposition']).toContain('attachment')
    expect(res.headers['content-security-policy']).toContain('sandbox')
    expect(Buffer.compare(res.body as Buffer, PNG_BYTES)).toBe(0)
  })

  it("lets unit staff download the files of their unit's tickets, and no others", async () => {
    const routed = receiptOf(await submitValid(h.app, {}, [{ name: 'birim.png', bytes: PNG_BYTES }]))
    const id = await itemOfTicket(routed.ticketNumber)
    await post('agent', `/api/v1/intake/items/${id}/accept`, { unitId: h.unitId }).expect(200)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number: routed.ticketNumber } })
    const list = await get('unit', `/api/v1/intake/tickets/${ticket.id}/attachments`).expect(200)
    const items = (list.body as { items: { id: number; filename: string }[] }).items
    expect(items.map((f) => f.filename)).toEqual(['birim.png'])
    await get('unit', `/api/v1/intake/attachments/${items[0]?.id ?? 0}`).expect(200)

    const other = receiptOf(await submitValid(h.app, {}, [{ name: 'baska.png', bytes: PNG_BYTES }]))
    const file = await h.prisma.intakeAttachment.findFirstOrThrow({ where: { filename: 'baska.png' } })
    const unrouted = await h.prisma.ticket.findUniqueOrThrow({ where: { number: other.ticketNumber } })
    expect((await get('unit', `/api/v1/intake/attachments/${file.id}`)).status).toBe(403)
    expect((await get('unit', `/api/v1/intake/tickets/${unrouted.id}/attachments`)).status).toBe(403)
  })

  it('is closed to unit staff', async () => {
    expect((await get('unit', '/api/v1/intake/items')).status).toBe(403)
  })

  it('says the mailbox is off until IMAP_URL is set', async () => {
    const res = await get('supervisor', '/api/v1/intake/mailbox').expect(200)
    expect(res.body).toMatchObject({ configured: false, state: 'off', folder: 'INBOX' })
  })
})

/**
 * Accepting is all or nothing (docs/intake.md §6): a citizen or unit that is not there, an erased citizen
 * or an id beyond int4 is a 400 at the field, and the item still waits in the inbox, unchanged, so the
 * agent can correct the choice and accept again.
 */
describe('accepting refuses a wrong choice and leaves the item waiting', () => {
  const MISSING_ID = 2_000_000_000

  async function claimedWebItem(): Promise<{ id: number; number: string }> {
    const receipt = receiptOf(await submitValid(h.app))
    const id = await itemOfTicket(receipt.ticketNumber)
    await post('agent', `/api/v1/intake/items/${id}/claim`).expect(200)
    return { id, number: receipt.ticketNumber }
  }

  async function expectUntouched(id: number, number: string): Promise<void> {
    const item = await h.prisma.intakeItem.findUniqueOrThrow({ where: { id } })
    expect(item).toMatchObject({ status: 'BEKLIYOR', decidedAt: null, decidedById: null })
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number } })
    expect(ticket).toMatchObject({ status: 'YENI', unitId: null, citizenId: null })
    const events = await h.prisma.ticketEvent.findMany({ where: { ticketId: ticket.id } })
    expect(events.map((e) => e.kind)).toEqual(['CREATED', 'COMMENT'].slice(0, events.length))
    expect(events.some((e) => e.kind === 'ROUTED')).toBe(false)
    const page = (await get('agent', '/api/v1/intake/items').expect(200)).body as IntakePage
    expect(page.items.some((i) => i.id === id)).toBe(true)
  }

  function fieldIssues(res: { body: unknown }): { path: string; code: string; message: string }[] {
    const error = errorOf(res)
    expect(error.code).toBe('validation_failed')
    return (error.details as { issues: { path: string; code: string; message: string }[] }).issues
  }

  it('refuses a citizen that does not exist, keeps the application waiting, and takes a retry', async () => {
    const { id, number } = await claimedWebItem()
    const citizensBefore = await h.prisma.citizen.count()

    const res = await post('agent', `/api/v1/intake/items/${id}/accept`, {
      citizenId: MISSING_ID,
      unitId: h.unitId,
    })
    expect(res.status).toBe(400)
    expect(fieldIssues(res)).toEqual([
      { path: 'citizenId', code: 'not_found', message: 'Vatandaş kaydı bulunamadı.' },
    ])
    await expectUntouched(id, number)

    // Both wrong choices are named in one answer; an inactive unit counts as none.
    const closed = await h.prisma.unit.create({
      data: {
        code: `kapali-${String(Date.now())}`,
        name: `Kapalı Birim ${String(Date.now())}`,
        active: false,
      },
    })
    const both = await post('agent', `/api/v1/intake/items/${id}/accept`, {
      citizenId: MISSING_ID,
      unitId: closed.id,
      newCitizen: { fullName: 'Ayşe Yılmaz' },
    })
    expect(both.status).toBe(400)
    expect(fieldIssues(both).map((i) => [i.path, i.message])).toEqual([
      ['citizenId', 'Vatandaş kaydı bulunamadı.'],
      ['unitId', 'Birim bulunamadı.'],
    ])
    await expectUntouched(id, number)
    expect(await h.prisma.citizen.count()).toBe(citizensBefore)

    // The agent picks the right record and accepts again: linked and routed, once.
    const citizen = await post('agent', '/api/v1/citizens', {
      fullName: 'Doğru Kayıt',
      phones: [{ number: '0532 765 43 21' }],
    }).expect(201)
    const citizenId = (citizen.body as { citizen: { id: number } }).citizen.id
    const ok = await post('agent', `/api/v1/intake/items/${id}/accept`, { citizenId, unitId: h.unitId })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ ticketNumber: number })
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number } })
    expect(ticket).toMatchObject({ status: 'BIRIME_HAVALE', unitId: h.unitId, citizenId })
    const events = await h.prisma.ticketEvent.findMany({
      where: { ticketId: ticket.id },
      orderBy: { id: 'asc' },
    })
    expect(events.filter((e) => e.kind === 'ROUTED')).toHaveLength(1)
    expect(events.some((e) => e.kind === 'COMMENT' && e.note?.includes('vatandaş kaydına bağlandı'))).toBe(
      true,
    )
    const item = await h.prisma.intakeItem.findUniqueOrThrow({ where: { id } })
    expect(item).toMatchObject({ status: 'KABUL', decidedById: h.users.agent.id })
    expect((await post('agent', `/api/v1/intake/items/${id}/accept`, { citizenId })).status).toBe(409)
  })

  it('refuses a citizen erased by the KVKK officer as ticket creation does, for a web form and a mail', async () => {
    const made = await post('agent', '/api/v1/citizens', {
      fullName: 'Silinecek Kişi',
      phones: [{ number: '0532 111 22 33' }],
    }).expect(201)
    const erasedId = (made.body as { citizen: { id: number } }).citizen.id
    const kvkk = await h.signIn('kvkk')
    await request(h.app)
      .post(`/api/v1/kvkk/citizens/${erasedId}/erase`)
      .set('cookie', kvkk.cookie)
      .set('x-csrf-token', kvkk.csrfToken)
      .send({ reason: 'KVKK başvurusu 2026/17, silme talebi' })
      .expect(200)

    // The same id, refused the same way by ticket creation and by accept.
    const direct = await post('agent', '/api/v1/tickets', {
      type: 'ISTEK',
      channel: 'CAGRI_MERKEZI',
      subject: 'Deneme',
      description: 'Silinmiş kayıtla talep',
      citizenId: erasedId,
    })
    expect(direct.status).toBe(400)
    expect(fieldIssues(direct)).toEqual([
      { path: 'citizenId', code: 'not_found', message: 'Vatandaş kaydı bulunamadı.' },
    ])

    const { id, number } = await claimedWebItem()
    const web = await post('agent', `/api/v1/intake/items/${id}/accept`, { citizenId: erasedId })
    expect(web.status).toBe(400)
    expect(fieldIssues(web)).toEqual([
      { path: 'citizenId', code: 'not_found', message: 'Vatandaş kaydı bulunamadı.' },
    ])
    await expectUntouched(id, number)

    // A mail: no ticket is opened and the mail still waits; a new record from the sender then works.
    const mail = await h.prisma.intakeItem.create({
      data: {
        source: 'EPOSTA',
        receivedAt: new Date(),
        subject: 'Silinmiş kayıt denemesi',
        text: 'Sokak lambası yanmıyor.',
        senderEmail: 'zeynep@example.org',
        senderName: 'Zeynep Ak',
        mailbox: 'INBOX',
        uidValidity: 1n,
        uid: 2n,
        messageId: '<silinmis@example.org>',
      },
    })
    const refused = await post('agent', `/api/v1/intake/items/${mail.id}/accept`, {
      type: 'ISTEK',
      citizenId: erasedId,
    })
    expect(refused.status).toBe(400)
    expect(fieldIssues(refused)).toEqual([
      { path: 'citizenId', code: 'not_found', message: 'Vatandaş kaydı bulunamadı.' },
    ])
    expect(await h.prisma.ticket.count({ where: { subject: 'Silinmiş kayıt denemesi' } })).toBe(0)
    expect(await h.prisma.intakeItem.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
      status: 'BEKLIYOR',
      ticketId: null,
    })
    const accepted = await post('agent', `/api/v1/intake/items/${mail.id}/accept`, {
      type: 'ISTEK',
      unitId: h.unitId,
      newCitizen: { fullName: 'Zeynep Ak' },
    }).expect(200)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({
      where: { number: (accepted.body as { ticketNumber: string }).ticketNumber },
      include: { citizen: true },
    })
    expect(ticket).toMatchObject({ channel: 'EPOSTA', status: 'BIRIME_HAVALE', unitId: h.unitId })
    expect(ticket.citizen).toMatchObject({ fullName: 'Zeynep Ak', email: 'zeynep@example.org' })
    expect(await h.prisma.intakeItem.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
      status: 'KABUL',
      ticketId: ticket.id,
    })
  })

  it('answers an id beyond int4 with 400 at the field, for a web form and a mail', async () => {
    const { id, number } = await claimedWebItem()
    for (const field of ['unitId', 'citizenId']) {
      const res = await post('agent', `/api/v1/intake/items/${id}/accept`, { [field]: 2_147_483_648 })
      expect(res.status).toBe(400)
      expect(fieldIssues(res).map((i) => i.path)).toEqual([field])
    }
    await expectUntouched(id, number)

    const mail = await h.prisma.intakeItem.create({
      data: {
        source: 'EPOSTA',
        receivedAt: new Date(),
        subject: 'Büyük numara',
        text: 'Kaldırım kırık.',
        senderEmail: 'ali@example.org',
        mailbox: 'INBOX',
        uidValidity: 1n,
        uid: 3n,
        messageId: '<buyuk@example.org>',
      },
    })
    const res = await post('agent', `/api/v1/intake/items/${mail.id}/accept`, {
      type: 'ISTEK',
      citizenId: 2_147_483_648,
    })
    expect(res.status).toBe(400)
    expect(fieldIssues(res).map((i) => i.path)).toEqual(['citizenId'])
    expect((await h.prisma.intakeItem.findUniqueOrThrow({ where: { id: mail.id } })).status).toBe('BEKLIYOR')
  })
})

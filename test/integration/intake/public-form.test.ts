/**
 * The public application form and the status lookup over HTTP, as a citizen's browser (or a bot) uses
 * them: a valid application becomes a WEB ticket with a number, a due date and a lookup code; the
 * honeypot, missing consent, a bad proof-of-work, files that are not what they claim and a 4982
 * application without the applicant's identity are refused with the field and the reason.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PublicFormStatusView, PublicStatusView } from '../../../server/contract/intake.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import {
  PDF_BYTES,
  PNG_BYTES,
  VALID_FIELDS,
  VALID_NATIONAL_ID,
  postForm,
  receiptOf,
  solvedChallenge,
  submitValid,
} from './public-form-support.ts'

let h: AuthHarness

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    env: { PUBLIC_FORM_POW_BITS: '6', PUBLIC_FORM_MAX_PER_HOUR: '1000', PUBLIC_LOOKUP_MAX_FAILURES: '1000' },
  })
})
afterAll(async () => {
  await h.close()
})

function issuesOf(res: { body: unknown }): { path: string; code: string; message: string }[] {
  return (errorOf(res).details as { issues: { path: string; code: string; message: string }[] }).issues
}

describe('POST /api/v1/public/applications', () => {
  it('turns a valid application into a WEB ticket with a number, a due date and a lookup code', async () => {
    const res = await submitValid(h.app, {}, [{ name: 'lamba.png', bytes: PNG_BYTES, type: 'image/png' }])
    expect(res.status).toBe(201)
    const receipt = receiptOf(res)
    expect(receipt.ticketNumber).toMatch(/^\d{4}-\d{6}$/)
    expect(receipt.lookupCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/)
    expect(new Date(receipt.dueAt).getTime()).toBeGreaterThan(new Date(receipt.receivedAt).getTime())
    expect(receipt.legalTrack).toBe('INTERNAL')

    const ticket = await h.prisma.ticket.findUniqueOrThrow({
      where: { number: receipt.ticketNumber },
      include: { intakeItems: { include: { attachments: true } }, events: true },
    })
    expect(ticket).toMatchObject({ channel: 'WEB', type: 'SIKAYET', status: 'YENI', createdById: null })
    expect(ticket.lookupCodeHash).not.toContain(receipt.lookupCode)
    const item = ticket.intakeItems[0]
    expect(item).toMatchObject({
      source: 'WEB',
      status: 'BEKLIYOR',
      senderPhone: '+905321234567',
      senderEmail: 'ayse@example.org',
      mahalle: 'Bostanlı',
    })
    expect(item?.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([
      ['lamba.png', 'image/png', PNG_BYTES.length],
    ])
    expect(ticket.events.map((e) => e.kind)).toContain('CREATED')
  })

  it('opens a 4982 application with the applicant identity on the 15 iş günü clock', async () => {
    const res = await submitValid(
      h.app,
      {
        type: 'BILGI_EDINME',
        subject: 'İmar planı bilgisi',
        text: 'Mahallemizdeki imar planı değişikliğinin kararını öğrenmek istiyorum.',
        nationalId: VALID_NATIONAL_ID,
        address: 'Bostanlı Mah. 1800 Sok. No: 5 Karşıyaka İzmir',
      },
      [{ name: 'dilekce.pdf', bytes: PDF_BYTES }],
    )
    expect(res.status).toBe(201)
    expect(receiptOf(res).legalTrack).toBe('BILGI_EDINME_4982')
  })

  it('stores text with control characters (NUL included) without them', async () => {
    const res = await submitValid(h.app, {
      subject: 'Gece\u0000 gürültüsü',
      text: 'Komşu\u0000 inşaat\u0007 gece çalışıyor.',
    })
    expect(res.status).toBe(201)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number: receiptOf(res).ticketNumber } })
    expect([ticket.subject, ticket.description]).toEqual(['Gece gürültüsü', 'Komşu inşaat gece çalışıyor.'])
  })

  it('stores a file name without bidi overrides or other invisible characters, as staff see it', async () => {
    const res = await submitValid(h.app, {}, [
      { name: 'fatura\u202Efdp.exe', bytes: PDF_BYTES },
      { name: 'fo\u200Bto\u2066.png', bytes: PNG_BYTES },
    ])
    expect(res.status).toBe(201)
    const ticket = await h.prisma.ticket.findUniqueOrThrow({ where: { number: receiptOf(res).ticketNumber } })
    const agent = await h.signIn('agent')
    const files = await request(h.app)
      .get(`/api/v1/intake/tickets/${ticket.id}/attachments`)
      .set('cookie', agent.cookie)
      .expect(200)
    expect((files.body as { items: { filename: string }[] }).items.map((f) => f.filename)).toEqual([
      'faturafdp.pdf',
      'foto.png',
    ])
  })

  it('refuses a filled honeypot', async () => {
    const res = await submitValid(h.app, { website: 'http://spam.example' })
    expect(res.status).toBe(400)
    expect(issuesOf(res)).toEqual([expect.objectContaining({ path: 'website', code: 'honeypot' })])
  })

  it('refuses an application without KVKK consent or any contact, naming each field', async () => {
    const res = await submitValid(h.app, { consent: undefined, phone: undefined, email: undefined })
    expect(res.status).toBe(400)
    expect(
      issuesOf(res)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['consent', 'contact'])
  })

  it('refuses a 4982 application without name, T.C. kimlik no and address, with the reason', async () => {
    const res = await submitValid(h.app, { type: 'BILGI_EDINME', fullName: 'Ayşe' })
    expect(res.status).toBe(400)
    const issues = issuesOf(res)
    expect(issues.map((i) => i.path).sort()).toEqual(['address', 'fullName', 'nationalId'])
    expect(issues.every((i) => i.message.includes('4982'))).toBe(true)
    const bad = await submitValid(h.app, {
      type: 'BILGI_EDINME',
      nationalId: '12345678901',
      address: 'Bostanlı Mah. 1800 Sok. No: 5',
    })
    expect(issuesOf(bad)).toEqual([expect.objectContaining({ path: 'nationalId', code: 'invalid' })])
  })

  it('lists every problem of an empty 4982 form in one answer', async () => {
    const pow = await solvedChallenge(h.app)
    const res = await postForm(h.app, { type: 'BILGI_EDINME', website: '', ...pow })
    expect(res.status).toBe(400)
    expect(
      issuesOf(res)
        .map((i) => i.path)
        .sort(),
    ).toEqual(['address', 'consent', 'contact', 'fullName', 'nationalId', 'subject', 'text'].sort())
  })

  it('refuses a wrong, forged, missing or reused proof-of-work', async () => {
    const pow = await solvedChallenge(h.app)
    const wrong = await postForm(h.app, { ...VALID_FIELDS, challenge: pow.challenge, counter: 'x1' })
    expect(issuesOf(wrong)).toEqual([expect.objectContaining({ path: 'challenge', code: 'wrong_answer' })])
    const [payload] = pow.challenge.split('.')
    const forged = await postForm(h.app, {
      ...VALID_FIELDS,
      challenge: `${payload}.AAAA`,
      counter: pow.counter,
    })
    expect(issuesOf(forged)).toEqual([expect.objectContaining({ path: 'challenge', code: 'forged' })])
    const missing = await postForm(h.app, VALID_FIELDS)
    expect(issuesOf(missing)).toEqual([expect.objectContaining({ path: 'challenge', code: 'missing' })])

    expect((await postForm(h.app, { ...VALID_FIELDS, ...pow })).status).toBe(201)
    const again = await postForm(h.app, { ...VALID_FIELDS, ...pow })
    expect(again.status).toBe(400)
    expect(issuesOf(again)).toEqual([expect.objectContaining({ path: 'challenge', code: 'reused' })])
  })

  it('checks files by their bytes: a text file named .png, an oversized PDF, a fourth file', async () => {
    const fake = await submitValid(h.app, {}, [
      { name: 'resim.png', bytes: Buffer.from('<script>alert(1)</script>'), type: 'image/png' },
    ])
    expect(fake.status).toBe(400)
    expect(issuesOf(fake)).toEqual([expect.objectContaining({ path: 'attachments.0', code: 'wrong_type' })])

    const big = Buffer.concat([PDF_BYTES, Buffer.alloc(5 * 1024 * 1024)])
    const large = await submitValid(h.app, {}, [{ name: 'buyuk.pdf', bytes: big }])
    expect(large.status).toBe(400)
    expect(issuesOf(large)).toEqual([expect.objectContaining({ path: 'attachments.0', code: 'too_large' })])

    const four = Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, bytes: PNG_BYTES }))
    const many = await submitValid(h.app, {}, four)
    expect(many.status).toBe(400)
    expect(issuesOf(many)).toEqual([expect.objectContaining({ path: 'attachments', code: 'too_many' })])
  })

  it('answers a request that is not multipart with 400', async () => {
    const res = await request(h.app).post('/api/v1/public/applications').send({ type: 'ISTEK' })
    expect(res.status).toBe(400)
    expect(errorOf(res).code).toBe('multipart_required')
  })
})

describe('POST /api/v1/public/status', () => {
  it('shows status, unit and the relayed answer, and nothing personal', async () => {
    const receipt = receiptOf(await submitValid(h.app))
    const look = () =>
      request(h.app)
        .post('/api/v1/public/status')
        .send({ ticketNumber: receipt.ticketNumber, lookupCode: receipt.lookupCode.toLowerCase() })
    const first = await look().expect(200)
    const view = first.body as PublicStatusView
    expect(Object.keys(view).sort()).toEqual(
      ['answer', 'dueAt', 'receivedAt', 'status', 'ticketNumber', 'type', 'unit'].sort(),
    )
    expect(view).toMatchObject({ status: 'YENI', unit: null, answer: null, type: 'SIKAYET' })
    // The phone by its digits in any spelling (0532 123 45 67, 5321234567), not a time's milliseconds.
    expect(JSON.stringify(view)).not.toMatch(/Ayşe|ayse@|532\D?123|1234567|Bostanlı/)

    const unit = await h.prisma.unit.findUniqueOrThrow({ where: { id: h.unitId } })
    const ticket = await h.prisma.ticket.update({
      where: { number: receipt.ticketNumber },
      data: { unitId: unit.id, status: 'VATANDASA_BILDIRILDI', unitAnswer: 'Lamba değiştirildi.' },
    })
    const later = (await look().expect(200)).body as PublicStatusView
    expect(later).toMatchObject({
      status: 'VATANDASA_BILDIRILDI',
      unit: unit.name,
      answer: 'Lamba değiştirildi.',
    })
    expect(ticket.id).toBeGreaterThan(0)
  })

  it('answers a wrong code and an unknown number with the same 404 and no data', async () => {
    const receipt = receiptOf(await submitValid(h.app))
    const wrong = await request(h.app)
      .post('/api/v1/public/status')
      .send({ ticketNumber: receipt.ticketNumber, lookupCode: 'AAAAA-AAAAA' })
    const unknown = await request(h.app)
      .post('/api/v1/public/status')
      .send({ ticketNumber: '2099-999999', lookupCode: receipt.lookupCode })
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(404)
      expect(Object.keys(res.body as object)).toEqual(['error'])
      expect(errorOf(res).code).toBe('application_not_found')
    }
  })
})

describe('what the form refused, counted', () => {
  it('shows admins each reason counted, and nobody else', async () => {
    await submitValid(h.app)
    await submitValid(h.app, { website: 'x' })
    await submitValid(h.app, { consent: undefined })
    await submitValid(h.app, {}, [{ name: 'a.png', bytes: Buffer.from('not an image') }])
    await postForm(h.app, { ...VALID_FIELDS, challenge: 'x.y', counter: '1' })
    await request(h.app).post('/api/v1/public/status').send({ ticketNumber: '2026-999999', lookupCode: 'X' })
    const admin = await h.signIn('admin')
    const res = await request(h.app).get('/api/v1/intake/public-form').set('cookie', admin.cookie).expect(200)
    const counts = (res.body as PublicFormStatusView).counts
    for (const key of [
      'accepted',
      'honeypot',
      'invalidFields',
      'badAttachments',
      'badChallenge',
      'lookupsNotFound',
    ] as const)
      expect(counts[key], key).toBeGreaterThan(0)
    const agent = await h.signIn('agent')
    expect((await request(h.app).get('/api/v1/intake/public-form').set('cookie', agent.cookie)).status).toBe(
      403,
    )
    expect((await request(h.app).get('/api/v1/intake/public-form')).status).toBe(401)
  })
})

describe('limits per address', () => {
  it('refuses applications and wrong lookups past the limit with 429', async () => {
    const limited = await createAuthHarness('postgres', {
      env: { PUBLIC_FORM_POW_BITS: '4', PUBLIC_FORM_MAX_PER_HOUR: '2', PUBLIC_LOOKUP_MAX_FAILURES: '2' },
    })
    try {
      expect((await submitValid(limited.app)).status).toBe(201)
      expect((await submitValid(limited.app)).status).toBe(201)
      const third = await submitValid(limited.app)
      expect(third.status).toBe(429)
      expect(third.headers['retry-after']).toBeDefined()
      const wrong = () =>
        request(limited.app)
          .post('/api/v1/public/status')
          .send({ ticketNumber: '2026-000001', lookupCode: 'X' })
      expect((await wrong()).status).toBe(404)
      expect((await wrong()).status).toBe(404)
      expect((await wrong()).status).toBe(429)
    } finally {
      await limited.close()
    }
  })
})

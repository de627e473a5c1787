/**
 * The retention periods and their run, on PostgreSQL: the periods are read, checked and saved through
 * HTTP (an old seeded value still counts); a run masks call numbers, deletes closed call-backs, deletes
 * or anonymises idle citizens and deletes audit rows past their period and nothing before it; /health
 * shows the last run; and of two nodes checking at the same moment exactly one runs.
 *
 * AuditLog is append-only in production (a trigger lets DELETE through only when the transaction set
 * `pano.retention`); this file installs the same guard, so the run is tested against it.
 */
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pino } from 'pino'
import type { RetentionRunView, RetentionView } from '../../../server/contract/kvkk.ts'
import { istanbulDate, istanbulInstant, addDays } from '../../../server/domain/calendar/istanbul-time.ts'
import { createRetentionScheduler } from '../../../server/services/kvkk/retention-scheduler.ts'
import { errorOf } from '../../unit/server/api-body.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'

const DAY_MS = 86_400_000
let h: AuthHarness
let kvkk: { cookie: string; csrfToken: string }
const now = Date.now()
const daysAgo = (d: number) => new Date(now - d * DAY_MS)
const ids = {} as Record<'idle' | 'closedOnly' | 'openTicket' | 'recentCall' | 'recent', number>

const put = (body: object) =>
  request(h.app)
    .put('/api/v1/kvkk/retention')
    .set('cookie', kvkk.cookie)
    .set('x-csrf-token', kvkk.csrfToken)
    .send(body)
const run = () =>
  request(h.app)
    .post('/api/v1/kvkk/retention/run')
    .set('cookie', kvkk.cookie)
    .set('x-csrf-token', kvkk.csrfToken)

async function citizen(name: string, ageDays: number, phone: string): Promise<number> {
  const at = daysAgo(ageDays)
  return (
    await h.prisma.citizen.create({
      data: { fullName: name, createdAt: at, updatedAt: at, phones: { create: [{ e164: phone }] } },
    })
  ).id
}

let callKey = 0
async function call(ageDays: number, callerNumber: string | null, citizenId: number | null = null) {
  const at = daysAgo(ageDays)
  return h.prisma.call.create({
    data: {
      pbxId: 'main',
      callKey: `c${++callKey}`,
      linkedId: `c${callKey}`,
      direction: 'INBOUND',
      callerNumber,
      callerName: callerNumber === null ? null : 'ARAYAN',
      citizenId,
      enteredAt: at,
      endedAt: new Date(at.getTime() + 60_000),
      waitSec: 5,
      outcome: 'ABANDONED',
    },
  })
}

async function ticket(citizenId: number, number: string, closedDaysAgo: number | null) {
  return h.prisma.ticket.create({
    data: {
      number,
      type: 'ISTEK',
      channel: 'CAGRI_MERKEZI',
      legalTrack: 'INTERNAL',
      subject: 'Sokak lambası',
      description: 'Hasan Kaya 0532 444 55 66 numarasından aradı.',
      citizenId,
      status: closedDaysAgo === null ? 'ISLEMDE' : 'KAPANDI',
      dueAt: daysAgo(800),
      createdAt: daysAgo(Math.max(900, (closedDaysAgo ?? 0) + 10)),
      closedAt: closedDaysAgo === null ? null : daysAgo(closedDaysAgo),
    },
  })
}

beforeAll(async () => {
  h = await createAuthHarness('postgres')
  kvkk = await h.signIn('kvkk')
  await h.prisma.$executeRawUnsafe(`
    CREATE FUNCTION test_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('pano.retention', true) = 'on' THEN RETURN OLD; END IF;
      RAISE EXCEPTION 'AuditLog is append-only';
    END $$`)
  await h.prisma.$executeRawUnsafe(`
    CREATE TRIGGER test_audit_append_only BEFORE UPDATE OR DELETE ON "AuditLog"
    FOR EACH ROW EXECUTE FUNCTION test_audit_append_only()`)

  // Call numbers (730 days): one just past the period, one just inside it.
  await call(731, '+905321111111')
  await call(729, '+905322222222')
  await h.prisma.transfer.createMany({
    data: [
      {
        pbxId: 'main',
        linkedId: 't1',
        kind: 'BLIND',
        targetExten: '2001',
        callerNumber: '+905321111111',
        startedAt: daysAgo(731),
      },
      {
        pbxId: 'main',
        linkedId: 't2',
        kind: 'BLIND',
        targetExten: '2001',
        callerNumber: '+905322222222',
        startedAt: daysAgo(729),
      },
    ],
  })
  const callback = (status: 'OPEN' | 'DONE', ageDays: number, phoneE164: string) => ({
    phoneE164,
    reason: 'ABANDONED' as const,
    status,
    dueAt: daysAgo(ageDays),
    firstCallAt: daysAgo(ageDays),
    lastCallAt: daysAgo(ageDays),
  })
  const oldDone = await h.prisma.callback.create({ data: callback('DONE', 731, '+905321111111') })
  // WhatsApp conversations: one last written to past the numbers' period, one within it.
  for (const [phone, age] of [
    ['+905327770001', 731],
    ['+905327770002', 729],
  ] as const)
    await h.prisma.whatsappConversation.create({
      data: {
        phone,
        lastMessageAt: daysAgo(age),
        messages: { create: { direction: 'IN', kind: 'text', text: 'merhaba', at: daysAgo(age) } },
      },
    })
  await h.prisma.callbackAttempt.create({ data: { callbackId: oldDone.id, outcome: 'ULASILDI' } })
  await h.prisma.callback.createMany({
    data: [callback('OPEN', 731, '+905321111112'), callback('DONE', 729, '+905322222222')],
  })

  // Citizens (730 days without anything new and no open ticket).
  ids.idle = await citizen('Selin Ak', 800, '+905323333333')
  await call(800, '+905323333333', ids.idle)
  ids.closedOnly = await citizen('Hasan Kaya', 800, '+905324445566')
  await ticket(ids.closedOnly, '2024-000001', 750)
  ids.openTicket = await citizen('Deniz Ay', 800, '+905325555555')
  await ticket(ids.openTicket, '2024-000002', null)
  // Closed tickets (3650 days): one past the period loses its texts, one inside it keeps them.
  await ticket(ids.openTicket, '2016-000001', 3651)
  await ticket(ids.openTicket, '2016-000002', 3649)
  ids.recentCall = await citizen('Oya Er', 800, '+905326666666')
  await call(100, '+905326666666', ids.recentCall)
  ids.recent = await citizen('Can Su', 10, '+905327777777')

  // Audit rows (730 days; records of destruction at least 1095).
  const audit = (action: string, ageDays: number) => ({
    at: daysAgo(ageDays),
    action,
    entity: 'Citizen',
    entityId: '1',
    actorRole: 'agent',
  })
  await h.prisma.auditLog.createMany({
    data: [
      audit('citizen.read', 731),
      audit('citizen.read', 729),
      audit('kvkk.erase', 800),
      audit('kvkk.erase', 1100),
    ],
  })
}, 60_000)
afterAll(() => h.close())

describe('the retention periods', () => {
  it('reads a value seeded under the old names, checks each period at its field, saves and audits', async () => {
    await h.prisma.setting.create({
      data: {
        key: 'retention.days',
        value: { calls: 400, auditLog: 500, closedTickets: 3650, sessions: 30 },
      },
    })
    const first = (await request(h.app).get('/api/v1/kvkk/retention').set('cookie', kvkk.cookie))
      .body as RetentionView
    expect(first.periods).toEqual({
      callNumbers: 400,
      recordings: 365,
      citizens: 730,
      auditLog: 500,
      tickets: 3650,
    })
    expect(first.lastRun).toBeNull()

    const wrong = await put({ ...first.periods, tickets: 3000, callNumbers: 'iki yıl' })
    expect(wrong.status).toBe(400)
    const issues = Object.fromEntries(
      ((errorOf(wrong).details?.['issues'] ?? []) as { path: string; message: string }[]).map((i) => [
        i.path,
        i.message,
      ]),
    )
    expect(issues['tickets']).toMatch(/TBK md\. 146.*en az 3650 gün/)
    expect(issues['callNumbers']).toBe('Gün sayısını yazın.')

    const saved = await put({
      callNumbers: 730,
      recordings: 365,
      citizens: 730,
      auditLog: 730,
      tickets: 3650,
    })
    expect(saved.status).toBe(200)
    expect((saved.body as RetentionView).periods.auditLog).toBe(730)
    const audit = await h.prisma.auditLog.findFirstOrThrow({ where: { action: 'kvkk.retention-update' } })
    expect(audit.detail).toMatchObject({ before: { callNumbers: 400 }, after: { callNumbers: 730 } })
  })
})

describe('a retention run', () => {
  it('applies every period to what is past it and leaves what is not', async () => {
    expect(await h.prisma.auditLog.deleteMany({}).catch(() => 'refused')).toBe('refused')
    const res = await run()
    expect(res.status).toBe(200)
    const view = res.body as RetentionRunView
    expect(view.trigger).toBe('manual')
    expect(view.counts).toEqual({
      callNumbersMasked: 2,
      transferNumbersMasked: 1,
      callbacksDeleted: 1,
      whatsappConversationsDeleted: 1,
      citizensDeleted: 1,
      citizensAnonymised: 1,
      ticketsEmptied: 1,
      auditRowsDeleted: 2,
      // No recordings folder in this harness (test/integration/calls/recordings.test.ts deletes files).
      recordingsDeleted: 0,
      recordingsNotDeleted: 0,
    })

    expect((await h.prisma.whatsappConversation.findMany()).map((c) => c.phone)).toEqual(['+905327770002'])
    expect(await h.prisma.whatsappMessage.count()).toBe(1)

    const calls = await h.prisma.call.findMany({ orderBy: { id: 'asc' } })
    expect(calls.map((c) => [c.callerNumber, c.callerName])).toEqual([
      ['0532 *** ** 11', null],
      ['+905322222222', 'ARAYAN'],
      ['0532 *** ** 33', null],
      ['+905326666666', 'ARAYAN'],
    ])
    expect(calls[2]?.citizenId).toBeNull()
    const transfers = await h.prisma.transfer.findMany({ orderBy: { id: 'asc' } })
    expect(transfers.map((t) => t.callerNumber)).toEqual(['0532 *** ** 11', '+905322222222'])
    const callbacks = await h.prisma.callback.findMany({ orderBy: { id: 'asc' } })
    expect(callbacks.map((c) => [c.phoneE164, c.status])).toEqual([
      ['+905321111112', 'OPEN'],
      ['+905322222222', 'DONE'],
    ])

    expect(await h.prisma.citizen.findUnique({ where: { id: ids.idle } })).toBeNull()
    const anonymised = await h.prisma.citizen.findUniqueOrThrow({
      where: { id: ids.closedOnly },
      include: { phones: true, tickets: true },
    })
    expect(anonymised).toMatchObject({ fullName: 'Anonim vatandaş', phones: [] })
    expect(anonymised.tickets[0]?.description).toBe(
      '[anonimleştirildi] [anonimleştirildi] numarasından aradı.',
    )
    const old = await h.prisma.ticket.findMany({
      where: { number: { startsWith: '2016-' } },
      orderBy: { number: 'asc' },
      include: { events: { orderBy: { id: 'asc' } } },
    })
    expect(old.map((t) => [t.number, t.description, t.subject])).toEqual([
      ['2016-000001', '[KVKK kapsamında silindi]', 'Sokak lambası'],
      ['2016-000002', 'Hasan Kaya 0532 444 55 66 numarasından aradı.', 'Sokak lambası'],
    ])
    expect(old[0]?.events.map((e) => e.note)).toEqual([
      'Saklama süresi doldu: talep metni KVKK kapsamında silindi.',
    ])
    for (const id of [ids.openTicket, ids.recentCall, ids.recent])
      expect((await h.prisma.citizen.findUniqueOrThrow({ where: { id } })).anonymizedAt).toBeNull()

    const audit = await h.prisma.auditLog.findMany({
      where: { entityId: '1' },
      orderBy: { at: 'asc' },
      select: { action: true, at: true },
    })
    expect(audit.map((a) => [a.action, Math.round((now - a.at.getTime()) / DAY_MS)])).toEqual([
      ['kvkk.erase', 800],
      ['citizen.read', 729],
    ])
    const record = await h.prisma.auditLog.findFirstOrThrow({ where: { action: 'kvkk.retention-run' } })
    expect(record).toMatchObject({ actorId: h.users.kvkk.id, entity: 'Retention' })
    expect(record.detail).toMatchObject({ trigger: 'manual', counts: view.counts })
  })

  it('is in /health with its counts, and a second run finds nothing left', async () => {
    // The details of /health are for an admin or an API token; anonymous callers learn only up or down.
    const admin = await h.signIn('admin')
    const health = await request(h.app).get('/api/v1/health').set('cookie', admin.cookie)
    expect(health.body).toMatchObject({
      retention: { lastRun: { trigger: 'manual', counts: { citizensDeleted: 1 } }, lastError: null },
    })
    const again = (await run()).body as RetentionRunView
    expect(Object.values(again.counts).every((n) => n === 0)).toBe(true)
  })
})

describe('the daily schedule on several nodes', () => {
  it('runs once a day from 02:00 Istanbul, on exactly one of two nodes checking together', async () => {
    const tomorrow = addDays(istanbulDate(new Date()), 1)
    let clock = istanbulInstant(tomorrow, 60)
    const node = () =>
      createRetentionScheduler({ prisma: h.prisma, logger: pino({ level: 'silent' }), now: () => clock })
    const [a, b] = [node(), node()]
    expect(await a.tick()).toBe('not-due')
    clock = istanbulInstant(tomorrow, 3 * 60)
    const outcomes = await Promise.all([a.tick(), b.tick()])
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1)
    expect(outcomes.filter((o) => o !== 'ran')).toHaveLength(1)
    expect(await h.prisma.auditLog.count({ where: { action: 'kvkk.retention-run', actorRole: 'job' } })).toBe(
      1,
    )
    expect(await b.tick()).toBe('not-due')
    clock = istanbulInstant(addDays(tomorrow, 1), 2 * 60 + 5)
    expect(await b.tick()).toBe('ran')
    expect((await a.health()).lastRun).toMatchObject({ trigger: 'schedule', at: clock.toISOString() })
  })
})

/**
 * Seeds the rows the report tests count by hand: queue calls of Tuesday 10 March 2026 (Istanbul) with
 * one call at each midnight edge, pauses crossing the day's edges, switchboard transfers, and tickets
 * in every deadline state as of Wednesday 11 March 2026 14:00 Istanbul (11:00 UTC).
 */
import type { PrismaClient } from '../../../server/db/generated/client.ts'
import type { FinishedCall } from '../../../telephony/index.ts'

export const NOW = new Date('2026-03-11T11:00:00Z')
export const DAY = '2026-03-10'

export const AGENT_A = { interface: 'Local/2001@agents/n', name: 'Ayşe Test' }
export const AGENT_B = { interface: 'Local/2002@agents/n', name: 'Burak Test' }
export const OPERATOR = { interface: 'Local/2101@santral/n', name: 'Oya Santral' }

/** Unit names with a `;` and quotes, so the CSV escaping is exercised. */
export const UNIT_A = 'Fen İşleri Test'
export const UNIT_B = 'Zabıta; "Denetim"'

interface CallSeed {
  key: string
  queue: string
  entered: string
  outcome: FinishedCall['outcome']
  wait: number
  talk?: number
  agent?: { interface: string; name: string }
  missedBy?: Array<{ interface: string; memberName: string; at: string; ringMs: number }>
}

export const CALLS: CallSeed[] = [
  // 00:00:00 Istanbul on 10 March: the first instant of the day.
  {
    key: 'c1',
    queue: '444',
    entered: '2026-03-09T21:00:00Z',
    outcome: 'ANSWERED',
    wait: 10,
    talk: 100,
    agent: AGENT_A,
  },
  {
    key: 'c2',
    queue: '444',
    entered: '2026-03-10T06:15:00Z',
    outcome: 'ANSWERED',
    wait: 30,
    talk: 200,
    agent: AGENT_B,
    missedBy: [
      { interface: AGENT_A.interface, memberName: AGENT_A.name, at: '2026-03-10T06:15:10Z', ringMs: 15000 },
    ],
  },
  { key: 'c3', queue: '444', entered: '2026-03-10T06:30:00Z', outcome: 'ABANDONED', wait: 3 },
  { key: 'c4', queue: '444', entered: '2026-03-10T06:40:00Z', outcome: 'ABANDONED', wait: 40 },
  { key: 'c5', queue: '444', entered: '2026-03-10T07:05:00Z', outcome: 'ABANDONED', wait: 12 },
  { key: 'c6', queue: '444', entered: '2026-03-10T07:10:00Z', outcome: 'TIMEOUT', wait: 300 },
  {
    key: 'c7',
    queue: '444',
    entered: '2026-03-10T07:20:00Z',
    outcome: 'TRANSFERRED',
    wait: 5,
    talk: 60,
    agent: AGENT_A,
  },
  // 23:59:59 Istanbul: the last second of the day.
  {
    key: 'c8',
    queue: '444',
    entered: '2026-03-10T20:59:59Z',
    outcome: 'ANSWERED',
    wait: 20,
    talk: 50,
    agent: AGENT_B,
  },
  // Outside: 23:59:59 on the 9th and 00:00:00 on the 11th (Istanbul).
  {
    key: 'c9',
    queue: '444',
    entered: '2026-03-09T20:59:59Z',
    outcome: 'ANSWERED',
    wait: 1,
    talk: 10,
    agent: AGENT_A,
  },
  { key: 'c10', queue: '444', entered: '2026-03-10T21:00:00Z', outcome: 'ABANDONED', wait: 50 },
  {
    key: 's1',
    queue: 'santral-test',
    entered: '2026-03-10T06:00:00Z',
    outcome: 'ANSWERED',
    wait: 12,
    talk: 30,
    agent: OPERATOR,
  },
  { key: 's2', queue: 'santral-test', entered: '2026-03-10T08:00:00Z', outcome: 'ABANDONED', wait: 15 },
]

export function finishedCallOf(c: CallSeed): FinishedCall {
  const entered = new Date(c.entered)
  const answeredAt = c.talk === undefined ? null : new Date(entered.getTime() + c.wait * 1000)
  return {
    pbxId: 'main',
    callKey: c.key,
    linkedId: c.key,
    direction: 'INBOUND',
    queue: c.queue,
    callerNumber: '+905321112233',
    callerName: 'Gizli Vatandaş',
    agentName: c.agent?.name ?? null,
    agentInterface: c.agent?.interface ?? null,
    enteredAt: entered,
    answeredAt,
    endedAt: new Date(entered.getTime() + (c.wait + (c.talk ?? 0)) * 1000),
    waitSec: c.wait,
    talkSec: c.talk ?? null,
    outcome: c.outcome,
    transferredTo: null,
    missedBy: c.missedBy ?? [],
  }
}

export interface Seeded {
  unitA: number
  unitB: number
}

const ticketBase = {
  subject: 'Konu',
  description: 'Açıklama',
  type: 'ISTEK' as const,
  channel: 'CAGRI_MERKEZI' as const,
}

export async function seedReportRows(prisma: PrismaClient): Promise<Seeded> {
  await prisma.queue.createMany({
    data: [
      {
        name: '444',
        label: 'Çağrı Merkezi 444',
        kind: 'CALL_CENTRE',
        serviceLevelSec: 20,
        shortAbandonSec: 5,
      },
      {
        name: 'santral-test',
        label: 'Santral Test',
        kind: 'SWITCHBOARD',
        serviceLevelSec: 10,
        shortAbandonSec: 5,
      },
    ],
  })
  for (const c of CALLS) {
    const f = finishedCallOf(c)
    await prisma.call.create({
      data: {
        ...f,
        missedBy: f.missedBy.map((m) => ({ ...m })),
      },
    })
  }
  await prisma.pauseInterval.createMany({
    data: [
      // 30 min inside the day.
      {
        pbxId: 'main',
        memberInterface: AGENT_A.interface,
        memberName: AGENT_A.name,
        reason: 'Yemek',
        startedAt: new Date('2026-03-10T09:00:00Z'),
        endedAt: new Date('2026-03-10T09:30:00Z'),
      },
      // Still open: counted up to the end of the day, 60 min.
      {
        pbxId: 'main',
        memberInterface: AGENT_A.interface,
        memberName: AGENT_A.name,
        reason: 'Mola',
        startedAt: new Date('2026-03-10T20:00:00Z'),
        endedAt: null,
      },
      // Starts the evening before: 60 of its 120 min fall on the day.
      {
        pbxId: 'main',
        memberInterface: AGENT_B.interface,
        memberName: AGENT_B.name,
        reason: 'Eğitim',
        startedAt: new Date('2026-03-09T20:00:00Z'),
        endedAt: new Date('2026-03-09T22:00:00Z'),
      },
    ],
  })
  const a = await prisma.unit.create({ data: { code: 'fen-test', name: UNIT_A, sortOrder: 1 } })
  const b = await prisma.unit.create({ data: { code: 'zabita-test', name: UNIT_B, sortOrder: 2 } })
  const transfer = (
    targetUnitId: number | null,
    outcome: 'ANSWERED' | 'NOT_ANSWERED' | 'RETURNED' | 'CALLER_HUNG_UP' | 'PENDING',
    at: string,
  ) => ({
    pbxId: 'main',
    linkedId: `t-${at}`,
    kind: 'BLIND' as const,
    targetExten: '3001',
    targetUnitId,
    startedAt: new Date(at),
    outcome,
  })
  await prisma.transfer.createMany({
    data: [
      transfer(a.id, 'ANSWERED', '2026-03-10T06:01:00Z'),
      transfer(a.id, 'NOT_ANSWERED', '2026-03-10T06:02:00Z'),
      transfer(a.id, 'RETURNED', '2026-03-10T06:03:00Z'),
      transfer(a.id, 'PENDING', '2026-03-10T20:59:00Z'),
      transfer(b.id, 'CALLER_HUNG_UP', '2026-03-10T06:04:00Z'),
      // The day before (Istanbul): not in the report.
      transfer(b.id, 'ANSWERED', '2026-03-09T20:59:00Z'),
    ],
  })

  // Tickets, as of NOW (Wed 11 March 14:00 Istanbul).
  const ticket = async (
    number: string,
    data: {
      unitId: number | null
      legalTrack: 'INTERNAL' | 'CIMER' | 'BILGI_EDINME_4982' | 'DILEKCE_3071' | 'KVKK'
      createdAt: string
      dueAt: string
      extendedDueAt?: string
      status?: 'ISLEMDE' | 'VATANDASA_BILDIRILDI' | 'KAPANDI'
      channel?: 'CIMER' | 'BILGI_EDINME' | 'WEB'
    },
  ) =>
    prisma.ticket.create({
      data: {
        ...ticketBase,
        number,
        unitId: data.unitId,
        legalTrack: data.legalTrack,
        createdAt: new Date(data.createdAt),
        dueAt: new Date(data.dueAt),
        extendedDueAt: data.extendedDueAt === undefined ? null : new Date(data.extendedDueAt),
        status: data.status ?? 'ISLEMDE',
        ...(data.channel === undefined ? {} : { channel: data.channel }),
      },
    })
  // Overdue since Monday 17:30.
  await ticket('2026-000001', {
    unitId: a.id,
    legalTrack: 'INTERNAL',
    createdAt: '2026-02-20T08:00:00Z',
    dueAt: '2026-03-09T14:30:00Z',
  })
  // Overdue since yesterday 17:30.
  await ticket('2026-000002', {
    unitId: a.id,
    legalTrack: 'CIMER',
    channel: 'CIMER',
    createdAt: '2026-03-02T08:00:00Z',
    dueAt: '2026-03-10T14:30:00Z',
  })
  // First due date passed but extended to next Wednesday: ok.
  await ticket('2026-000003', {
    unitId: a.id,
    legalTrack: 'BILGI_EDINME_4982',
    channel: 'BILGI_EDINME',
    createdAt: '2026-03-03T08:00:00Z',
    dueAt: '2026-03-10T14:30:00Z',
    extendedDueAt: '2026-03-18T14:30:00Z',
  })
  // Due today 17:30.
  await ticket('2026-000004', {
    unitId: a.id,
    legalTrack: 'DILEKCE_3071',
    channel: 'WEB',
    createdAt: '2026-03-05T08:00:00Z',
    dueAt: '2026-03-11T14:30:00Z',
  })
  // Due Friday (2 working days): due soon.
  await ticket('2026-000005', {
    unitId: b.id,
    legalTrack: 'KVKK',
    channel: 'WEB',
    createdAt: '2026-03-06T08:00:00Z',
    dueAt: '2026-03-13T14:30:00Z',
  })
  // Due next Wednesday: ok.
  await ticket('2026-000006', {
    unitId: b.id,
    legalTrack: 'INTERNAL',
    createdAt: '2026-03-10T08:00:00Z',
    dueAt: '2026-03-18T14:30:00Z',
  })
  // Registered 00:30 Istanbul on 1 March (in a range starting that day), answered late on the 4th.
  const t7 = await ticket('2026-000007', {
    unitId: b.id,
    legalTrack: 'INTERNAL',
    status: 'VATANDASA_BILDIRILDI',
    createdAt: '2026-02-28T21:30:00Z',
    dueAt: '2026-03-03T14:30:00Z',
  })
  // Registered 23:59:59 Istanbul on 28 February (outside), overdue, no unit.
  await ticket('2026-000008', {
    unitId: null,
    legalTrack: 'INTERNAL',
    createdAt: '2026-02-28T20:59:59Z',
    dueAt: '2026-03-04T14:30:00Z',
  })
  // First answered in February, reopened and closed again in March: not a March resolution.
  const t9 = await ticket('2026-000009', {
    unitId: a.id,
    legalTrack: 'INTERNAL',
    status: 'KAPANDI',
    createdAt: '2026-02-01T08:00:00Z',
    dueAt: '2026-02-06T14:30:00Z',
  })
  // CİMER, closed on time after exactly 4 days.
  const t10 = await ticket('2026-000010', {
    unitId: a.id,
    legalTrack: 'CIMER',
    channel: 'CIMER',
    status: 'KAPANDI',
    createdAt: '2026-03-02T08:00:00Z',
    dueAt: '2026-04-01T14:30:00Z',
  })
  await prisma.ticketEvent.createMany({
    data: [
      {
        ticketId: t7.id,
        kind: 'CITIZEN_NOTIFIED',
        fromStatus: 'YANITLANDI',
        toStatus: 'VATANDASA_BILDIRILDI',
        at: new Date('2026-03-04T09:00:00Z'),
      },
      {
        ticketId: t9.id,
        kind: 'STATUS_CHANGED',
        fromStatus: 'VATANDASA_BILDIRILDI',
        toStatus: 'KAPANDI',
        at: new Date('2026-02-10T09:00:00Z'),
      },
      {
        ticketId: t9.id,
        kind: 'REOPENED',
        fromStatus: 'KAPANDI',
        toStatus: 'ISLEMDE',
        at: new Date('2026-03-04T09:00:00Z'),
      },
      {
        ticketId: t9.id,
        kind: 'STATUS_CHANGED',
        fromStatus: 'ISLEMDE',
        toStatus: 'KAPANDI',
        at: new Date('2026-03-05T09:00:00Z'),
      },
      {
        ticketId: t10.id,
        kind: 'STATUS_CHANGED',
        fromStatus: 'VATANDASA_BILDIRILDI',
        toStatus: 'KAPANDI',
        at: new Date('2026-03-06T08:00:00Z'),
      },
    ],
  })
  return { unitA: a.id, unitB: b.id }
}

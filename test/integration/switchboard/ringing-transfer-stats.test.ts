/**
 * A santral call the operator transfers while it still rings (blind, before anyone answered: a Redirect
 * of the waiting caller), through the real app over HTTP against the PBX simulator, which answers the
 * Redirect as Asterisk does (the rings cancelled, QueueCallerAbandon, QueueCallerLeave, then the caller
 * dials the unit: docs/ami-events.md §3). The santral queue's figures count it transferred (and so
 * answered), never abandoned nor timed out; the stored call says so too, no missed-call callback is
 * opened for the caller, and the unit gets the call. No operator answered it, so it is shown apart as
 * moved while ringing ("Çalarken aktarılan") in /api/v1/queues, the report's queue table and its CSV,
 * and the operators' answered calls add up to the queue's answered less it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ReportView } from '../../../server/contract/reports.ts'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import type { AgentView, QueueView } from '../../../server/contract/views.ts'
import { DEMO_PBX_ID } from '../../../telephony/index.ts'
import { startLivePano, type LivePano } from '../realtime/live-harness.ts'

let live: LivePano
let santral1: { cookie: string; csrfToken: string }
let mudur: string

beforeAll(async () => {
  live = await startLivePano()
  const cookie = await live.cookieFor('santral1')
  const me = await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })
  santral1 = { cookie, csrfToken: ((await me.json()) as { csrfToken: string }).csrfToken }
  mudur = await live.cookieFor('mudur')
})
afterAll(async () => {
  await live?.close()
})

async function get<T>(path: string, cookie = santral1.cookie): Promise<T> {
  const res = await fetch(`${live.pano.url}/api/v1${path}`, { headers: { cookie } })
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`)
  return (await res.json()) as T
}

/** Polls `path` until `pick` finds something in its answer. */
async function eventually<T, R>(path: string, pick: (body: T) => R | undefined, what: string): Promise<R> {
  for (const deadline = Date.now() + 20_000; ;) {
    const found = pick(await get<T>(path))
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('a santral call transferred while it still rings', () => {
  it('counts as transferred in the santral figures, not abandoned nor timed out', async () => {
    const zabita = await live.pano.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    const placed = live.sim.placeCall({
      queue: 'santral',
      callerNumber: '05321114001',
      ringMember: 'Local/3001@operators/n',
      answer: false,
      talkMs: 60_000,
    })
    const key = `${DEMO_PBX_ID}/${placed.linkedid}`
    await eventually<SwitchboardSnapshot, true>(
      '/switchboard',
      (s) =>
        s.calls.some((c) => c.key === key && c.state === 'ringing' && c.transferable) ? true : undefined,
      'the call ringing santral1',
    )

    const res = await fetch(`${live.pano.url}/api/v1/switchboard/transfers`, {
      method: 'POST',
      headers: {
        cookie: santral1.cookie,
        'x-csrf-token': santral1.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ call: key, extensionId: zabita.id, kind: 'blind' }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { message: string }).message).toBe(
      'Çağrı Zabıta Müdürlüğü (2002) dahilisine aktarıldı.',
    )

    // The queue's figures once the caller's stay is decided (nobody waiting or deciding any more).
    const santral = await eventually<{ queues: QueueView[] }, QueueView>(
      '/queues',
      (b) =>
        b.queues.find((q) => q.name === 'santral' && q.offered === 1 && q.waitingNow + q.decidingNow === 0),
      'the santral queue’s figures',
    )
    expect(santral).toMatchObject({
      offered: 1,
      answered: 1,
      transferred: 1,
      abandoned: 0,
      shortAbandoned: 0,
      timedOut: 0,
      exitEmpty: 0,
      exitKey: 0,
      movedUnanswered: 1,
    })
    expect(santral.windows.today.movedUnanswered).toBe(1)
    expect(santral.abandonRatePct).toBe(0)
    expect(santral.ahtSec).toBeNull()

    // The unit took the call: the console records the transfer answered.
    const outcome = await eventually<SwitchboardSnapshot, string>(
      '/switchboard',
      (s) => {
        const t = s.transfers.find((x) => x.callId === placed.linkedid)
        return t !== undefined && t.outcome !== 'PENDING' ? t.outcome : undefined
      },
      'the transfer decided',
    )
    expect(outcome).toBe('ANSWERED')
    expect(live.sim.groundTruth().calls.find((c) => c.linkedid === placed.linkedid)).toMatchObject({
      outcome: 'transferred',
      transfer: { kind: 'redirect', target: '2002', answered: true },
    })

    const row = await eventuallyStored(placed.linkedid)
    expect(row).toMatchObject({
      queue: 'santral',
      outcome: 'TRANSFERRED',
      transferredTo: '2002',
      answeredAt: null,
    })
    const missed = await live.pano.prisma.callback.count({
      where: { phoneE164: '+905321114001', reason: { in: ['ABANDONED', 'OUT_OF_HOURS'] } },
    })
    expect(missed).toBe(0)

    // No operator answered it: the operators' answered calls are the queue's answered less it.
    const { agents } = await get<{ agents: AgentView[] }>('/agents', mudur)
    const operators = agents.filter((a) => a.queues.includes('santral'))
    expect(operators.length).toBeGreaterThan(0)
    expect(operators.reduce((n, a) => n + a.answeredToday, 0)).toBe(
      santral.answered - santral.movedUnanswered,
    )

    // The report's queue table and its CSV show it in a column of their own, and say what Cevaplanan is.
    const report = await get<ReportView>('/reports', mudur)
    const queues = report.tables.find((t) => t.id === 'kuyruklar')
    expect(queues?.columns.find((c) => c.key === 'movedUnanswered')?.label).toBe('Çalarken aktarılan')
    expect(queues?.rows.find((r) => r['queue'] === santral.label)).toMatchObject({
      answered: 1,
      transferred: 1,
      movedUnanswered: 1,
    })
    expect(queues?.total?.['movedUnanswered']).toBe(1)
    expect(queues?.note).toContain('çalarken birime aktarılan')
    const csv = await fetch(`${live.pano.url}/api/v1/reports/kuyruklar.csv`, { headers: { cookie: mudur } })
    expect(csv.status).toBe(200)
    const [header, ...lines] = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n')
    const column = header?.split(';').indexOf('Çalarken aktarılan') ?? -1
    expect(column).toBeGreaterThan(0)
    const line = lines.find((l) => l.startsWith(`${santral.label};`))
    expect(line?.split(';')[column]).toBe('1')
  })
})

async function eventuallyStored(linkedId: string) {
  for (const deadline = Date.now() + 20_000; ;) {
    const row = await live.pano.prisma.call.findFirst({ where: { linkedId } })
    if (row !== null) return row
    if (Date.now() > deadline) throw new Error('timed out waiting for the stored call')
    await new Promise((r) => setTimeout(r, 50))
  }
}

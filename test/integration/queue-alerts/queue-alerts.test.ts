/**
 * Queue alerts end to end: the whole app on port 0 with the PBX simulator over real TCP, real socket.io
 * clients and a loopback SMTP server. Callers nobody answers push a queue's waiting count past red: the
 * müdür's socket is told, an agent's is not, the müdür gets an e-mail, Raporlar lists the alert, and it
 * is cleared when the callers go. A second crossing within the quiet period raises nothing, and outside
 * a rule's hours nothing is raised.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  QueueAlertClientToServerEvents,
  QueueAlertHistoryView,
  QueueAlertRulesView,
  QueueAlertServerToClientEvents,
  QueueAlertView,
} from '../../../server/contract/queue-alerts.ts'
import { SAME_TIMES_MESSAGE } from '../../../server/contract/queue-alerts.ts'
import type { QueueThresholdsView } from '../../../server/contract/events.ts'
import { startFakeSmtp, type FakeSmtp } from '../../fakes/fake-smtp-server.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

type AlertSocket = Socket<QueueAlertServerToClientEvents, QueueAlertClientToServerEvents>

let live: LivePano
let smtp: FakeSmtp

beforeAll(async () => {
  smtp = await startFakeSmtp()
  live = await startLivePano({
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Pano <pano@karsiyaka.test>' },
  })
})

afterAll(async () => {
  await live?.close()
  await smtp?.close()
})

async function client(username: string) {
  const cookie = await live.cookieFor(username)
  const me = (await (await fetch(`${live.pano.url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
  }
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${live.pano.url}/api/v1${path}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': me.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  const socket = (await live.socket({ cookie })) as unknown as AlertSocket
  const raised: QueueAlertView[] = []
  const cleared: QueueAlertView[] = []
  socket.on('queue-alert:raised', (a) => raised.push(a))
  socket.on('queue-alert:cleared', (a) => cleared.push(a))
  /** One round trip on the socket: whatever the server sent it before has arrived by then. */
  const roundTrip = () => socket.emitWithAck('queue-alerts:open')
  return { call, socket, raised, cleared, roundTrip }
}

/** Istanbul `HH:MM`, `minutes` from now. */
function istanbulClock(minutesFromNow: number): string {
  const now = new Date()
  const m = (now.getUTCHours() * 60 + now.getUTCMinutes() + 180 + minutesFromNow + 2880) % 1440
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
}

const waitingOf = (queue: string) => live.telephony.queues().find((q) => q.name === queue)?.waiting ?? 0

describe('queue alerts', () => {
  it('tells the müdür (not an agent) when waiting callers pass red, once within the quiet period, never outside hours', async () => {
    const admin = await client('admin')
    const mudur = await client('mudur')
    const agent = await client('agent1')

    const rules = await admin.call<{ items: QueueAlertRulesView[] }>('GET', '/queue-alert-rules')
    const queueId = (name: string) => rules.body.items.find((q) => q.name === name)?.queueId ?? 0
    const thresholds = await admin.call<{ items: QueueThresholdsView[] }>('GET', '/queue-thresholds')
    expect(thresholds.body.items.map((q) => q.name).sort()).toEqual(['cagri-merkezi', 'santral'])
    for (const [name, red] of [
      ['cagri-merkezi', 2],
      ['santral', 1],
    ] as const) {
      const saved = await admin.call('PUT', `/queue-thresholds/${queueId(name)}`, {
        thresholds: { waiting: { amber: 1, red } },
      })
      expect(saved.status).toBe(200)
    }
    const always = {
      metric: 'waiting',
      enabled: true,
      quietMinutes: 30,
      hours: 'ALWAYS',
      from: null,
      to: null,
    }
    expect(
      (await admin.call('PUT', `/queue-alert-rules/${queueId('cagri-merkezi')}`, { rules: [always] })).status,
    ).toBe(200)
    // The santral's rule runs only in an hour that starts two hours from now.
    const closed = { ...always, hours: 'CUSTOM', from: istanbulClock(120), to: istanbulClock(180) }
    const savedClosed = await admin.call<QueueAlertRulesView>(
      'PUT',
      `/queue-alert-rules/${queueId('santral')}`,
      { rules: [closed] },
    )
    expect(savedClosed.body.rules.find((r) => r.metric === 'waiting')).toMatchObject(closed)
    // A window whose ends are the same time is refused at its end time, and nothing is stored.
    const same = await admin.call<{ error: { details: { issues: { path: string; message: string }[] } } }>(
      'PUT',
      `/queue-alert-rules/${queueId('santral')}`,
      { rules: [{ ...always, hours: 'CUSTOM', from: '09:00', to: '09:00' }] },
    )
    expect(same.status).toBe(400)
    expect(same.body.error.details.issues).toEqual([
      expect.objectContaining({ path: 'rules.0.to', message: SAME_TIMES_MESSAGE }),
    ])
    const kept = await admin.call<{ items: QueueAlertRulesView[] }>('GET', '/queue-alert-rules')
    const santral = kept.body.items.find((q) => q.queueId === queueId('santral'))
    expect(santral?.rules.find((r) => r.metric === 'waiting')).toMatchObject(closed)
    // Only an admin stores rules.
    expect(
      (await mudur.call('PUT', `/queue-alert-rules/${queueId('santral')}`, { rules: [always] })).status,
    ).toBe(403)

    // Two callers nobody answers: the call centre's waiting tile turns red.
    const place = () =>
      [1, 2].map((i) =>
        live.sim.placeCall({
          queue: 'cagri-merkezi',
          callerNumber: `053211122${i}0`,
          answer: false,
          patienceMs: 120_000,
        }),
      )
    const first = place()
    const alerts = await until(
      () => mudur.raised,
      (a) => a.length > 0,
      'the müdür to be told',
    )
    expect(alerts[0]).toMatchObject({
      queue: 'cagri-merkezi',
      queueLabel: '444 1 575 Çağrı Merkezi',
      metric: 'waiting',
      value: 2,
      threshold: 2,
      higherIsWorse: true,
      clearedAt: null,
    })
    // The agent's socket was sent nothing, and may not ask for the list either.
    const refused = await agent.roundTrip()
    expect(refused.ok).toBe(false)
    expect(agent.raised).toEqual([])

    // Raporlar lists it; the müdür's e-mail went out through the outbox.
    const history = await mudur.call<QueueAlertHistoryView>('GET', '/queue-alerts')
    expect(history.status).toBe(200)
    expect(history.body.items).toHaveLength(1)
    expect(history.body.items[0]).toMatchObject({ queue: 'cagri-merkezi', metric: 'waiting', value: 2 })
    expect((await agent.call('GET', '/queue-alerts')).status).toBe(403)
    const mail = await smtp.mail(1)
    expect(mail.to).toMatchObject({ value: [{ address: 'mudur@ornek.karsiyaka.test' }] })
    expect(mail.subject).toBe('Kuyruk uyarısı: 444 1 575 Çağrı Merkezi · Bekleyen arayan kırmızıda')
    expect(mail.text).toContain('Bekleyen arayan 2 (kırmızı eşik ≥ 2)')

    // The callers hang up: the alert is cleared, on the socket and in the history.
    for (const c of first) live.sim.hangup(c.channel)
    await until(
      () => mudur.cleared,
      (c) => c.length > 0,
      'the alert to clear',
    )
    const afterClear = await mudur.call<QueueAlertHistoryView>('GET', '/queue-alerts')
    expect(afterClear.body.items[0]?.clearedAt).not.toBeNull()

    // A second crossing within the quiet period: red again, nothing new.
    place()
    await until(
      () => waitingOf('cagri-merkezi'),
      (n) => n >= 2,
      'two callers waiting again',
    )
    await live.pano.queueAlerts?.evaluateNow()
    await mudur.roundTrip()
    expect(mudur.raised).toHaveLength(1)
    expect((await mudur.call<QueueAlertHistoryView>('GET', '/queue-alerts')).body.items).toHaveLength(1)

    // The santral turns red outside its rule's hours: nothing is raised.
    live.sim.placeCall({ queue: 'santral', callerNumber: '05321113344', answer: false, patienceMs: 120_000 })
    await until(
      () => waitingOf('santral'),
      (n) => n >= 1,
      'a caller waiting at the santral',
    )
    await live.pano.queueAlerts?.evaluateNow()
    const open = await mudur.roundTrip()
    expect(mudur.raised.map((a) => a.queue)).toEqual(['cagri-merkezi'])
    expect(open.ok && open.data.some((a) => a.queue === 'santral')).toBe(false)
    const last = await mudur.call<QueueAlertHistoryView>('GET', '/queue-alerts')
    expect(last.body.items.map((a) => a.queue)).toEqual(['cagri-merkezi'])
    expect(smtp.mails).toHaveLength(1)
  })
})

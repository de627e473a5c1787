/**
 * The wallboard's written requests (docs/intake.md §10) over real socket.io, PostgreSQL and the PBX
 * simulator: the queue board carries web, e-mail and WhatsApp counts with the oldest waiting; a signed
 * WhatsApp message raises the WhatsApp count live, a TV (kiosk) sees the same counts, and turning the
 * conversation into a ticket brings it back down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WrittenWaitingView } from '../../../server/contract/views.ts'
import { ViewFeed } from '../../../client/src/lib/live/view-feed.ts'
import { inboundWebhook, sign } from '../../fakes/fake-whatsapp-cloud.ts'
import { signIn } from '../messaging/messaging-harness.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

const APP_SECRET = 'pano-test-secret'
let live: LivePano

beforeAll(async () => {
  live = await startLivePano({
    env: {
      WHATSAPP_TOKEN: 'EAAtest',
      WHATSAPP_PHONE_NUMBER_ID: '1234567890',
      WHATSAPP_APP_SECRET: APP_SECRET,
      // Text messages need no Graph API call; nothing listens here.
      WHATSAPP_API_URL: 'http://127.0.0.1:9',
    },
  })
})
afterAll(async () => {
  await live?.close()
})

function follow(auth: { cookie?: string; token?: string }) {
  let written: WrittenWaitingView[] = []
  const start = async () => {
    const socket = await live.socket(auth)
    const feed = new ViewFeed(socket, 'wallboard', { onData: (u) => (written = u.data.written) })
    feed.start()
    return feed
  }
  return { start, whatsapp: () => written.find((w) => w.channel === 'WHATSAPP') }
}

describe('written requests on the wallboard', () => {
  it('counts a WhatsApp message live for the müdür and a TV, and drops it once it became a ticket', async () => {
    const board = follow({ cookie: await live.cookieFor('mudur') })
    const tv = follow({ token: (await live.kioskToken(['queues'])).token })
    await board.start()
    await tv.start()
    await until(board.whatsapp, (w) => w?.waiting === 0, 'the WhatsApp count')

    const sentAt = Math.floor(Date.now() / 1000) - 120
    const body = inboundWebhook('905329990001', 'Ali V.', {
      id: 'wamid.WALLBOARD1',
      timestamp: String(sentAt),
      type: 'text',
      text: { body: 'Çöp konteyneri taşıyor.' },
    })
    const res = await fetch(`${live.pano.url}/api/v1/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body, APP_SECRET) },
      body,
    })
    expect(res.status).toBe(200)
    const waiting = await until(board.whatsapp, (w) => w?.waiting === 1, 'one waiting WhatsApp conversation')
    expect(waiting?.oldestAt).toBe(sentAt * 1000)
    await until(tv.whatsapp, (w) => w?.waiting === 1, 'the TV to count it too')

    const agent = await signIn(live.pano, 'agent1')
    const page = await agent.get<{ items: { id: number; phone: string }[] }>('/whatsapp/conversations')
    const id = page.body.items.find((c) => c.phone === '+905329990001')?.id
    const made = await agent.send('POST', `/whatsapp/conversations/${id}/ticket`, {
      type: 'SIKAYET',
      subject: 'Taşan konteyner',
    })
    expect(made.status).toBe(201)
    await until(board.whatsapp, (w) => w?.waiting === 0 && w.oldestAt === null, 'the count back to zero')
  })
})

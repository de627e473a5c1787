/**
 * Talepler › Gelen kutusu as one list, over real TCP on PostgreSQL: a web application (the public form),
 * a mail (stored as the mailbox reader stores it) and a WhatsApp message (a signed webhook from the fake
 * Cloud API) wait in one list, oldest first, with counts per channel; the channel and claim filters and
 * the paging work; agent A's claim shows A's name to agent B; and a directorate socket is nudged with
 * `inbox:changed` (no personal data) when a message comes, while a unit user's socket is not.
 */
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ListChangedNotice, InboxPage } from '../../../server/contract/inbox.ts'
import type { RunningPano } from '../../../server/main.ts'
import type { TestDatabase } from '../../support/test-database.ts'
import { recordEvents, signIn, type StaffClient } from '../units/unit-harness.ts'
import { receiptOf, submitValid } from './public-form-support.ts'
import { receiveWhatsapp, startWhatsappPano, type WhatsappPano } from './whatsapp-harness.ts'

/** Room to wait for a nudge on a shared two-core machine (the server sends it within 150 ms). */
const NUDGE = { timeout: 10_000 }
let wa: WhatsappPano
let db: TestDatabase
let pano: RunningPano
let agentA: StaffClient
let agentB: StaffClient
const sockets: Socket[] = []
let seq = 0

beforeAll(async () => {
  wa = await startWhatsappPano({ PUBLIC_FORM_POW_BITS: '4' })
  ;({ db, pano } = wa)
  agentA = await signIn(pano.url, 'agent1')
  agentB = await signIn(pano.url, 'agent2')
})
afterAll(async () => {
  for (const s of sockets) s.disconnect()
  await wa.close()
})

/** A citizen's WhatsApp message through the signed webhook; `ageSec` back-dates it. */
async function whatsappFrom(from: string, name: string, text: string, ageSec = 0): Promise<void> {
  await receiveWhatsapp(
    pano,
    { from, name },
    `wamid.ONE${++seq}`,
    { type: 'text', text: { body: text } },
    ageSec,
  )
}

async function inbox(client: StaffClient, query = ''): Promise<InboxPage> {
  const res = await client.get<InboxPage>(`/intake/inbox${query}`)
  expect(res.status).toBe(200)
  return res.body
}

/** A websocket with the user's cookie that records the nudges it hears. */
const listen = async (username: string): Promise<ListChangedNotice[]> =>
  recordEvents<ListChangedNotice>(
    pano.url,
    (await signIn(pano.url, username)).cookie,
    'inbox:changed',
    sockets,
  )

describe('one inbox', () => {
  it('lists a mail, a WhatsApp conversation and a web application together, oldest first, with counts', async () => {
    await db.prisma.intakeItem.create({
      data: {
        source: 'EPOSTA',
        receivedAt: new Date(Date.now() - 10 * 60_000),
        subject: 'Park bakımı',
        text: 'Parktaki salıncak kırık, çocuklar için tehlikeli.',
        senderEmail: 'mehmet@example.org',
        senderName: 'Mehmet Kaya',
        mailbox: 'INBOX',
        uidValidity: 1n,
        uid: 1n,
        messageId: '<park@example.org>',
      },
    })
    await whatsappFrom('905321110101', 'Zeynep K.', 'Sokak lambası yanmıyor.', 5 * 60)
    const receipt = receiptOf(await submitValid(pano.app))
    expect(receipt.ticketNumber).toMatch(/^\d{4}-\d{6}$/)

    const page = await inbox(agentA)
    expect(page.items.map((i) => i.channel)).toEqual(['EPOSTA', 'WHATSAPP', 'WEB'])
    expect(page.counts).toEqual({ WEB: 1, EPOSTA: 1, WHATSAPP: 1 })
    expect(page.total).toBe(3)
    expect(page.oldestWaitingAt).toBe(page.items[0]?.waitingSince)
    expect(page.items[0]).toMatchObject({
      subject: 'Park bakımı',
      preview: 'Parktaki salıncak kırık, çocuklar için tehlikeli.',
      sender: { name: 'Mehmet Kaya', email: 'mehmet@example.org' },
      claimedBy: null,
    })
    expect(page.items[1]).toMatchObject({
      preview: 'Sokak lambası yanmıyor.',
      sender: { name: 'Zeynep K.', phone: '+905321110101' },
      unread: 1,
    })
    expect(page.items[2]).toMatchObject({
      subject: 'Sokak lambası yanmıyor',
      ticket: { number: receipt.ticketNumber },
    })
    // Newest first when asked; paging cuts the merged list.
    expect((await inbox(agentA, '?order=desc')).items.map((i) => i.channel)).toEqual([
      'WEB',
      'WHATSAPP',
      'EPOSTA',
    ])
    const second = await inbox(agentA, '?offset=1&limit=1')
    expect(second.items.map((i) => i.channel)).toEqual(['WHATSAPP'])
    expect(second.total).toBe(3)
    // Listing WhatsApp conversations is audited as their own list is.
    expect(
      await db.prisma.auditLog.count({ where: { action: 'whatsapp.list', entity: 'WhatsappConversation' } }),
    ).toBeGreaterThan(0)
  })

  it('filters by channel, and refuses a channel it does not know', async () => {
    const onlyWhatsapp = await inbox(agentA, '?channel=WHATSAPP')
    expect(onlyWhatsapp.items.map((i) => i.channel)).toEqual(['WHATSAPP'])
    expect(onlyWhatsapp.total).toBe(1)
    expect(onlyWhatsapp.counts).toEqual({ WEB: 1, EPOSTA: 1, WHATSAPP: 1 })
    expect((await inbox(agentA, '?channel=EPOSTA')).items.map((i) => i.subject)).toEqual(['Park bakımı'])
    expect((await agentA.get('/intake/inbox?channel=FAX')).status).toBe(400)
    expect((await agentA.get('/intake/inbox?limit=1000')).status).toBe(400)
  })

  it("shows agent A's claim by name to agent B, and the claim filters follow it", async () => {
    const page = await inbox(agentA)
    const mail = page.items.find((i) => i.channel === 'EPOSTA')
    const chat = page.items.find((i) => i.channel === 'WHATSAPP')
    if (mail === undefined || chat === undefined) throw new Error('the mail and the chat should wait')
    expect((await agentA.send('POST', `/intake/items/${mail.id}/claim`, {})).status).toBe(200)
    expect((await agentA.send('POST', `/whatsapp/conversations/${chat.id}/claim`, {})).status).toBe(200)
    const nameOfA = (await db.prisma.user.findUniqueOrThrow({ where: { username: 'agent1' } })).displayName

    const seenByB = await inbox(agentB)
    for (const key of [mail.key, chat.key]) {
      const row = seenByB.items.find((i) => i.key === key)
      expect(row?.claimedBy?.displayName).toBe(nameOfA)
      expect(row?.claimedAt).not.toBeNull()
    }
    expect((await inbox(agentB, '?claimed=mine')).items).toEqual([])
    expect((await inbox(agentA, '?claimed=mine')).items.map((i) => i.key)).toEqual([mail.key, chat.key])
    const unclaimed = await inbox(agentB, '?claimed=unclaimed')
    expect(unclaimed.items.map((i) => i.channel)).toEqual(['WEB'])
    expect(unclaimed.counts).toEqual({ WEB: 1, EPOSTA: 0, WHATSAPP: 0 })
    expect((await inbox(agentB, '?claimed=claimed')).total).toBe(2)
  })

  it('nudges the directorate’s sockets on a new message, a claim and a web application, and no unit socket', async () => {
    const agent = await listen('agent2')
    const unit = await listen('fen')
    await whatsappFrom('905321110102', 'Ali V.', 'Çöp toplanmadı.')
    await expect.poll(() => agent.length, NUDGE).toBeGreaterThan(0)
    // The nudge carries no personal data: only the time.
    expect(Object.keys(agent[0] ?? {})).toEqual(['at'])
    expect(JSON.stringify(agent)).not.toMatch(/905321110102|Ali V\.|Çöp/)
    // Emitted to one room at once: had the unit's socket been in it, it would have heard it by now.
    expect(unit).toEqual([])
    // And the list read again shows the new conversation.
    const chats = await inbox(agentB, '?channel=WHATSAPP')
    expect(chats.total).toBe(2)

    // A claim nudges too, and so does a web application sent through the public form.
    const heard = agent.length
    const ali = chats.items.find((i) => i.sender.phone === '+905321110102')
    expect((await agentA.send('POST', `/whatsapp/conversations/${ali?.id ?? 0}/claim`, {})).status).toBe(200)
    await expect.poll(() => agent.length, NUDGE).toBeGreaterThan(heard)
    const afterClaim = agent.length
    expect(receiptOf(await submitValid(pano.app)).ticketNumber).toMatch(/^\d{4}-\d{6}$/)
    await expect.poll(() => agent.length, NUDGE).toBeGreaterThan(afterClaim)
    expect(unit).toEqual([])
  })
})

/**
 * The mailbox intake against a real IMAP server (a throwaway Dovecot): mails become inbox items with
 * HTML shown as text, only JPEG/PNG/PDF files within 5 MB kept, broken MIME kept with a note, replies
 * attached to their ticket; every mail is flagged once read; a crash in the middle of a sweep and a
 * restart lose and repeat nothing; a burst of 1,000 mails is read in batches while HTTP still answers.
 */
import { createServer, type AddressInfo } from 'node:net'
import { ImapFlow } from 'imapflow'
import { pino } from 'pino'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MailboxStatusView } from '../../../server/contract/intake.ts'
import { loadConfig } from '../../../server/config.ts'
import {
  createMailIntake,
  PROCESSED_KEYWORD,
  type MailIntake,
} from '../../../server/services/intake/mail/mail-intake.ts'
import { imapOptions } from '../../../server/services/intake/mail/imap-target.ts'
import { startDovecot, type TestDovecot } from '../../support/dovecot.ts'
import { createAuthHarness, type AuthHarness } from '../server/auth-harness.ts'
import { BROKEN_MIME, HTML_WITH_SCRIPT, mailWithAttachments, plainMail } from './mail-fixtures.ts'

let h: AuthHarness
let mailIntake: MailIntake | null = null

beforeAll(async () => {
  h = await createAuthHarness('postgres', {
    deps: { mailbox: () => mailIntake?.status() ?? ({ configured: false } as MailboxStatusView) },
  })
})
afterAll(async () => {
  await mailIntake?.stop()
  await h.close()
})

function intakeFor(
  dovecot: TestDovecot,
  options: { batchSize?: number; afterStore?: (uid: bigint) => void } = {},
) {
  const imap = loadConfig({ IMAP_URL: dovecot.url }).intake.imap
  return createMailIntake({
    prisma: h.prisma,
    logger: pino({ level: 'silent' }),
    imap: { ...imap, url: dovecot.url, batchSize: options.batchSize ?? imap.batchSize },
    ...(options.afterStore ? { afterStore: options.afterStore } : {}),
  })
}

/**
 * Each throwaway Dovecot is a new mail server, but its INBOX can get the previous one's UIDVALIDITY
 * (Dovecot takes it from the clock, in seconds), which would make it, to Pano, the same folder read
 * further on. A new server here stands for a new installation: forget what earlier servers gave.
 */
async function newMailServer(): Promise<TestDovecot> {
  await h.prisma.intakeItem.deleteMany({ where: { source: 'EPOSTA' } })
  await h.prisma.mailboxCursor.deleteMany({})
  return startDovecot()
}

async function flagsOf(dovecot: TestDovecot): Promise<string[][]> {
  const client = new ImapFlow(imapOptions(dovecot.url))
  await client.connect()
  const lock = await client.getMailboxLock('INBOX')
  try {
    const all = await client.fetchAll('1:*', { uid: true, flags: true })
    return all.map((m) => [...(m.flags ?? [])].sort())
  } finally {
    lock.release()
    await client.logout()
  }
}

describe('mailbox intake', () => {
  let dovecot: TestDovecot
  beforeAll(async () => {
    dovecot = await newMailServer()
  })
  afterAll(async () => {
    await dovecot.close()
  })

  it('stores plain, HTML, attached and broken mails; HTML as text; bad files dropped with the reason', async () => {
    await dovecot.deliver([plainMail(1), HTML_WITH_SCRIPT, mailWithAttachments(), BROKEN_MIME])
    mailIntake = intakeFor(dovecot)
    expect(await mailIntake.sweep()).toEqual({ stored: 4, attached: 0, duplicates: 0 })

    const items = await h.prisma.intakeItem.findMany({
      where: {
        messageId: {
          in: [
            '<mail-1@example.org>',
            '<html-1@example.org>',
            '<ekli-1@example.org>',
            '<bozuk-1@example.org>',
          ],
        },
      },
      include: { attachments: true },
      orderBy: { uid: 'asc' },
    })
    expect(items.map((i) => [i.source, i.status, i.senderEmail])).toEqual([
      ['EPOSTA', 'BEKLIYOR', 'vatandas1@example.org'],
      ['EPOSTA', 'BEKLIYOR', 'kotu@example.org'],
      ['EPOSTA', 'BEKLIYOR', 'ekli@example.org'],
      ['EPOSTA', 'BEKLIYOR', 'bozuk@example.org'],
    ])
    const [plain, html, attached, broken] = items
    expect(plain?.text).toContain('çöp konteyneri')
    expect(html?.subject).toBe('HTML ileti')
    expect(html?.text).toContain('Parktaki banklar kırık.')
    expect(html?.text).not.toMatch(/alert|document\.location|<script/)
    expect(html?.parseNotes.join(' ')).toContain('betik')
    expect(attached?.attachments.map((a) => [a.filename, a.contentType])).toEqual([['foto.png', 'image/png']])
    expect(attached?.parseNotes.filter((n) => n.startsWith('Ek alınmadı'))).toHaveLength(2)
    expect(broken?.subject).toBe('Bozuk ileti')
    expect(broken?.parseNotes.length).toBeGreaterThan(0)

    const flags = await flagsOf(dovecot)
    expect(flags).toHaveLength(4)
    for (const f of flags) expect(f).toEqual(expect.arrayContaining(['\\Seen', PROCESSED_KEYWORD]))

    const status = (
      await request(h.app)
        .get('/api/v1/intake/mailbox')
        .set('cookie', (await h.signIn('admin')).cookie)
        .expect(200)
    ).body as MailboxStatusView
    expect(status).toMatchObject({ configured: true, state: 'idle', folder: 'INBOX' })
    expect(status.target).not.toContain('gizli')
    // Two files of the attached mail, and the broken mail's part that is no JPEG, PNG or PDF.
    expect(status.counts).toMatchObject({ stored: 4, attachmentsRefused: 3, scriptsRemoved: 1 })
    // A second sweep finds nothing new.
    expect(await mailIntake.sweep()).toEqual({ stored: 0, attached: 0, duplicates: 0 })
  })

  it('stores a mail with NUL and control characters in its headers and body, without them', async () => {
    const raw = Buffer.from(
      'From: "Ad\u0000 Soyad" <nul@example.org>\r\nSubject: Bo\u0000zuk\u0007 konu\r\n' +
        'Message-ID: <nul-1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMetin\u0000 burada.\r\n',
    )
    await dovecot.deliver([raw])
    expect(await intakeFor(dovecot).sweep()).toEqual({ stored: 1, attached: 0, duplicates: 0 })
    const item = await h.prisma.intakeItem.findFirstOrThrow({ where: { messageId: '<nul-1@example.org>' } })
    // A NUL in a header may already arrive as U+FFFD; either way nothing the database refuses is stored.
    for (const stored of [item.subject, item.text, item.senderName ?? '']) {
      expect(stored.includes('\u0000') || stored.includes('\u0007')).toBe(false)
    }
    expect(item.subject).toMatch(/^Bo.?zuk konu$/)
    expect(item.text).toMatch(/^Metin.? burada\.$/)
    expect(item.senderEmail).toBe('nul@example.org')
  })

  it('attaches a reply to the ticket of its thread, by In-Reply-To or by the number in the subject', async () => {
    const intake = intakeFor(dovecot)
    await dovecot.deliver([plainMail(11)])
    expect(await intake.sweep()).toEqual({ stored: 1, attached: 0, duplicates: 0 })
    const first = await h.prisma.intakeItem.findFirstOrThrow({
      where: { messageId: '<mail-11@example.org>' },
    })
    const agent = await h.signIn('agent')
    const accepted = await request(h.app)
      .post(`/api/v1/intake/items/${first.id}/accept`)
      .set('cookie', agent.cookie)
      .set('x-csrf-token', agent.csrfToken)
      .send({ type: 'SIKAYET' })
      .expect(200)
    const { ticketNumber, ticketId } = accepted.body as { ticketNumber: string; ticketId: number }

    await dovecot.deliver([
      plainMail(12, { subject: 'Re: Talep 11', inReplyTo: '<mail-11@example.org>' }),
      plainMail(13, { subject: `Başvurum ${ticketNumber} hakkında` }),
    ])
    expect(await intake.sweep()).toEqual({ stored: 0, attached: 2, duplicates: 0 })
    const notes = await h.prisma.ticketEvent.findMany({
      where: { ticketId, kind: 'COMMENT' },
      orderBy: { id: 'asc' },
    })
    expect(notes.map((n) => n.note?.split('\n')[0])).toEqual(
      expect.arrayContaining([
        'E-posta yanıtı (vatandas12@example.org): Re: Talep 11',
        `E-posta yanıtı (vatandas13@example.org): Başvurum ${ticketNumber} hakkında`,
      ]),
    )
    const waiting = await h.prisma.intakeItem.count({
      where: { status: 'BEKLIYOR', messageId: { in: ['<mail-12@example.org>', '<mail-13@example.org>'] } },
    })
    expect(waiting).toBe(0)
  })
})

describe('a restart in the middle of a sweep', () => {
  it('loses and repeats nothing', async () => {
    const dovecot = await newMailServer()
    try {
      await dovecot.deliver(Array.from({ length: 30 }, (_, i) => plainMail(1000 + i)))
      const before = await h.prisma.intakeItem.count()
      let seen = 0
      const crashing = intakeFor(dovecot, {
        batchSize: 10,
        afterStore: () => {
          if (++seen === 15) throw new Error('power cut')
        },
      })
      await expect(crashing.sweep()).rejects.toThrow('power cut')
      await crashing.stop()
      // The batch in which the power went was stored whole but never flagged on the server.
      const storedBefore = (await h.prisma.intakeItem.count()) - before
      expect(storedBefore).toBe(20)

      const restarted = intakeFor(dovecot, { batchSize: 10 })
      expect(await restarted.sweep()).toEqual({ stored: 30 - storedBefore, attached: 0, duplicates: 0 })
      await restarted.stop()
      const ids = await h.prisma.intakeItem.findMany({
        where: { messageId: { startsWith: '<mail-1' }, uid: { not: null } },
        select: { messageId: true },
      })
      const theirs = ids.map((i) => i.messageId).filter((m) => m !== null && /^<mail-10[0-2]\d@/.test(m))
      expect(theirs).toHaveLength(30)
      expect(new Set(theirs).size).toBe(30)
      const flags = await flagsOf(dovecot)
      expect(flags.every((f) => f.includes(PROCESSED_KEYWORD))).toBe(true)
    } finally {
      await dovecot.close()
    }
  })
})

describe('a mailbox that does not answer', () => {
  it('fails the sweep with the reason in the status, and the next poll tries again', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer()
      server.listen(0, '127.0.0.1', () => {
        const port = (server.address() as AddressInfo).port
        server.close(() => resolve(port))
      })
    })
    const url = `imap://pano:x@127.0.0.1:${closed}`
    const imap = loadConfig({ IMAP_URL: url }).intake.imap
    const down = createMailIntake({
      prisma: h.prisma,
      logger: pino({ level: 'silent' }),
      imap: { ...imap, url },
    })
    await expect(down.sweep()).rejects.toThrow()
    expect(down.status()).toMatchObject({ configured: true, state: 'error' })
    expect(down.status().lastError).not.toBeNull()
    await down.stop()
  })
})

describe('IMAP_PROCESSED_FOLDER', () => {
  it('moves read mails out of the inbox into that folder', async () => {
    const dovecot = await newMailServer()
    try {
      const admin = new ImapFlow(imapOptions(dovecot.url))
      await admin.connect()
      await admin.mailboxCreate('Alindi')
      await admin.logout()
      await dovecot.deliver([plainMail(7001), plainMail(7002)])
      const imap = loadConfig({ IMAP_URL: dovecot.url, IMAP_PROCESSED_FOLDER: 'Alindi' }).intake.imap
      const moving = createMailIntake({
        prisma: h.prisma,
        logger: pino({ level: 'silent' }),
        imap: { ...imap, url: dovecot.url },
      })
      expect(await moving.sweep()).toEqual({ stored: 2, attached: 0, duplicates: 0 })
      await moving.stop()
      const check = new ImapFlow(imapOptions(dovecot.url))
      await check.connect()
      const inbox = await check.status('INBOX', { messages: true })
      const done = await check.status('Alindi', { messages: true })
      await check.logout()
      expect([inbox && inbox.messages, done && done.messages]).toEqual([0, 2])
    } finally {
      await dovecot.close()
    }
  })
})

describe('a burst of 1,000 mails', () => {
  it('reads them all once, in batches, while the server keeps answering', { timeout: 300_000 }, async () => {
    const dovecot = await newMailServer()
    try {
      await dovecot.deliver(Array.from({ length: 1000 }, (_, i) => plainMail(5000 + i)))
      const burst = intakeFor(dovecot, { batchSize: 50 })
      let finished = false
      const sweeping = burst.sweep().then((r) => {
        finished = true
        return r
      })
      // Answered while the sweep runs: the reader yields between batches.
      await request(h.app).get('/api/v1/health').expect(200)
      expect(finished).toBe(false)
      expect(await sweeping).toEqual({ stored: 1000, attached: 0, duplicates: 0 })
      expect(burst.status().counts.stored).toBe(1000)
      expect(await burst.sweep()).toEqual({ stored: 0, attached: 0, duplicates: 0 })
      await burst.stop()
    } finally {
      await dovecot.close()
    }
  })
})

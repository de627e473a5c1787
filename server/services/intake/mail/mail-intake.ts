/**
 * The mailbox reader (docs/intake.md §7): every IMAP_POLL_SECONDS it opens IMAP_FOLDER, reads the mails
 * above the folder's cursor in UID order, IMAP_BATCH_SIZE at a time, stores each one (store-mail.ts)
 * and then flags the batch \Seen and $PanoAlindi (or moves it to IMAP_PROCESSED_FOLDER). The database
 * cursor, not the flags, decides what is new, so a crash between storing and flagging repeats nothing;
 * the flags are finished on the next sweep. One sweep at a time per process; nodes racing on the same
 * folder are kept apart by the cursor's row lock. Off until IMAP_URL is set.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import { ImapFlow } from 'imapflow'
import type { Config } from '../../../config.ts'
import type { MailboxStatusView } from '../../../contract/intake.ts'
import type { PrismaClient } from '../../../db/generated/client.ts'
import type { Logger } from '../../../logger.ts'
import { describeImapUrl, imapOptions } from './imap-target.ts'
import { emptyCounts, mailboxOff } from './mailbox-status.ts'
import { parseIntakeMail, type ParsedIntakeMail } from './parse-mail.ts'
import { storeMails, type MailToStore, type StoreOutcome } from './store-mail.ts'

export const PROCESSED_KEYWORD = '$PanoAlindi'
/** A mail larger than this is stored from its headers only, with a note (the limit per file is 5 MB). */
export const MAX_MAIL_BYTES = 25 * 1024 * 1024

export interface MailIntake {
  /** Starts polling (the first sweep at once). */
  start(): void
  /** Runs one sweep now (waits for a running one); resolves with what it did. */
  sweep(): Promise<SweepResult>
  stop(): Promise<void>
  status(): MailboxStatusView
}

export interface SweepResult {
  stored: number
  attached: number
  duplicates: number
}

export interface MailIntakeDeps {
  prisma: PrismaClient
  logger: Logger
  imap: Config['intake']['imap'] & { url: string }
  now?: () => Date
  /** Tests: called after each mail of a batch is stored, before the batch is flagged (a throw aborts the sweep). */
  afterStore?: (uid: bigint, outcome: StoreOutcome) => void
  /** After a batch put new mails in the inbox (the agents' live nudge, server/compose/background.ts). */
  onStored?: () => void
}

async function ensureCursor(prisma: PrismaClient, mailbox: string, uidValidity: bigint, log: Logger) {
  const cursor = await prisma.mailboxCursor.findUnique({ where: { mailbox } })
  if (cursor !== null && cursor.uidValidity === uidValidity) return cursor.lastUid
  if (cursor !== null)
    log.warn(
      { mailbox, was: String(cursor.uidValidity), now: String(uidValidity) },
      'UIDVALIDITY changed: reading the folder again (Message-IDs keep stored mails from repeating)',
    )
  await prisma.mailboxCursor.upsert({
    where: { mailbox },
    create: { mailbox, uidValidity, lastUid: 0n },
    update: { uidValidity, lastUid: 0n },
  })
  return 0n
}

function headersOnly(source: Buffer | undefined): Buffer {
  const raw = source ?? Buffer.alloc(0)
  const end = raw.indexOf('\r\n\r\n')
  return Buffer.concat([end === -1 ? raw : raw.subarray(0, end), Buffer.from('\r\n\r\n')])
}

function placeholder(m: MailToStore): MailToStore {
  return {
    uid: m.uid,
    receivedAt: m.receivedAt,
    mail: {
      fromName: null,
      fromEmail: null,
      subject: '(kaydedilemeyen ileti)',
      text: '',
      messageId: null,
      inReplyTo: null,
      references: [],
      attachments: [],
      notes: ['İleti veritabanına yazılamadı; aslı e-posta kutusunda duruyor.'],
      parseFailed: true,
      attachmentsRefused: m.mail.attachments.length,
      scriptsRemoved: false,
    },
  }
}

export function createMailIntake(deps: MailIntakeDeps): MailIntake {
  const log = deps.logger.child({ module: 'mail-intake' })
  const now = deps.now ?? (() => new Date())
  const { folder, processedFolder, batchSize, pollSeconds } = deps.imap
  const counts = emptyCounts()
  let state: MailboxStatusView['state'] = 'idle'
  let lastSweepAt: Date | null = null
  let lastError: string | null = null
  let running: Promise<SweepResult> | null = null
  let timer: NodeJS.Timeout | null = null
  let stopped = false

  async function mark(client: ImapFlow, uids: bigint[]): Promise<void> {
    if (uids.length === 0) return
    const range = uids.map(String).join(',')
    await client.messageFlagsAdd(range, ['\\Seen', PROCESSED_KEYWORD], { uid: true })
    if (processedFolder !== null) await client.messageMove(range, processedFolder, { uid: true })
  }

  interface RawMail {
    source: Buffer
    date: Date | null
    /** Larger than MAX_MAIL_BYTES: only the headers were read. */
    headersOnly: boolean
  }

  async function readBatch(client: ImapFlow, uids: bigint[]): Promise<Map<bigint, RawMail>> {
    const sizes = await client.fetchAll(uids.map(String).join(','), { uid: true, size: true }, { uid: true })
    const small = sizes.filter((m) => (m.size ?? 0) <= MAX_MAIL_BYTES).map((m) => m.uid)
    const large = sizes.filter((m) => (m.size ?? 0) > MAX_MAIL_BYTES).map((m) => m.uid)
    const out = new Map<bigint, RawMail>()
    const dateOf = (d: unknown) => (d instanceof Date ? d : null)
    if (small.length > 0)
      for (const m of await client.fetchAll(
        small.join(','),
        { uid: true, source: true, internalDate: true },
        { uid: true },
      ))
        out.set(BigInt(m.uid), {
          source: m.source ?? Buffer.alloc(0),
          date: dateOf(m.internalDate),
          headersOnly: false,
        })
    if (large.length > 0)
      for (const m of await client.fetchAll(
        large.join(','),
        { uid: true, headers: true, internalDate: true },
        { uid: true },
      ))
        out.set(BigInt(m.uid), {
          source: headersOnly(m.headers),
          date: dateOf(m.internalDate),
          headersOnly: true,
        })
    return out
  }

  /**
   * One transaction per batch; if it fails, the batch again one mail per transaction, so one mail the
   * database refuses cannot hold back the others (it fails the sweep alone, and is tried again next poll).
   */
  async function storeBatch(
    mailbox: string,
    uidValidity: bigint,
    mails: MailToStore[],
  ): Promise<StoreOutcome[]> {
    try {
      return await storeMails(deps.prisma, mailbox, uidValidity, mails)
    } catch (err) {
      log.warn({ err, mails: mails.length }, 'storing a batch of mails failed; storing them one by one')
      const outcomes: StoreOutcome[] = []
      for (const m of mails) {
        try {
          outcomes.push(...(await storeMails(deps.prisma, mailbox, uidValidity, [m])))
        } catch (one) {
          // A mail the database refuses must not hold the folder back forever: keep a placeholder
          // with the reason, so the cursor moves on and an agent sees that something came.
          log.error({ err: one, uid: String(m.uid) }, 'a mail could not be stored; keeping a placeholder')
          outcomes.push(...(await storeMails(deps.prisma, mailbox, uidValidity, [placeholder(m)])))
        }
      }
      return outcomes
    }
  }

  function count(mail: ParsedIntakeMail, outcome: StoreOutcome): void {
    if (outcome === 'duplicate') {
      counts.duplicates++
      return
    }
    if (outcome === 'attached') counts.attachedToTickets++
    else counts.stored++
    if (mail.parseFailed) counts.parseErrors++
    counts.attachmentsRefused += mail.attachmentsRefused
    if (mail.scriptsRemoved) counts.scriptsRemoved++
  }

  async function runSweep(): Promise<SweepResult> {
    const result: SweepResult = { stored: 0, attached: 0, duplicates: 0 }
    const client = new ImapFlow(imapOptions(deps.imap.url))
    client.on('error', (err: unknown) => log.warn({ err }, 'IMAP connection error'))
    state = 'sweeping'
    try {
      await client.connect()
      const lock = await client.getMailboxLock(folder)
      try {
        const box = client.mailbox
        if (box === false) throw new Error(`${folder} could not be opened`)
        const lastUid = await ensureCursor(deps.prisma, folder, box.uidValidity, log)
        // Mails stored before a crash but never flagged: flag them now (only when they stay in place).
        if (lastUid > 0n && processedFolder === null) {
          const leftovers = await client.search(
            { uid: `1:${lastUid}`, unKeyword: PROCESSED_KEYWORD },
            { uid: true },
          )
          if (leftovers !== false && leftovers !== undefined && leftovers.length > 0)
            await mark(client, leftovers.map(BigInt))
        } else if (lastUid > 0n) {
          const leftovers = await client.search({ uid: `1:${lastUid}` }, { uid: true })
          if (leftovers !== false && leftovers !== undefined && leftovers.length > 0)
            await mark(client, leftovers.map(BigInt))
        }
        const found = await client.search({ uid: `${lastUid + 1n}:*` }, { uid: true })
        const fresh = (found === false || found === undefined ? [] : found)
          .map(BigInt)
          .filter((u) => u > lastUid)
          .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        for (let i = 0; i < fresh.length && !stopped; i += batchSize) {
          const batch = fresh.slice(i, i + batchSize)
          const sources = await readBatch(client, batch)
          const toStore: MailToStore[] = []
          const parsed = new Map<bigint, ParsedIntakeMail>()
          for (const uid of batch) {
            const entry = sources.get(uid)
            if (entry === undefined) continue // expunged meanwhile
            const mail = await parseIntakeMail(entry.source)
            if (entry.headersOnly)
              mail.notes.push(
                `İleti ${MAX_MAIL_BYTES / (1024 * 1024)} MB'tan büyük: yalnızca başlıkları alındı.`,
              )
            parsed.set(uid, mail)
            toStore.push({ uid, receivedAt: entry.date ?? now(), mail })
          }
          const outcomes = await storeBatch(folder, box.uidValidity, toStore)
          toStore.forEach((m, k) => {
            const outcome = outcomes[k] ?? 'duplicate'
            count(m.mail, outcome)
            if (outcome === 'stored') result.stored++
            else if (outcome === 'attached') result.attached++
            else result.duplicates++
            deps.afterStore?.(m.uid, outcome)
          })
          if (outcomes.includes('stored')) deps.onStored?.()
          await mark(client, batch)
          // Let HTTP requests and sockets run between batches: a 1,000-mail burst never holds the loop.
          await yieldToEventLoop()
        }
      } finally {
        lock.release()
      }
      await client.logout()
      state = 'idle'
      lastError = null
    } catch (err) {
      state = 'error'
      lastError = err instanceof Error ? err.message.slice(0, 300) : 'bilinmeyen hata'
      client.close()
      throw err
    } finally {
      lastSweepAt = now()
    }
    if (result.stored + result.attached > 0) log.info({ ...result, folder }, 'mailbox sweep stored mails')
    return result
  }

  function sweep(): Promise<SweepResult> {
    running ??= runSweep().finally(() => {
      running = null
    })
    return running
  }

  function schedule(delayMs: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      sweep()
        .catch((err: unknown) => log.warn({ err }, 'mailbox sweep failed; trying again at the next poll'))
        .finally(() => schedule(pollSeconds * 1000))
    }, delayMs)
    timer.unref()
  }

  return {
    start: () => schedule(0),
    sweep,
    async stop() {
      stopped = true
      if (timer !== null) clearTimeout(timer)
      await running?.catch(() => undefined)
    },
    status: () => ({
      ...mailboxOff(folder),
      configured: true,
      target: describeImapUrl(deps.imap.url),
      state,
      lastSweepAt: lastSweepAt?.toISOString() ?? null,
      lastError,
      counts: { ...counts },
    }),
  }
}

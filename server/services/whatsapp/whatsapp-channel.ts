/**
 * The WhatsApp conversation channel of one process (docs/intake.md §9): what the webhook receives is
 * stored first, then its files are fetched through the Graph API (a failure is kept as the reason and
 * tried again later, a refusal for good is kept as the reason); replies go out through the Graph API, or
 * in demo mode to the built-in sink. Counts since start are for Yönetim › Başvuru kanalları.
 */
import { createHash } from 'node:crypto'
import {
  WHATSAPP_MEDIA_MAX_BYTES,
  type WhatsappCounts,
  type WhatsappStatusView,
} from '../../contract/whatsapp.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { safeFilename } from '../../domain/intake/file-signature.ts'
import type { Logger } from '../../logger.ts'
import {
  downloadMedia,
  MediaRefused,
  sendReply,
  type GraphConfig,
  type ReplyContent,
} from './graph-client.ts'
import type { InboundMessage } from './inbound-parse.ts'
import { storeInbound } from './store-inbound.ts'

/** Attempts at fetching one file before it is left with its last error. */
export const MEDIA_ATTEMPTS = 5

export interface WhatsappChannel {
  state: WhatsappStatusView['state']
  /** A demo process with no WhatsApp configured: Yönetim may "receive" a test message. */
  demoInbound: boolean
  templateName: string | null
  counts: WhatsappCounts
  /** Stores the messages (awaited), then fetches their files (not awaited; `idle()` waits for it). */
  receive(messages: InboundMessage[]): Promise<{ stored: number; duplicates: number }>
  /** Files still to fetch (after a restart or a failure); returns how many were tried. */
  fetchPendingMedia(): Promise<number>
  /** Sends a reply; the wamid and provider, or an Error in WhatsApp's words. */
  send(to: string, content: ReplyContent): Promise<{ wamid: string; demo: boolean }>
  /** Resolves when no file fetch is running (tests, shutdown). */
  idle(): Promise<void>
  /** Something the wallboard counts changed (set by the composition root). */
  onChange: () => void
  start(intervalMs?: number): void
  stop(): Promise<void>
}

export function emptyWhatsappCounts(): WhatsappCounts {
  return {
    received: 0,
    duplicates: 0,
    forged: 0,
    malformed: 0,
    mediaStored: 0,
    mediaRefused: 0,
    mediaFailed: 0,
    unsupported: 0,
  }
}

export function createWhatsappChannel(input: {
  prisma: PrismaClient
  logger: Logger
  graph: (GraphConfig & { replyTemplate: string | null }) | null
  /** The WhatsApp demo sink is on (nothing configured) and the process runs in demo mode. */
  demo: boolean
  maxMediaBytes?: number
}): WhatsappChannel {
  const { prisma, graph } = input
  const log = input.logger.child({ module: 'whatsapp' })
  const maxBytes = input.maxMediaBytes ?? WHATSAPP_MEDIA_MAX_BYTES
  const counts = emptyWhatsappCounts()
  let running: Promise<unknown> = Promise.resolve()
  let timer: ReturnType<typeof setInterval> | undefined

  async function fetchOne(id: number): Promise<void> {
    if (graph === null) return
    const row = await prisma.whatsappMessage.findUnique({
      where: { id },
      select: { mediaId: true, mediaFilename: true, mediaContent: true, mediaAttempts: true, kind: true },
    })
    if (row === null || row.mediaId === null || row.mediaContent !== null) return
    if (row.mediaAttempts >= MEDIA_ATTEMPTS) return
    try {
      const { bytes, type } = await downloadMedia(graph, row.mediaId, maxBytes)
      await prisma.whatsappMessage.update({
        where: { id },
        data: {
          mediaContent: new Uint8Array(bytes),
          mediaType: type,
          mediaSize: bytes.length,
          mediaSha256: createHash('sha256').update(bytes).digest('hex'),
          mediaFilename: safeFilename(row.mediaFilename ?? undefined, type, `whatsapp-${id}`),
          mediaError: null,
          mediaAttempts: { increment: 1 },
        },
      })
      counts.mediaStored++
    } catch (error) {
      const refused = error instanceof MediaRefused
      if (refused) counts.mediaRefused++
      else counts.mediaFailed++
      log.warn({ messageId: id, reason: (error as Error).message }, 'WhatsApp file not stored')
      await prisma.whatsappMessage.update({
        where: { id },
        data: {
          mediaError: refused
            ? error.message
            : `İndirilemedi, yeniden denenecek: ${(error as Error).message}`,
          mediaAttempts: refused ? MEDIA_ATTEMPTS : { increment: 1 },
        },
      })
    }
  }

  function fetchLater(ids: number[]): void {
    running = running.then(async () => {
      for (const id of ids) await fetchOne(id).catch((err: unknown) => log.error({ err }, 'media fetch'))
    })
  }

  const channel: WhatsappChannel = {
    state: graph !== null ? 'configured' : input.demo ? 'demo' : 'off',
    demoInbound: graph === null && input.demo,
    templateName: graph?.replyTemplate ?? (input.demo ? 'pano_yanit_bekliyoruz' : null),
    counts,
    async receive(messages) {
      const result = await storeInbound(prisma, messages)
      counts.received += result.stored
      counts.duplicates += result.duplicates
      counts.unsupported += messages.filter(
        (m) => !['text', 'image', 'document', 'location'].includes(m.kind),
      ).length
      if (result.stored > 0) channel.onChange()
      if (result.withMedia.length > 0) fetchLater(result.withMedia)
      return { stored: result.stored, duplicates: result.duplicates }
    },
    async fetchPendingMedia() {
      if (graph === null) return 0
      const rows = await prisma.whatsappMessage.findMany({
        where: { mediaId: { not: null }, mediaContent: null, mediaAttempts: { lt: MEDIA_ATTEMPTS } },
        select: { id: true },
        orderBy: { id: 'asc' },
        take: 50,
      })
      fetchLater(rows.map((r) => r.id))
      await running
      return rows.length
    },
    async send(to, content) {
      if (graph === null) {
        if (!input.demo) throw new Error('WhatsApp yapılandırılmamış.')
        return {
          wamid: `demo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
          demo: true,
        }
      }
      return { wamid: await sendReply(graph, to, content), demo: false }
    },
    idle: () => running.then(() => undefined),
    onChange: () => undefined,
    start(intervalMs = 60_000) {
      if (graph === null || timer !== undefined) return
      void channel.fetchPendingMedia().catch((err: unknown) => log.error({ err }, 'media sweep'))
      timer = setInterval(() => {
        void channel.fetchPendingMedia().catch((err: unknown) => log.error({ err }, 'media sweep'))
      }, intervalMs)
      timer.unref()
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
      await running.catch(() => undefined)
    },
  }
  return channel
}

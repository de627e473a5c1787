/**
 * With several nodes, a santral transfer is followed by one node (transfer-handover.ts), and only that
 * node decides it. An operator whose browser is on another node (theirs died and the load balancer
 * moved them, or the müdür is elsewhere) may still press "Aktarımı tamamla" or "Geri al": this node
 * then asks the follower, named by the transfer's lease in Redis, to do it, and answers with the
 * follower's answer (the same result or the same refusal, read by the person as if asked there).
 * Requests go to `switchboard:settle:<node>`, answers to `switchboard:settled:<node>`.
 */
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ActionResultView } from '../../contract/switchboard.ts'
import { ROLES } from '../../contract/auth.ts'
import { ERROR_KINDS } from '../../contract/errors.ts'
import { textField } from '../../contract/text-field.ts'
import { AppError } from '../../errors.ts'
import type { Logger } from '../../logger.ts'
import type { ClusterBus } from '../cluster/cluster-bus.ts'
import { parseStored } from '../cluster/stored-json.ts'
import { followerKey } from './transfer-handover.ts'
import type { TransferActor } from './transfer-actions.ts'

export type SettleAction = 'complete' | 'return'

/** Long enough for the follower's own PBX action (10 s, forwarded to the PBX's holder) and the trip. */
const ANSWER_TIMEOUT_MS = 15_000

const requestSchema = z.object({
  id: textField(),
  from: textField(),
  action: z.enum(['complete', 'return']),
  transferId: z.number().int(),
  actor: z.object({ userId: z.number().int(), role: z.enum(ROLES) }),
})

const answerSchema = z.discriminatedUnion('ok', [
  z.object({ id: textField(), ok: z.literal(true), message: textField(), pbxMessage: textField() }),
  z.object({
    id: textField(),
    ok: z.literal(false),
    status: z.number().int(),
    code: textField(),
    kind: z.enum(ERROR_KINDS),
    message: textField(),
    details: z.unknown().optional(),
  }),
])

type Answer = z.infer<typeof answerSchema>

export interface SettleRelay {
  /**
   * Has the node following `transferId` run `action` for `actor`; null when no other node follows it
   * (then nobody does). Throws what the follower threw, or a timeout when it did not answer.
   */
  ask(action: SettleAction, actor: TransferActor, transferId: number): Promise<ActionResultView | null>
  close(): Promise<void>
}

export async function createSettleRelay(
  bus: ClusterBus,
  logger: Logger,
  run: (action: SettleAction, actor: TransferActor, transferId: number) => Promise<ActionResultView>,
): Promise<SettleRelay> {
  const log = logger.child({ module: 'switchboard-settle' })
  const requests = (node: string) => bus.key(`switchboard:settle:${node}`)
  const answers = (node: string) => bus.key(`switchboard:settled:${node}`)
  const waiting = new Map<string, (answer: Answer | null) => void>()

  /** The follower's refusal as the asking node re-throws it (anything but an AppError reads as one). */
  function refusalOf(id: string, err: unknown): Answer {
    const e = err instanceof AppError ? err : new AppError(500, 'internal', 'İşlem yapılamadı.')
    return {
      id,
      ok: false,
      status: e.status,
      code: e.code,
      kind: e.kind,
      message: e.message,
      details: e.details,
    }
  }

  function onRequest(text: string): void {
    const req = parseStored(requestSchema, text)
    if (req === null) return void log.warn('unreadable santral settle request skipped')
    run(req.action, req.actor, req.transferId)
      .then(
        (r): Answer => ({ id: req.id, ok: true, message: r.message, pbxMessage: r.pbxMessage }),
        (err: unknown) => {
          if (!(err instanceof AppError))
            log.error({ err, transferId: req.transferId }, 'santral settle failed')
          return refusalOf(req.id, err)
        },
      )
      .then((answer) => bus.publish(answers(req.from), JSON.stringify(answer)))
      .catch((err: unknown) => log.warn({ err }, 'santral settle answer not sent'))
  }

  function onAnswer(text: string): void {
    const answer = parseStored(answerSchema, text)
    if (answer === null) log.warn('unreadable santral settle answer skipped')
    else waiting.get(answer.id)?.(answer)
  }

  const offs = [
    await bus.subscribe(requests(bus.nodeId), onRequest),
    await bus.subscribe(answers(bus.nodeId), onAnswer),
  ]

  return {
    async ask(action, actor, transferId) {
      const follower = await bus.redis.get(followerKey(bus, transferId))
      if (follower === null || follower === bus.nodeId) return null
      const id = randomUUID()
      const answered = new Promise<Answer | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), ANSWER_TIMEOUT_MS)
        waiting.set(id, (a) => {
          clearTimeout(timer)
          resolve(a)
        })
      })
      try {
        const request = {
          id,
          from: bus.nodeId,
          action,
          transferId,
          actor: { userId: actor.userId, role: actor.role },
        }
        // PUBLISH counts who heard it: nobody means the follower is gone and its lease not yet run out.
        const heard = await bus.redis.publish(requests(follower), JSON.stringify(request))
        if (heard === 0)
          throw new AppError(
            503,
            'follower_gone',
            'Aktarımı izleyen Pano sunucusu kapandı; birkaç saniye içinde başka bir sunucu devralacak. Lütfen yeniden deneyin.',
          )
        const answer = await answered
        if (answer === null)
          throw new AppError(
            504,
            'follower_timeout',
            'Aktarımı izleyen Pano sunucusu zamanında yanıt vermedi; işlemin yapılıp yapılmadığı bilinmiyor, ekrandan kontrol edin.',
          )
        if (answer.ok)
          return { ok: true, message: answer.message, pbxMessage: answer.pbxMessage, transfer: null }
        throw new AppError(answer.status, answer.code, answer.message, {
          kind: answer.kind,
          details: answer.details,
        })
      } finally {
        waiting.delete(id)
      }
    },
    async close() {
      for (const off of offs) await off().catch(() => undefined)
      for (const resolve of waiting.values()) resolve(null)
    },
  }
}

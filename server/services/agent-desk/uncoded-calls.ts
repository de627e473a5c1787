/**
 * The calls an agent answered today and left without a wrap-up code, once they are off the screen
 * (WRAP_UP_SCREEN_MIN in server/contract/agent-desk.ts): a worklist the agent can still code from, so a
 * late wrap-up is never lost nor kept in the way of the live call.
 */
import type { UncodedCall } from '../../contract/agent-desk.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import { formatPhoneTr } from '../../domain/phone.ts'

const LIMIT = 200

export async function uncodedCallsOf(
  prisma: PrismaClient,
  user: { id: number; memberInterfaces: readonly string[] },
  onScreen: ReadonlySet<string>,
  now: Date,
): Promise<UncodedCall[]> {
  const since = istanbulInstant(istanbulDate(now), 0)
  const [rows, queues] = await Promise.all([
    prisma.call.findMany({
      where: {
        enteredAt: { gte: since },
        direction: 'INBOUND',
        outcome: { in: ['ANSWERED', 'TRANSFERRED'] },
        wrapUpCodeId: null,
        OR: [
          { agentUserId: user.id },
          ...(user.memberInterfaces.length === 0
            ? []
            : [{ agentInterface: { in: [...user.memberInterfaces] } }]),
        ],
      },
      orderBy: { endedAt: 'desc' },
      take: LIMIT,
      select: {
        id: true,
        pbxId: true,
        callKey: true,
        queue: true,
        callerNumber: true,
        answeredAt: true,
        endedAt: true,
        talkSec: true,
        tickets: { select: { ticket: { select: { number: true } } } },
      },
    }),
    prisma.queue.findMany({ select: { pbxId: true, name: true, label: true } }),
  ])
  const labels = new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label]))
  return rows
    .filter((r) => !onScreen.has(`${r.pbxId}/${r.callKey}`))
    .map((r) => ({
      popId: `${r.pbxId}/${r.callKey}`,
      callId: r.id,
      callerDisplay:
        r.callerNumber === null || r.callerNumber === ''
          ? 'Gizli numara'
          : r.callerNumber.startsWith('+')
            ? formatPhoneTr(r.callerNumber)
            : r.callerNumber,
      queueLabel: r.queue === null ? '' : (labels.get(`${r.pbxId}/${r.queue}`) ?? 'Kuyruk'),
      answeredAt: r.answeredAt?.toISOString() ?? null,
      endedAt: r.endedAt.toISOString(),
      talkSec: r.talkSec,
      ticketNumbers: r.tickets.map((t) => t.ticket.number),
    }))
}

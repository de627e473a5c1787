/**
 * A müdür's listen / whisper / barge sessions of today, read back from the audit log (the record of
 * who listened to which call, in which mode and for how long), and the Turkish wording of a spy that
 * could not be set up.
 */
import { SPY_MODES, type SpyMode, type SpySessionView } from '../../contract/supervision.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import { istanbulDate, istanbulInstant } from '../../domain/calendar/istanbul-time.ts'
import type { OriginateOutcome, Result } from '../../../telephony/index.ts'
import { AUDIT_ACTIONS } from '../audit/audit-log.ts'
import { originateReasonText, pbxFailureSentence } from '../telephony/control-errors.ts'

export function spyFailureText(result: Result<OriginateOutcome, Error>): string {
  if (result.ok) return originateReasonText(result.value.reason)
  return pbxFailureSentence(result.error)
}

const LIST_LIMIT = 100

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
const text = (v: unknown): string => (typeof v === 'string' ? v : '')

export async function spyLog(
  prisma: PrismaClient,
  actorId: number,
  now: Date,
  /**
   * The sessions in memory, taken before the log is read: one that ends meanwhile has its end row
   * written before it leaves memory, so it is found in one or the other, never in neither.
   */
  live: ReadonlyMap<string, SpySessionView>,
): Promise<SpySessionView[]> {
  const since = istanbulInstant(istanbulDate(now), 0)
  const rows = await prisma.auditLog.findMany({
    where: { actorId, at: { gte: since }, action: { in: [AUDIT_ACTIONS.spyStart, AUDIT_ACTIONS.spyEnd] } },
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: LIST_LIMIT * 2,
  })
  const labels = new Map(
    (await prisma.queue.findMany({ select: { pbxId: true, name: true, label: true } })).map((q) => [
      `${q.pbxId}/${q.name}`,
      q.label,
    ]),
  )
  const ends = new Map<string, { at: Date; detail: Record<string, unknown> }>()
  for (const r of rows)
    if (r.action === AUDIT_ACTIONS.spyEnd)
      ends.set(text(record(r.detail).session), { at: r.at, detail: record(r.detail) })
  const out: SpySessionView[] = []
  for (const r of rows) {
    if (r.action !== AUDIT_ACTIONS.spyStart) continue
    const d = record(r.detail)
    const id = text(d.session)
    const running = live.get(id)
    if (running !== undefined) {
      out.push(running)
      continue
    }
    const end = ends.get(id)
    const mode = SPY_MODES.includes(d.mode as SpyMode) ? (d.mode as SpyMode) : 'listen'
    const pbxId = r.entityId.slice(0, Math.max(0, r.entityId.indexOf('/')))
    const failed = end?.detail.outcome === 'failed'
    out.push({
      id,
      mode,
      state: failed ? 'failed' : 'ended',
      agentName: text(d.agentName),
      agentInterface: text(d.agentInterface),
      queue: text(d.queue),
      queueLabel: labels.get(`${pbxId}/${text(d.queue)}`) ?? text(d.queue),
      callId: r.entityId.slice(pbxId.length + 1),
      startedAt: r.at.toISOString(),
      endedAt: end?.at.toISOString() ?? null,
      durationSec: typeof end?.detail.durationSec === 'number' ? end.detail.durationSec : null,
      detail:
        end === undefined
          ? 'Bitişi kaydedilmedi (sunucu yeniden başladı ya da dinleme başka bir sunucudaydı).'
          : failed
            ? text(end.detail.note) || 'Kurulamadı.'
            : null,
    })
    if (out.length >= LIST_LIMIT) break
  }
  return out
}

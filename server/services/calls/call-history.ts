/**
 * Reading the stored call records back: the recent rows a restarted server rebuilds today's
 * statistics from (since 00:00 Europe/Istanbul, and the hour before it for the 60-minute window at
 * midnight), and today's finished calls for `GET /api/v1/calls`.
 */
import type { Role } from '../../contract/auth.ts'
import type { FinishedCallView } from '../../contract/views.ts'
import { recordingStateOf } from '../recordings/recording-state.ts'
import type { PrismaClient } from '../../db/generated/client.ts'
import type { FinishedCall, PauseInterval } from '../../../telephony/index.ts'
import { finishedCallOf, pauseIntervalOf } from './stored-calls.ts'

/** Stored rows needed to rebuild the windows at `now`: today, and the last 61 minutes. */
export function historyStart(now: number, dayStart: number): Date {
  return new Date(Math.min(dayStart, now - 62 * 60_000))
}

export async function loadRecentRecords(
  prisma: PrismaClient,
  pbxId: string,
  since: Date,
): Promise<{ finishedCalls: FinishedCall[]; pauses: PauseInterval[] }> {
  const [calls, pauses] = await Promise.all([
    prisma.call.findMany({ where: { pbxId, enteredAt: { gte: since } }, orderBy: { endedAt: 'asc' } }),
    prisma.pauseInterval.findMany({
      where: { pbxId, endedAt: { gte: since } },
      orderBy: { endedAt: 'asc' },
    }),
  ])
  return {
    finishedCalls: calls.flatMap((c): FinishedCall[] =>
      c.queue === null || c.outcome === 'NO_ANSWER' || c.outcome === 'FAILED' ? [] : [finishedCallOf(c)],
    ),
    pauses: pauses.map(pauseIntervalOf),
  }
}

export interface FinishedCallPage {
  items: FinishedCallView[]
  total: number
  page: number
  pageSize: number
}

/** Finished calls since `since`, newest first. */
export async function listFinishedCalls(
  prisma: PrismaClient,
  query: {
    since: Date
    page: number
    pageSize: number
    pbxId?: string | undefined
    queue?: string | undefined
    /** Who reads: only roles that may listen are told of recordings. */
    role: Role
  },
): Promise<FinishedCallPage> {
  const where = {
    enteredAt: { gte: query.since },
    ...(query.pbxId === undefined ? {} : { pbxId: query.pbxId }),
    ...(query.queue === undefined ? {} : { queue: query.queue }),
  }
  const [rows, total, queues] = await Promise.all([
    prisma.call.findMany({
      where,
      orderBy: [{ enteredAt: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.call.count({ where }),
    prisma.queue.findMany({ select: { pbxId: true, name: true, label: true } }),
  ])
  const labels = new Map(queues.map((q) => [`${q.pbxId}/${q.name}`, q.label]))
  return {
    items: rows.map((c) => ({
      id: c.id,
      pbxId: c.pbxId,
      linkedId: c.linkedId,
      queue: c.queue,
      queueLabel: c.queue === null ? null : (labels.get(`${c.pbxId}/${c.queue}`) ?? null),
      direction: c.direction,
      outcome: c.outcome,
      callerNumber: c.callerNumber,
      callerName: c.callerName,
      citizenId: c.citizenId,
      agentName: c.agentName,
      agentUserId: c.agentUserId,
      enteredAt: c.enteredAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null,
      endedAt: c.endedAt.toISOString(),
      waitSec: c.waitSec,
      talkSec: c.talkSec,
      transferredTo: c.transferredTo,
      recording: recordingStateOf(c, query.role),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  }
}

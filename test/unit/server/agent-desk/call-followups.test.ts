import { describe, expect, it } from 'vitest'
import pino from 'pino'
import { createCallFollowups } from '../../../../server/services/agent-desk/call-followups.ts'
import type { ServiceDeps } from '../../../../server/services/tickets/service-deps.ts'
import type { PrismaClient } from '../../../../server/db/generated/client.ts'
import type { Actor } from '../../../../server/services/audit/actor.ts'

/** A Call table of one stored row whose citizen update waits until the test lets it finish. */
function fakeCalls() {
  const wrapUps: unknown[] = []
  let releaseCitizenUpdate = () => {}
  let citizenUpdateStarted = () => {}
  const started = new Promise<void>((resolve) => (citizenUpdateStarted = resolve))
  const prisma = {
    call: {
      findUnique: () => Promise.resolve({ id: 7, citizenId: null }),
      update: (args: { data: unknown }) => {
        wrapUps.push(args.data)
        return Promise.resolve({ id: 7 })
      },
      updateMany: () => {
        citizenUpdateStarted()
        return new Promise((done) => (releaseCitizenUpdate = () => done({ count: 1 })))
      },
    },
  } as unknown as PrismaClient
  return { prisma, wrapUps, citizenUpdateStarted: started, release: () => releaseCitizenUpdate() }
}

describe('decisions taken while an earlier one is being written', () => {
  it('keeps a wrap-up that arrives during the citizen update and reports the stored call', async () => {
    const calls = fakeCalls()
    const followups = createCallFollowups({
      services: {} as ServiceDeps,
      prisma: calls.prisma,
      logger: pino({ level: 'silent' }),
      sweepMs: 0,
    })
    const actor = { userId: 1, role: 'agent' } as unknown as Actor
    const first = followups.decide('main', '1700.1', actor, { citizenId: 42 })
    await calls.citizenUpdateStarted
    const second = followups.decide('main', '1700.1', actor, { wrapUp: { codeId: 3, note: 'not' } })
    calls.release()
    expect(await first).toBe(7)
    expect(await second).toBe(7)
    expect(calls.wrapUps).toEqual([{ wrapUpCodeId: 3, wrapUpNote: 'not' }])
    expect(followups.pending()).toBe(0)
    followups.stop()
  })
})

describe('a decision whose write fails', () => {
  it('rejects to its caller only: nothing is left as an unhandled rejection to end the process', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const prisma = {
        call: {
          findUnique: () => Promise.resolve({ id: 7, citizenId: null }),
          update: () => Promise.reject(new Error('invalid byte sequence for encoding "UTF8": 0x00')),
        },
      } as unknown as PrismaClient
      const followups = createCallFollowups({
        services: {} as ServiceDeps,
        prisma,
        logger: pino({ level: 'silent' }),
        sweepMs: 0,
      })
      const actor = { userId: 1, role: 'agent' } as unknown as Actor
      await expect(
        followups.decide('main', '1700.2', actor, { wrapUp: { codeId: 3, note: 'a\u0000b' } }),
      ).rejects.toThrow(/0x00/)
      // Give any stray promise chain the turns it needs to report itself.
      await new Promise((resolve) => setImmediate(resolve))
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      followups.stop()
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

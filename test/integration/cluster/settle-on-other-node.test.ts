/**
 * A santral consult finished or taken back from a node that does not follow it (docs/cluster.md): the
 * operator starts the consult on one node, which follows it; their browser is then on the other node
 * (theirs restarted, or the load balancer moved them). That node's console shows the consult as the
 * follower sees it (the unit answered: "Aktarımı tamamla"), and "tamamla" and "geri al" pressed there
 * are carried out by the follower, with the follower's answer or refusal. Two node processes over one
 * PBX simulator, PostgreSQL and Redis.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SwitchboardCallView, SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import { createPbxSimulator, type PbxSimulator } from '../../../telephony/index.ts'
import {
  simulatorPbx,
  startProcessCluster,
  type NodeProcess,
  type ProcessCluster,
} from '../../support/process-cluster.ts'
import { eventually, get, holderOf, post, signIn, type Session } from '../../support/node-http.ts'
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts'
import { REDIS_URL } from '../realtime/two-nodes-harness.ts'

let db: TestDatabase
let sim: PbxSimulator
let cluster: ProcessCluster
let follower: NodeProcess
let other: NodeProcess
let onFollower: Session
let onOther: Session
/** The callers a test placed: hung up after it, so the next finds santral1's line free. */
const callers: string[] = []

beforeAll(async () => {
  db = await createTestDatabase()
  sim = await createPbxSimulator({ clock: 'real', speed: 1, seed: 47, noise: 'none' })
  cluster = startProcessCluster({ databaseUrl: db.url, redisUrl: REDIS_URL, pbxs: [simulatorPbx(sim)] })
  await cluster.start('A')
  await cluster.start('B')
  const nodes = [...cluster.nodes]
  // The consult is started on the node that holds the PBX and asked about on the one that does not,
  // so the request crosses from a mirror to the follower.
  follower = await holderOf(nodes, await signIn(nodes[0] as NodeProcess, 'admin'))
  other = nodes.find((n) => n !== follower) as NodeProcess
  onFollower = await signIn(follower, 'santral1')
  onOther = await signIn(other, 'santral1')
}, 120_000)

afterEach(() => {
  for (const channel of callers.splice(0)) sim.hangup(channel)
})

afterAll(async () => {
  await cluster?.close()
  await sim?.close()
  await db?.drop()
}, 60_000)

/** santral1 talking to a new caller, then consulting `exten` from the follower: the transfer's id. */
async function consult(exten: string, callerNumber: string): Promise<{ key: string; transferId: number }> {
  const unit = await db.prisma.extension.findFirstOrThrow({ where: { number: exten } })
  const placed = sim.placeCall({
    queue: 'santral',
    callerNumber,
    ringMember: 'Local/3001@operators/n',
    answer: 100,
    talkMs: 120_000,
  })
  callers.push(placed.channel)
  const key = `demo/${placed.linkedid}`
  await eventually(
    () => get<SwitchboardSnapshot>(follower, '/switchboard', onFollower),
    (s) => s.calls.some((c) => c.key === key && c.state === 'talking' && c.transferable),
    'santral1 talking to the caller',
  )
  const res = await post(follower, '/switchboard/transfers', onFollower, {
    call: key,
    extensionId: unit.id,
    kind: 'attended',
  })
  expect(res.status).toBe(200)
  return { key, transferId: ((await res.json()) as { transfer: { id: number } }).transfer.id }
}

const callOf = (s: SwitchboardSnapshot, key: string): SwitchboardCallView | undefined =>
  s.calls.find((c) => c.key === key)

describe('a consult settled from the node that does not follow it', () => {
  it('shows the unit answered there and completes through the follower', { timeout: 90_000 }, async () => {
    sim.setExtensionBehaviour('2002', 'answer', { answerAfterMs: 500, talkMs: 60_000 })
    const { key, transferId } = await consult('2002', '05321114011')

    const seen = await eventually(
      () => get<SwitchboardSnapshot>(other, '/switchboard', onOther),
      (s) => callOf(s, key)?.consult?.answered === true,
      'the answered consult on the other node',
    )
    expect(callOf(seen, key)?.consult).toMatchObject({ transferId })
    // Someone else's hands: another operator is refused in the follower's words.
    const santral2 = await signIn(other, 'santral2')
    const refused = await post(other, `/switchboard/transfers/${transferId}/complete`, santral2)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('not_your_transfer')

    const res = await post(other, `/switchboard/transfers/${transferId}/complete`, onOther)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { message: string }).message).toContain('Aktarım tamamlanıyor')
    const row = await eventually(
      () => db.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } }),
      (t) => t.outcome !== 'PENDING',
      'the completed consult recorded',
    )
    expect(row.outcome).toBe('ANSWERED')
  })

  it('takes a consult nobody answers back through the follower', { timeout: 90_000 }, async () => {
    sim.setExtensionBehaviour('2003', 'never-answer')
    const { key, transferId } = await consult('2003', '05321114012')
    await eventually(
      () => get<SwitchboardSnapshot>(other, '/switchboard', onOther),
      (s) => callOf(s, key)?.consult?.transferId === transferId,
      'the consult on the other node',
    )
    // A second transfer of the same call is refused there too, while the consult runs.
    const unit = await db.prisma.extension.findFirstOrThrow({ where: { number: '2002' } })
    const again = await post(other, '/switchboard/transfers', onOther, {
      call: key,
      extensionId: unit.id,
      kind: 'blind',
    })
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('transfer_running')

    const res = await post(other, `/switchboard/transfers/${transferId}/return`, onOther)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { message: string }).message).toBe('Çağrı geri alındı.')
    const row = await eventually(
      () => db.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } }),
      (t) => t.outcome !== 'PENDING',
      'the consult taken back',
    )
    expect(row.outcome).toBe('RETURNED')
    // Nobody follows it any more: asked again on either node, it is over.
    for (const [node, session] of [
      [other, onOther],
      [follower, onFollower],
    ] as const) {
      const late = await post(node, `/switchboard/transfers/${transferId}/return`, session)
      expect(late.status).toBe(409)
      expect(((await late.json()) as { error: { code: string } }).error.code).toBe('transfer_not_open')
    }
  })

  it(
    'says at once that the follower is gone, then takes the consult back once the other node follows it',
    { timeout: 90_000 },
    async () => {
      sim.setExtensionBehaviour('2004', 'never-answer')
      const { transferId } = await consult('2004', '05321114013')
      await cluster.kill(follower, 'SIGKILL')
      // Its lease still names it for a few seconds: nobody is there to ask, and the operator is told so.
      const gone = await post(other, `/switchboard/transfers/${transferId}/return`, onOther)
      expect(gone.status).toBe(503)
      const refusal = (await gone.json()) as { error: { code: string; message: string } }
      expect(refusal.error.code).toBe('follower_gone')
      expect(refusal.error.message).toContain('yeniden deneyin')
      // Once the lease runs out the other node follows the consult, and takes it back when asked again.
      const taken = await eventually(
        () => post(other, `/switchboard/transfers/${transferId}/return`, onOther),
        (r) => r.status === 200,
        'the consult taken back on the surviving node',
      )
      expect(((await taken.json()) as { message: string }).message).toBe('Çağrı geri alındı.')
      const row = await eventually(
        () => db.prisma.transfer.findUniqueOrThrow({ where: { id: transferId } }),
        (t) => t.outcome !== 'PENDING',
        'the consult taken back',
      )
      expect(row.outcome).toBe('RETURNED')
    },
  )
})

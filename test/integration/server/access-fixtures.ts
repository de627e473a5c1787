/**
 * What the access table (access-table.test.ts) acts on: the whole app with the demo data and a PBX
 * simulator, one signed-in demo user per role and a colleague of each, and fresh targets made on demand
 * (so one role's change never decides the next role's answer): tickets at the caller's unit or another
 * unit, stored calls of the caller or a colleague (desk pops), callbacks, and on the santral console
 * calls waiting or answered, consults and alerts started by one operator or another.
 */
import { pino } from 'pino'
import { ROLES, type Role } from '../../../server/contract/auth.ts'
import type { SwitchboardSnapshot } from '../../../server/contract/switchboard.ts'
import type { Actor } from '../../../server/services/audit/actor.ts'
import { answerTicket } from '../../../server/services/tickets/ticket-actions.ts'
import { createTicket } from '../../../server/services/tickets/ticket-create.ts'
import { createServiceDeps, type ServiceDeps } from '../../../server/services/tickets/service-deps.ts'
import { startLivePano, until, type LivePano } from '../realtime/live-harness.ts'

/** The demo user who plays each role, and a colleague in the same role (another unit for `unit`). */
export const ME: Record<Role, string> = {
  agent: 'agent4',
  operator: 'santral1',
  unit: 'fen',
  supervisor: 'mudur',
  admin: 'admin',
  kvkk: 'kvkk',
}
const COLLEAGUES = ['agent2', 'santral2', 'zabita'] as const

export type Operator = 'santral1' | 'santral2'

export interface Session {
  cookie: string
  csrfToken: string
  userId: number
}

export interface Fixtures {
  live: LivePano
  /** Signed in once for the whole table. */
  session(username: string): Session
  /** A new session (for sign-out, sign-in). */
  freshSession(username: string): Promise<Session>
  userId(username: string): number
  actor(role: Role): Actor
  hatice: number
  units: { fen: number; zabita: number }
  extensionId: (number: string) => number
  wrapUpCodeId: number
  deps: ServiceDeps
  ticketAt(unit: 'fen' | 'zabita' | null): Promise<number>
  answeredTicket(): Promise<number>
  infoRequest(): Promise<number>
  citizen(): Promise<number>
  storedCall(agentUsername: string): Promise<{ id: number; popId: string }>
  callback(unit: 'fen' | 'zabita' | null): Promise<number>
  kioskToken(): Promise<number>
  /** A santral caller waiting in the queue (nobody holds the call): its console key. */
  waitingSwitchboardCall(): Promise<string>
  /** A call-centre call an agent answered: its key (not the console's). */
  callCentreCall(): Promise<string>
  /** A consult (attended transfer to a unit that never answers) started by this operator. */
  consult(operator: Operator): Promise<{ transferId: number; channel: string }>
  /** An alert for this operator's consult (the caller hung up while the unit rang). */
  alert(operator: Operator): Promise<number>
  close(): Promise<void>
}

async function signIn(url: string, username: string): Promise<Session> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  })
  if (res.status !== 204) throw new Error(`sign-in as ${username}: ${res.status}`)
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('pano_session='))
    ?.split(';')[0]
  if (cookie === undefined) throw new Error('no session cookie')
  const me = (await (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie } })).json()) as {
    csrfToken: string
    id: number
  }
  return { cookie, csrfToken: me.csrfToken, userId: me.id }
}

export async function createFixtures(): Promise<Fixtures> {
  const live = await startLivePano()
  const { prisma } = live.pano
  const url = live.pano.url
  const deps = createServiceDeps({ prisma, logger: pino({ level: 'silent' }) })
  const sessions = new Map<string, Session>()
  for (const username of [...Object.values(ME), ...COLLEAGUES])
    sessions.set(username, await signIn(url, username))
  const users = new Map((await prisma.user.findMany()).map((u) => [u.username, u]))
  const unitId = async (code: string) => (await prisma.unit.findUniqueOrThrow({ where: { code } })).id
  const units = { fen: await unitId('fen-isleri'), zabita: await unitId('zabita') }
  const extensions = new Map((await prisma.extension.findMany()).map((e) => [e.number, e.id]))
  const hatice = (await prisma.citizen.findFirstOrThrow({ where: { fullName: 'Hatice Arslan' } })).id
  const wrapUpCodeId = (await prisma.wrapUpCode.findFirstOrThrow({ where: { active: true } })).id
  const pbxId = live.telephony.calls()[0]?.pbxId ?? [...live.telephony.pbxs.keys()][0] ?? 'demo'
  const userId = (username: string) => {
    const u = users.get(username)
    if (u === undefined) throw new Error(`no demo user ${username}`)
    return u.id
  }
  const actor = (role: Role): Actor => ({
    userId: userId(ME[role]),
    role,
    unitId: role === 'unit' ? units.fen : null,
    ip: '127.0.0.1',
  })
  const ticketBody = {
    type: 'ISTEK',
    channel: 'CAGRI_MERKEZI',
    subject: 'Kaldırım',
    description: 'Bostanlı',
  } as const
  let seq = 0
  let callerSeq = 0
  const nextCaller = () => `0532777${String(1000 + ++callerSeq).slice(-4)}`
  live.sim.setExtensionBehaviour('2004', 'never-answer')

  const post = async (username: string, path: string, body: unknown) => {
    const s = sessions.get(username)
    if (s === undefined) throw new Error(`no session for ${username}`)
    const res = await fetch(`${url}/api/v1${path}`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const consoleNow = (): SwitchboardSnapshot => {
    const sb = live.pano.switchboard
    if (sb === null) throw new Error('no switchboard')
    return sb.snapshot()
  }
  const placed = (number: string) => {
    const e164 = `+90${number.slice(1)}`
    return until(
      () => live.telephony.calls().find((c) => c.callerNumber === e164),
      (c) => c !== undefined,
      `the call from ${number}`,
    )
  }

  /** The caller each operator is on now (one at a time: a busy member is not rung by the PBX). */
  const current = new Map<Operator, string>()
  const EXTENSION: Record<Operator, string> = { santral1: '3001', santral2: '3002' }

  /** Ends whatever the operator is on (the caller, a consult leg), and waits until the line is free. */
  async function freeLine(operator: Operator): Promise<void> {
    const prefix = `Local/${EXTENSION[operator]}@operators`
    const caller = current.get(operator)
    if (caller !== undefined) live.sim.hangup(caller)
    current.delete(operator)
    for (const ch of live.sim.channels()) if (ch.startsWith(prefix)) live.sim.hangup(ch)
    await until(
      () =>
        live.sim.channels().some((ch) => ch.startsWith(prefix)) ||
        consoleNow().calls.some((c) => c.holderUserId === userId(operator)),
      (busy) => !busy,
      `${operator}'s line to be free`,
    )
  }

  async function answeredBy(operator: Operator) {
    await freeLine(operator)
    const number = nextCaller()
    const call = live.sim.placeCall({
      queue: 'santral',
      callerNumber: number,
      ringMember: `Local/${EXTENSION[operator]}@operators/n`,
      answer: 100,
      talkMs: 600_000,
    })
    current.set(operator, call.channel)
    await until(
      () => consoleNow().calls.find((c) => c.callId === call.linkedid),
      (c) => c?.state === 'talking' && c.holderUserId === userId(operator),
      `${operator} talking`,
    )
    return { key: `${pbxId}/${call.linkedid}`, linkedid: call.linkedid, channel: call.channel }
  }

  async function consult(operator: Operator) {
    const call = await answeredBy(operator)
    const res = await post(operator, '/switchboard/transfers', {
      call: call.key,
      extensionId: extensions.get('2004'),
      kind: 'attended',
    })
    if (res.status !== 200)
      throw new Error(`consult by ${operator}: ${res.status} ${JSON.stringify(res.body)}`)
    return { transferId: (res.body['transfer'] as { id: number }).id, channel: call.channel }
  }

  return {
    live,
    session: (username) => {
      const s = sessions.get(username)
      if (s === undefined) throw new Error(`no session for ${username}`)
      return s
    },
    freshSession: (username) => signIn(url, username),
    userId,
    actor,
    hatice,
    units,
    extensionId: (number) => {
      const id = extensions.get(number)
      if (id === undefined) throw new Error(`no extension ${number}`)
      return id
    },
    wrapUpCodeId,
    deps,
    async ticketAt(unit) {
      const unitIdOf = unit === null ? {} : { unitId: units[unit] }
      return (await createTicket(deps, actor('agent'), { ...ticketBody, citizenId: hatice, ...unitIdOf })).id
    },
    async answeredTicket() {
      const id = (await createTicket(deps, actor('agent'), { ...ticketBody, unitId: units.fen })).id
      await answerTicket(deps, actor('unit'), id, { answer: 'Onarıldı.' })
      return id
    },
    async infoRequest() {
      const created = await createTicket(deps, actor('agent'), {
        type: 'BILGI_EDINME',
        channel: 'EPOSTA',
        subject: 'Bütçe',
        description: 'x',
      })
      return created.id
    },
    async citizen() {
      const row = await prisma.citizen.create({ data: { fullName: `Deneme Vatandaş ${++seq}` } })
      return row.id
    },
    async storedCall(agentUsername) {
      const callKey = `access-${++seq}`
      const at = new Date(Date.now() - 120_000)
      const row = await prisma.call.create({
        data: {
          pbxId,
          callKey,
          linkedId: callKey,
          direction: 'INBOUND',
          queue: 'cagri-merkezi',
          callerNumber: '+905321112233',
          agentUserId: userId(agentUsername),
          enteredAt: at,
          answeredAt: new Date(at.getTime() + 5_000),
          endedAt: new Date(at.getTime() + 60_000),
          waitSec: 5,
          talkSec: 55,
          outcome: 'ANSWERED',
        },
      })
      return { id: row.id, popId: `${pbxId}/${callKey}` }
    },
    async callback(unit) {
      const now = new Date()
      const row = await prisma.callback.create({
        data: {
          phoneE164: '+905321112233',
          reason: unit === null ? 'ABANDONED' : 'TRANSFER_UNANSWERED',
          unitId: unit === null ? null : units[unit],
          dueAt: now,
          firstCallAt: now,
          lastCallAt: now,
        },
      })
      return row.id
    },
    async kioskToken() {
      return (await live.kioskToken(['queues'])).id
    },
    async waitingSwitchboardCall() {
      const number = nextCaller()
      const call = live.sim.placeCall({ queue: 'santral', callerNumber: number, answer: false })
      await until(
        () => consoleNow().calls.find((c) => c.callId === call.linkedid),
        (c) => c !== undefined && c.transferable && (c.state === 'waiting' || c.state === 'ringing'),
        'a caller waiting on the console',
      )
      return `${pbxId}/${call.linkedid}`
    },
    async callCentreCall() {
      const number = nextCaller()
      live.sim.placeCall({
        queue: 'cagri-merkezi',
        callerNumber: number,
        ringMember: 'Local/1001@agents/n',
        answer: 100,
        talkMs: 600_000,
      })
      const call = await until(
        () => live.telephony.calls().find((c) => c.callerNumber === `+90${number.slice(1)}`),
        (c) => c?.answeredAt != null,
        'the agent answering',
      )
      await placed(number)
      return `${call?.pbxId ?? pbxId}/${call?.callId ?? ''}`
    },
    consult,
    async alert(operator) {
      const { transferId, channel } = await consult(operator)
      live.sim.hangup(channel)
      await until(
        () => consoleNow().alerts.find((a) => a.transferId === transferId),
        (a) => a !== undefined,
        'the alert',
      )
      return transferId
    },
    close: () => live.close(),
  }
}

export { ROLES }

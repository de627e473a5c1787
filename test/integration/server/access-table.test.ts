/**
 * ONE table of who may do what (docs/design.md §2.8): every HTTP route the app registers and every socket event
 * it handles × every role (agent, operator, unit, supervisor/müdür, admin) and anonymous × whose target
 * it is (the caller's own, or someone else's), with the status each must get, asserted against the whole
 * running app (real PostgreSQL, the PBX simulator over AMI). The table is written by hand, not read
 * from the guards, and must be complete: a route or socket event missing from it fails the test.
 *
 * A denied role gets 403 and anonymous 401 on every row; `ok` says what an allowed caller gets — a
 * success, or the refusal of a service rule that is part of the access decision (an operator's consult
 * completed by a colleague, a unit's ticket at another unit: 403). Rows whose body is an admin form use
 * an empty body: 400 proves the guard let the admin through to the form's rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../../server/contract/auth.ts'
import { listRoutes } from '../../../server/http/route-inventory.ts'
import { openTestSocket, type TestSocket } from '../realtime/live-harness.ts'
import { createFixtures, ME, ROLES, type Fixtures, type Operator, type Session } from './access-fixtures.ts'

type Who = Role | 'anonymous'
type Whose = 'own' | 'other'
interface Req {
  path: string
  body?: unknown
  /** Sent with a new session of the role (sign-out and sign-in end the session they are sent with). */
  fresh?: true
}
interface Row {
  allow: readonly Role[] | 'public'
  /** The request; for an `owned` row it is built for the caller's own target, then for another's. */
  req: (who: Who, whose: Whose) => Promise<Req> | Req
  /** What an allowed caller gets (for public rows, anonymous too). */
  ok: number | ((who: Who, whose: Whose) => number)
  owned?: true
}

const EVERYONE = ROLES
/** The directorate's staff: everyone but the data officer, who sees Yönetim › KVKK only. */
const STAFF: Role[] = ROLES.filter((r) => r !== 'kvkk')
const DIRECTORATE: Role[] = ['agent', 'operator', 'supervisor', 'admin']
const ANSWERING: Role[] = ['unit', 'supervisor', 'admin']
const SUPERVISION: Role[] = ['supervisor', 'admin']
const DESK: Role[] = ['agent', 'supervisor']
const SANTRAL: Role[] = ['operator', 'supervisor']
const ADMIN: Role[] = ['admin']
const KVKK: Role[] = ['admin', 'kvkk']
const RECORDING: Role[] = ['supervisor', 'kvkk']
/** Unit staff act on their own unit only; everyone else the rule lets through acts on any. */
const unitOwn = (status: number) => (who: Who, whose: Whose) =>
  who === 'unit' && whose === 'other' ? 403 : status
/** Only the operator who started it; a supervisor on anyone's. */
const starterOnly = (status: number) => (who: Who, whose: Whose) =>
  who === 'operator' && whose === 'other' ? 403 : status
const mine = (status: number) => (_who: Who, whose: Whose) => (whose === 'other' ? 403 : status)

let f: Fixtures

/** The operator whose consult it is: the caller's own (santral1 plays `operator`) or a colleague's. */
const operatorOf = (whose: Whose): Operator => (whose === 'own' ? 'santral1' : 'santral2')
const santral = (who: Who) => who === 'operator' || who === 'supervisor'
const ticketFor = (whose: Whose) => f.ticketAt(whose === 'own' ? 'fen' : 'zabita')
const callerOf = (who: Who) => (who === 'anonymous' ? 'agent4' : ME[who])

const TABLE: Record<string, Row> = {
  'GET /api/v1/health': { allow: 'public', req: () => ({ path: '/health' }), ok: 200 },
  'POST /api/v1/auth/login': {
    allow: 'public',
    req: () => ({ path: '/auth/login', body: { username: 'agent5', password: 'demo' }, fresh: true }),
    ok: 204,
  },
  'POST /api/v1/auth/logout': {
    allow: EVERYONE,
    req: () => ({ path: '/auth/logout', fresh: true }),
    ok: 204,
  },
  'GET /api/v1/auth/me': { allow: EVERYONE, req: () => ({ path: '/auth/me' }), ok: 200 },
  'POST /api/v1/auth/password': {
    allow: EVERYONE,
    req: () => ({
      path: '/auth/password',
      body: { currentPassword: 'yanlis-parola', newPassword: 'Pano-Yeni-Parola-73' },
    }),
    ok: 400,
  },
  'GET /api/v1/users': { allow: ADMIN, req: () => ({ path: '/users' }), ok: 200 },
  'GET /api/v1/users/:id': { allow: ADMIN, req: () => ({ path: `/users/${f.userId('agent5')}` }), ok: 200 },
  'POST /api/v1/users': { allow: ADMIN, req: () => ({ path: '/users', body: {} }), ok: 400 },
  'PATCH /api/v1/users/:id': {
    allow: ADMIN,
    req: () => ({ path: `/users/${f.userId('agent5')}`, body: { fullName: 'Gülşen Doğan' } }),
    ok: 200,
  },
  'GET /api/v1/messaging/channels': {
    allow: SUPERVISION,
    req: () => ({ path: '/messaging/channels' }),
    ok: 200,
  },
  'GET /api/v1/messages': { allow: SUPERVISION, req: () => ({ path: '/messages' }), ok: 200 },
  'GET /api/v1/message-templates': { allow: ADMIN, req: () => ({ path: '/message-templates' }), ok: 200 },
  'PUT /api/v1/message-templates/:key/:channel': {
    allow: ADMIN,
    req: () => ({ path: '/message-templates/receipt/EMAIL', body: {} }),
    ok: 400,
  },
  'POST /api/v1/message-templates/preview': {
    allow: ADMIN,
    req: () => ({ path: '/message-templates/preview', body: {} }),
    ok: 400,
  },
  // The WhatsApp Cloud API's webhook: Meta's servers, no session; the verify token and the signature guard it.
  'GET /api/v1/webhooks/whatsapp': { allow: 'public', req: () => ({ path: '/webhooks/whatsapp' }), ok: 403 },
  'POST /api/v1/webhooks/whatsapp': {
    allow: 'public',
    req: () => ({ path: '/webhooks/whatsapp', body: {} }),
    ok: 404,
  },
  'GET /api/v1/kvkk/access-log': { allow: KVKK, req: () => ({ path: '/kvkk/access-log' }), ok: 200 },
  'GET /api/v1/kvkk/users': { allow: KVKK, req: () => ({ path: '/kvkk/users' }), ok: 200 },
  'GET /api/v1/kvkk/citizens': { allow: KVKK, req: () => ({ path: '/kvkk/citizens?q=Hatice' }), ok: 200 },
  'GET /api/v1/kvkk/citizens/:id/export': {
    allow: KVKK,
    req: () => ({ path: '/kvkk/citizens/999999/export' }),
    ok: 404,
  },
  'POST /api/v1/kvkk/citizens/:id/erase': {
    allow: KVKK,
    req: () => ({ path: '/kvkk/citizens/999999/erase', body: {} }),
    ok: 400,
  },
  'GET /api/v1/kvkk/retention': { allow: KVKK, req: () => ({ path: '/kvkk/retention' }), ok: 200 },
  'PUT /api/v1/kvkk/retention': { allow: KVKK, req: () => ({ path: '/kvkk/retention', body: {} }), ok: 400 },
  'POST /api/v1/kvkk/retention/run': {
    allow: KVKK,
    req: () => ({ path: '/kvkk/retention/run', body: {} }),
    ok: 200,
  },
  // Unit reminders and escalations now (docs/messaging.md §8); e-mail is not configured here, so the
  // müdür and admins pass the guard and get its 409 ("e-posta kanalı yapılandırılmamış").
  'POST /api/v1/unit-alerts/run': {
    allow: SUPERVISION,
    req: () => ({ path: '/unit-alerts/run', body: {} }),
    ok: 409,
  },
  // The citizens' form (/basvuru): no sign-in; its own limits guard it (docs/intake.md).
  'GET /api/v1/public/form': { allow: 'public', req: () => ({ path: '/public/form' }), ok: 200 },
  'GET /api/v1/public/challenge': { allow: 'public', req: () => ({ path: '/public/challenge' }), ok: 200 },
  'POST /api/v1/public/applications': {
    allow: 'public',
    req: () => ({ path: '/public/applications', body: {} }),
    ok: 400,
  },
  'POST /api/v1/public/status': {
    allow: 'public',
    req: () => ({ path: '/public/status', body: {} }),
    ok: 400,
  },
  'GET /api/v1/intake/items': { allow: DIRECTORATE, req: () => ({ path: '/intake/items' }), ok: 200 },
  // Talepler › Gelen kutusu as one list: web, e-mail and WhatsApp (server/services/intake/one-inbox.ts).
  'GET /api/v1/intake/inbox': { allow: DIRECTORATE, req: () => ({ path: '/intake/inbox' }), ok: 200 },
  'GET /api/v1/intake/items/:id': {
    allow: DIRECTORATE,
    req: () => ({ path: '/intake/items/999999' }),
    ok: 404,
  },
  'POST /api/v1/intake/items/:id/claim': {
    allow: DIRECTORATE,
    req: () => ({ path: '/intake/items/999999/claim', body: {} }),
    ok: 404,
  },
  'POST /api/v1/intake/items/:id/release': {
    allow: DIRECTORATE,
    req: () => ({ path: '/intake/items/999999/release', body: {} }),
    ok: 404,
  },
  'POST /api/v1/intake/items/:id/accept': {
    allow: DIRECTORATE,
    req: () => ({ path: '/intake/items/999999/accept', body: {} }),
    ok: 404,
  },
  'POST /api/v1/intake/items/:id/spam': {
    allow: DIRECTORATE,
    req: () => ({ path: '/intake/items/999999/spam', body: {} }),
    ok: 404,
  },
  'GET /api/v1/intake/tickets/:id/attachments': {
    allow: STAFF,
    req: () => ({ path: '/intake/tickets/999999/attachments' }),
    ok: 404,
  },
  'GET /api/v1/intake/attachments/:id': {
    allow: STAFF,
    req: () => ({ path: '/intake/attachments/999999' }),
    ok: 404,
  },
  'GET /api/v1/intake/mailbox': { allow: SUPERVISION, req: () => ({ path: '/intake/mailbox' }), ok: 200 },
  'GET /api/v1/intake/public-form': {
    allow: SUPERVISION,
    req: () => ({ path: '/intake/public-form' }),
    ok: 200,
  },
  // Talepler › WhatsApp (docs/intake.md §9): the directorate's conversations; counts for leads; demo only.
  'GET /api/v1/whatsapp/conversations': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations' }),
    ok: 200,
  },
  'GET /api/v1/whatsapp/conversations/:id': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations/999999' }),
    ok: 404,
  },
  'POST /api/v1/whatsapp/conversations/:id/claim': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations/999999/claim', body: {} }),
    ok: 404,
  },
  'POST /api/v1/whatsapp/conversations/:id/release': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations/999999/release', body: {} }),
    ok: 404,
  },
  'POST /api/v1/whatsapp/conversations/:id/reply': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations/999999/reply', body: {} }),
    ok: 404,
  },
  'POST /api/v1/whatsapp/conversations/:id/ticket': {
    allow: DIRECTORATE,
    req: () => ({ path: '/whatsapp/conversations/999999/ticket', body: {} }),
    ok: 400,
  },
  // Also whoever sees the ticket the message became (its Ekler); other files stay the directorate's.
  'GET /api/v1/whatsapp/media/:id': {
    allow: STAFF,
    req: () => ({ path: '/whatsapp/media/999999' }),
    ok: 404,
  },
  'GET /api/v1/whatsapp/status': { allow: SUPERVISION, req: () => ({ path: '/whatsapp/status' }), ok: 200 },
  'POST /api/v1/whatsapp/demo/inbound': {
    allow: SUPERVISION,
    req: () => ({ path: '/whatsapp/demo/inbound', body: {} }),
    ok: 404,
  },
  'GET /api/v1/api-tokens': { allow: ADMIN, req: () => ({ path: '/api-tokens' }), ok: 200 },
  'POST /api/v1/api-tokens': { allow: ADMIN, req: () => ({ path: '/api-tokens', body: {} }), ok: 400 },
  'DELETE /api/v1/api-tokens/:id': { allow: ADMIN, req: () => ({ path: '/api-tokens/999999' }), ok: 404 },
  'GET /api/v1/pbx-setup': { allow: ADMIN, req: () => ({ path: '/pbx-setup' }), ok: 200 },
  'PUT /api/v1/pbx-setup/queues/:pbxId/:name': {
    allow: ADMIN,
    req: () => ({ path: '/pbx-setup/queues/demo/cagri-merkezi', body: {} }),
    ok: 400,
  },
  // An admin reaches the action; a PBX Pano does not watch is 404 (the demo PBX stays connected).
  'POST /api/v1/pbx-setup/:pbxId/reconnect': {
    allow: ADMIN,
    req: () => ({ path: '/pbx-setup/yok/reconnect' }),
    ok: 404,
  },
  'GET /api/v1/holidays': { allow: SUPERVISION, req: () => ({ path: '/holidays' }), ok: 200 },
  'PUT /api/v1/holidays/:date': {
    allow: ADMIN,
    req: () => ({ path: '/holidays/2031-01-02', body: {} }),
    ok: 400,
  },
  'DELETE /api/v1/holidays/:date': { allow: ADMIN, req: () => ({ path: '/holidays/2031-01-03' }), ok: 404 },
  'POST /api/v1/holidays/fixed/:year': {
    allow: ADMIN,
    req: () => ({ path: '/holidays/fixed/2031' }),
    ok: 200,
  },
  'GET /api/v1/office-hours': { allow: EVERYONE, req: () => ({ path: '/office-hours' }), ok: 200 },
  'PUT /api/v1/office-hours': { allow: ADMIN, req: () => ({ path: '/office-hours', body: {} }), ok: 400 },
  'GET /api/v1/calendar-warnings': { allow: EVERYONE, req: () => ({ path: '/calendar-warnings' }), ok: 200 },
  'GET /api/v1/citizens': { allow: DIRECTORATE, req: () => ({ path: '/citizens?q=hatice' }), ok: 200 },
  'POST /api/v1/citizens': {
    allow: DIRECTORATE,
    req: () => ({
      path: '/citizens',
      body: { fullName: 'Yeni Vatandaş', phones: [{ number: '0555 111 22 33' }] },
    }),
    ok: 201,
  },
  'GET /api/v1/citizens/:id': { allow: DIRECTORATE, req: () => ({ path: `/citizens/${f.hatice}` }), ok: 200 },
  'PATCH /api/v1/citizens/:id': {
    allow: DIRECTORATE,
    req: async () => ({ path: `/citizens/${await f.citizen()}`, body: { mahalle: 'Bostanlı' } }),
    ok: 200,
  },
  'POST /api/v1/citizens/:id/merge': {
    allow: ['agent', 'supervisor', 'admin'],
    req: async () => ({
      path: `/citizens/${await f.citizen()}/merge`,
      body: { duplicateId: await f.citizen() },
    }),
    ok: 200,
  },
  'GET /api/v1/citizens/:id/tickets': {
    allow: DIRECTORATE,
    req: () => ({ path: `/citizens/${f.hatice}/tickets` }),
    ok: 200,
  },
  'GET /api/v1/tickets': { allow: STAFF, req: () => ({ path: '/tickets' }), ok: 200 },
  'GET /api/v1/tickets/due-preview': {
    allow: DIRECTORATE,
    req: () => ({ path: '/tickets/due-preview?channel=CIMER&type=SIKAYET' }),
    ok: 200,
  },
  'POST /api/v1/tickets': {
    allow: DIRECTORATE,
    req: () => ({
      path: '/tickets',
      body: { type: 'ISTEK', channel: 'CAGRI_MERKEZI', subject: 'Çukur', description: 'Okul önü' },
    }),
    ok: 201,
  },
  'GET /api/v1/tickets/:id': {
    allow: STAFF,
    owned: true,
    req: async (_who, whose) => ({ path: `/tickets/${await ticketFor(whose)}` }),
    ok: unitOwn(200),
  },
  'GET /api/v1/tickets/:id/messages.csv': {
    allow: STAFF,
    owned: true,
    req: async (_who, whose) => ({ path: `/tickets/${await ticketFor(whose)}/messages.csv` }),
    ok: unitOwn(200),
  },
  'POST /api/v1/tickets/:id/transition': {
    allow: STAFF,
    owned: true,
    req: async (_who, whose) => ({
      path: `/tickets/${await ticketFor(whose)}/transition`,
      body: { to: 'ISLEMDE' },
    }),
    // Accepting a ticket is the unit's (or the directorate's management's) step.
    ok: (who, whose) => (who === 'agent' || who === 'operator' ? 403 : unitOwn(200)(who, whose)),
  },
  'POST /api/v1/tickets/:id/route': {
    allow: DIRECTORATE,
    req: async () => ({ path: `/tickets/${await f.ticketAt(null)}/route`, body: { unitId: f.units.fen } }),
    ok: 200,
  },
  'POST /api/v1/tickets/:id/answer': {
    allow: ANSWERING,
    owned: true,
    req: async (_who, whose) => ({
      path: `/tickets/${await ticketFor(whose)}/answer`,
      body: { answer: 'Onarıldı.' },
    }),
    ok: unitOwn(200),
  },
  'POST /api/v1/tickets/:id/return': {
    allow: ANSWERING,
    owned: true,
    req: async (_who, whose) => ({
      path: `/tickets/${await ticketFor(whose)}/return`,
      body: { reason: 'Bizim değil' },
    }),
    ok: unitOwn(200),
  },
  'POST /api/v1/tickets/:id/notify': {
    allow: DIRECTORATE,
    req: async () => ({ path: `/tickets/${await f.answeredTicket()}/notify`, body: { outcome: 'ULASILDI' } }),
    ok: 200,
  },
  'POST /api/v1/tickets/:id/notify-written': {
    allow: DIRECTORATE,
    req: async () => ({ path: `/tickets/${await f.answeredTicket()}/notify-written`, body: {} }),
    ok: 400,
  },
  'POST /api/v1/tickets/:id/extend': {
    allow: ['agent', 'supervisor', 'admin'],
    req: async () => ({
      path: `/tickets/${await f.infoRequest()}/extend`,
      body: { reason: 'Başka birimden bilgi' },
    }),
    ok: 200,
  },
  'POST /api/v1/tickets/:id/comments': {
    allow: STAFF,
    owned: true,
    req: async (_who, whose) => ({
      path: `/tickets/${await ticketFor(whose)}/comments`,
      body: { text: 'Not' },
    }),
    ok: unitOwn(200),
  },
  'POST /api/v1/tickets/:id/calls': {
    allow: DIRECTORATE,
    req: async () => ({
      path: `/tickets/${await f.ticketAt('fen')}/calls`,
      body: { callId: (await f.storedCall('agent1')).id },
    }),
    ok: 200,
  },
  'GET /api/v1/units': { allow: STAFF, req: () => ({ path: '/units' }), ok: 200 },
  'GET /api/v1/worklists/notify': { allow: DIRECTORATE, req: () => ({ path: '/worklists/notify' }), ok: 200 },
  'GET /api/v1/worklists/missed-calls': {
    allow: DIRECTORATE,
    req: () => ({ path: '/worklists/missed-calls' }),
    ok: 200,
  },
  'POST /api/v1/worklists/missed-calls/:id/attempts': {
    allow: DIRECTORATE,
    req: async () => ({
      path: `/worklists/missed-calls/${await f.callback(null)}/attempts`,
      body: { outcome: 'ULASILAMADI' },
    }),
    ok: 201,
  },
  'GET /api/v1/worklists/unit-callbacks': {
    allow: ANSWERING,
    req: () => ({ path: '/worklists/unit-callbacks' }),
    ok: 200,
  },
  'POST /api/v1/worklists/unit-callbacks/:id/reveal': {
    allow: ANSWERING,
    owned: true,
    req: async (_who, whose) => ({
      path: `/worklists/unit-callbacks/${await f.callback(whose === 'own' ? 'fen' : 'zabita')}/reveal`,
    }),
    ok: unitOwn(200),
  },
  'POST /api/v1/worklists/unit-callbacks/:id/attempts': {
    allow: ANSWERING,
    owned: true,
    req: async (_who, whose) => ({
      path: `/worklists/unit-callbacks/${await f.callback(whose === 'own' ? 'fen' : 'zabita')}/attempts`,
      body: { outcome: 'ULASILAMADI' },
    }),
    ok: unitOwn(201),
  },
  'GET /api/v1/queues': {
    allow: ['agent', 'operator', 'supervisor', 'admin'],
    req: () => ({ path: '/queues' }),
    ok: 200,
  },
  'GET /api/v1/agents': { allow: SUPERVISION, req: () => ({ path: '/agents' }), ok: 200 },
  'POST /api/v1/agents/pause': {
    allow: ['supervisor'],
    req: () => ({
      path: '/agents/pause',
      body: { interface: 'Local/1005@agents/n', paused: true, reason: 'Serbest metin' },
    }),
    ok: 400,
  },
  'GET /api/v1/calls': { allow: SUPERVISION, req: () => ({ path: '/calls' }), ok: 200 },
  // The müdür and the data officer only (docs/recordings.md §3); this call has no recording, so an allowed
  // caller reaches the service's 404 (recording_none). Playing a file: test/integration/calls/recordings.test.ts.
  'GET /api/v1/calls/:id/recording': {
    allow: RECORDING,
    req: async () => ({ path: `/calls/${(await f.storedCall('agent1')).id}/recording` }),
    ok: 404,
  },
  'GET /api/v1/kiosk-tokens': { allow: SUPERVISION, req: () => ({ path: '/kiosk-tokens' }), ok: 200 },
  'POST /api/v1/kiosk-tokens': {
    allow: SUPERVISION,
    req: () => ({ path: '/kiosk-tokens', body: { label: 'Koridor', boards: ['queues'] } }),
    ok: 201,
  },
  'DELETE /api/v1/kiosk-tokens/:id': {
    allow: SUPERVISION,
    req: async () => ({ path: `/kiosk-tokens/${await f.kioskToken()}` }),
    ok: 200,
  },
  'GET /api/v1/pause-reasons': { allow: SUPERVISION, req: () => ({ path: '/pause-reasons' }), ok: 200 },
  'GET /api/v1/queue-thresholds': { allow: SUPERVISION, req: () => ({ path: '/queue-thresholds' }), ok: 200 },
  'PUT /api/v1/queue-thresholds/:id': {
    allow: ADMIN,
    req: () => ({ path: '/queue-thresholds/1', body: {} }),
    ok: 400,
  },
  'GET /api/v1/queue-alert-rules': {
    allow: SUPERVISION,
    req: () => ({ path: '/queue-alert-rules' }),
    ok: 200,
  },
  'PUT /api/v1/queue-alert-rules/:queueId': {
    allow: ADMIN,
    req: () => ({ path: '/queue-alert-rules/1', body: {} }),
    ok: 400,
  },
  'GET /api/v1/queue-alerts': { allow: SUPERVISION, req: () => ({ path: '/queue-alerts' }), ok: 200 },
  'GET /api/v1/desk/me': { allow: DESK, req: () => ({ path: '/desk/me' }), ok: 200 },
  'POST /api/v1/desk/pause': {
    allow: DESK,
    req: () => ({ path: '/desk/pause', body: { reason: 'Mola' } }),
    // The müdür has no queue line to pause.
    ok: (who) => (who === 'supervisor' ? 409 : 200),
  },
  'POST /api/v1/desk/unpause': {
    allow: DESK,
    req: () => ({ path: '/desk/unpause' }),
    ok: (who) => (who === 'supervisor' ? 409 : 200),
  },
  'POST /api/v1/desk/pops/:popId/citizen': {
    allow: DESK,
    owned: true,
    req: async (who, whose) => ({
      path: `/desk/pops/${encodeURIComponent((await f.storedCall(whose === 'own' ? callerOf(who) : 'agent2')).popId)}/citizen`,
      body: { citizenId: f.hatice },
    }),
    ok: mine(200),
  },
  'POST /api/v1/desk/pops/:popId/tickets': {
    allow: DESK,
    owned: true,
    req: async (who, whose) => ({
      path: `/desk/pops/${encodeURIComponent((await f.storedCall(whose === 'own' ? callerOf(who) : 'agent2')).popId)}/tickets`,
      body: { type: 'ISTEK', subject: 'Çukur', description: 'Okul önü' },
    }),
    ok: mine(201),
  },
  'POST /api/v1/desk/pops/:popId/wrap-up': {
    allow: DESK,
    owned: true,
    req: async (who, whose) => ({
      path: `/desk/pops/${encodeURIComponent((await f.storedCall(whose === 'own' ? callerOf(who) : 'agent2')).popId)}/wrap-up`,
      body: { wrapUpCodeId: f.wrapUpCodeId },
    }),
    ok: mine(200),
  },
  'GET /api/v1/desk/uncoded-calls': { allow: DESK, req: () => ({ path: '/desk/uncoded-calls' }), ok: 200 },
  'POST /api/v1/desk/pops/:popId/dismiss': {
    allow: DESK,
    owned: true,
    // Only a pop on one's own screen is ever removed; a stored call is on nobody's screen: nothing to do.
    req: async (who, whose) => ({
      path: `/desk/pops/${encodeURIComponent((await f.storedCall(whose === 'own' ? callerOf(who) : 'agent2')).popId)}/dismiss`,
    }),
    ok: 204,
  },
  'POST /api/v1/desk/originate': {
    allow: DIRECTORATE,
    req: async () => ({
      path: '/desk/originate',
      body: { target: { kind: 'callback', callbackId: await f.callback(null) } },
    }),
    // Click-to-call rings the caller's own extension first: the admin has none.
    ok: (who) => (who === 'admin' ? 409 : 202),
  },
  'POST /api/v1/supervision/spy': {
    allow: ['supervisor'],
    // Agent2 is not on a call: the müdür passes the guard and meets the service's rule.
    req: () => ({ path: '/supervision/spy', body: { interface: 'Local/1002@agents/n', mode: 'listen' } }),
    ok: 409,
  },
  'GET /api/v1/supervision/spy': {
    allow: ['supervisor'],
    req: () => ({ path: '/supervision/spy' }),
    ok: 200,
  },
  'POST /api/v1/supervision/spy/:id/stop': {
    allow: ['supervisor'],
    req: () => ({ path: '/supervision/spy/00000000-0000-4000-8000-000000000000/stop' }),
    ok: 404,
  },
  'GET /api/v1/supervision/settings': {
    allow: SUPERVISION,
    req: () => ({ path: '/supervision/settings' }),
    ok: 200,
  },
  'PUT /api/v1/supervision/settings': {
    allow: ADMIN,
    req: () => ({ path: '/supervision/settings', body: {} }),
    ok: 400,
  },
  'GET /api/v1/switchboard': { allow: SANTRAL, req: () => ({ path: '/switchboard' }), ok: 200 },
  'POST /api/v1/switchboard/transfers': {
    allow: SANTRAL,
    owned: true,
    // Own: a caller waiting on the switchboard; another's: a call-centre agent's call.
    req: async (who, whose) => ({
      path: '/switchboard/transfers',
      body: {
        call: !santral(who)
          ? 'demo/1.1'
          : whose === 'own'
            ? await f.waitingSwitchboardCall()
            : await otherCall(),
        extensionId: f.extensionId('2002'),
        kind: 'blind',
      },
    }),
    ok: mine(200),
  },
  'POST /api/v1/switchboard/transfers/:id/complete': {
    allow: SANTRAL,
    owned: true,
    req: async (who, whose) => ({ path: `/switchboard/transfers/${await consultFor(who, whose)}/complete` }),
    // The unit never answers here: a consult not answered cannot be completed (409) — by the right person.
    ok: starterOnly(409),
  },
  'POST /api/v1/switchboard/transfers/:id/return': {
    allow: SANTRAL,
    owned: true,
    req: async (who, whose) => ({ path: `/switchboard/transfers/${await consultFor(who, whose)}/return` }),
    ok: starterOnly(200),
  },
  'POST /api/v1/switchboard/alerts/:id/dismiss': {
    allow: SANTRAL,
    owned: true,
    req: async (who, whose) => ({
      path: `/switchboard/alerts/${santral(who) ? await f.alert(operatorOf(whose)) : 999999}/dismiss`,
    }),
    ok: starterOnly(204),
  },
  'GET /api/v1/directory': {
    allow: ['operator', 'supervisor', 'admin'],
    req: () => ({ path: '/directory' }),
    ok: 200,
  },
  'PUT /api/v1/directory/favourites/:id': {
    allow: SANTRAL,
    req: () => ({ path: `/directory/favourites/${f.extensionId('2001')}` }),
    ok: 204,
  },
  'DELETE /api/v1/directory/favourites/:id': {
    allow: SANTRAL,
    req: () => ({ path: `/directory/favourites/${f.extensionId('2001')}` }),
    ok: 204,
  },
  'PUT /api/v1/directory/extensions/:id/presence': {
    allow: ['operator', 'supervisor', 'admin'],
    req: () => ({ path: `/directory/extensions/${f.extensionId('2001')}/presence`, body: { note: null } }),
    ok: 204,
  },
  'GET /api/v1/directory/admin': { allow: ADMIN, req: () => ({ path: '/directory/admin' }), ok: 200 },
  'POST /api/v1/directory/units': {
    allow: ADMIN,
    req: () => ({ path: '/directory/units', body: {} }),
    ok: 400,
  },
  'PATCH /api/v1/directory/units/:id': {
    allow: ADMIN,
    req: () => ({ path: `/directory/units/${f.units.fen}`, body: { name: '' } }),
    ok: 400,
  },
  'POST /api/v1/directory/extensions': {
    allow: ADMIN,
    req: () => ({ path: '/directory/extensions', body: {} }),
    ok: 400,
  },
  'PATCH /api/v1/directory/extensions/:id': {
    allow: ADMIN,
    req: () => ({ path: `/directory/extensions/${f.extensionId('2001')}`, body: { number: 'x' } }),
    ok: 400,
  },
  'PATCH /api/v1/directory/queues/:id': {
    allow: ADMIN,
    req: () => ({ path: '/directory/queues/1', body: {} }),
    ok: 400,
  },
  'GET /api/v1/reports': { allow: SUPERVISION, req: () => ({ path: '/reports' }), ok: 200 },
  'GET /api/v1/reports/:name.csv': {
    allow: SUPERVISION,
    req: () => ({ path: '/reports/kuyruklar.csv' }),
    ok: 200,
  },
  'GET /metrics': { allow: ADMIN, req: () => ({ path: '/metrics' }), ok: 200 },
}

/** A call-centre call: a refusal leaves it where it is, so one serves every request. */
let callCentre: Promise<string> | undefined
const otherCall = () => (callCentre ??= f.callCentreCall())
/** A role the guard lets in gets a real consult to act on; the others are refused before any lookup. */
const consultFor = async (who: Who, whose: Whose) =>
  santral(who) ? (await f.consult(operatorOf(whose))).transferId : 999999

function methodAndPath(key: string): [string, string] {
  const space = key.indexOf(' ')
  return [key.slice(0, space), key.slice(space + 1)]
}

async function send(key: string, row: Row, who: Who, whose: Whose) {
  const [method] = methodAndPath(key)
  const req = await row.req(who, whose)
  let session: Session | null = null
  if (who !== 'anonymous') session = req.fresh === true ? await f.freshSession(ME[who]) : f.session(ME[who])
  const prefix = key.includes(' /metrics') ? '' : '/api/v1'
  const res = await fetch(`${f.live.pano.url}${prefix}${req.path}`, {
    method,
    headers: {
      ...(session === null ? {} : { cookie: session.cookie, 'x-csrf-token': session.csrfToken }),
      ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  })
  return { status: res.status, text: (await res.text()).slice(0, 200) }
}

function expected(row: Row, who: Who, whose: Whose): number {
  const allowed = row.allow === 'public' || (who !== 'anonymous' && row.allow.includes(who))
  if (!allowed) return who === 'anonymous' ? 401 : 403
  return typeof row.ok === 'number' ? row.ok : row.ok(who, whose)
}

beforeAll(async () => {
  f = await createFixtures()
}, 120_000)
afterAll(async () => {
  await f?.close()
})

describe('the access table', () => {
  it('has exactly one row for every HTTP route the app registers', () => {
    const routes = listRoutes(f.live.pano.app).map((r) => `${r.method} ${r.path}`)
    expect(
      routes.filter((r) => !(r in TABLE)),
      'routes missing from the table',
    ).toEqual([])
    expect(
      Object.keys(TABLE).filter((k) => !routes.includes(k)),
      'rows for no route',
    ).toEqual([])
  })

  it('gives every role, on its own and on others’ targets, the status the table says', async () => {
    const wrong: string[] = []
    for (const [key, row] of Object.entries(TABLE)) {
      for (const who of ['anonymous', ...ROLES] as const) {
        for (const whose of row.owned === true ? (['own', 'other'] as const) : (['own'] as const)) {
          const want = expected(row, who, whose)
          const got = await send(key, row, who, whose)
          if (got.status !== want)
            wrong.push(`${key} as ${who} (${whose}): want ${want}, got ${got.status} ${got.text}`)
        }
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

/** Socket events × role: `ok`, `forbidden` (an ack refusing it), and anonymous never connects. */
const SOCKET_TABLE: Record<string, { args: unknown[]; allow: readonly Role[] }> = {
  'session:identify': { args: [], allow: EVERYONE },
  'view:subscribe wallboard': { args: [{ view: 'wallboard' }], allow: SUPERVISION },
  'view:subscribe agents': { args: [{ view: 'agents' }], allow: SUPERVISION },
  'view:subscribe calls': { args: [{ view: 'calls' }], allow: SUPERVISION },
  'view:unsubscribe': { args: [{ view: 'calls' }], allow: EVERYONE },
  'switchboard:sync': { args: [], allow: SANTRAL },
  'desk:sync': { args: [], allow: DESK },
  'unit:sync': { args: [], allow: ['unit'] },
  'units:overdue': { args: [], allow: SUPERVISION },
  'queue-alerts:open': { args: [], allow: SUPERVISION },
}

describe('the socket table', () => {
  const sockets: TestSocket[] = []
  afterAll(() => {
    for (const s of sockets) s.disconnect()
  })

  it('has a row for every event the server handles', async () => {
    const handled = new Set<string>()
    for (const role of ROLES) {
      await openTestSocket(f.live.pano.url, { cookie: f.session(ME[role]).cookie }, sockets)
    }
    for (const socket of f.live.pano.realtime.io.of('/').sockets.values())
      for (const name of socket.eventNames()) if (typeof name === 'string') handled.add(name)
    for (const reserved of ['disconnect', 'disconnecting', 'error']) handled.delete(reserved)
    const events = new Set(Object.keys(SOCKET_TABLE).map((k) => k.split(' ')[0]))
    expect([...handled].filter((e) => !events.has(e))).toEqual([])
    expect([...events].filter((e) => !handled.has(e as string))).toEqual([])
  })

  it('answers every event for every role as the table says, and lets no anonymous socket in', async () => {
    const wrong: string[] = []
    for (const role of ROLES) {
      const socket = await openTestSocket(f.live.pano.url, { cookie: f.session(ME[role]).cookie }, sockets)
      for (const [key, row] of Object.entries(SOCKET_TABLE)) {
        const event = key.split(' ')[0] as string
        const answer = (await (socket.emitWithAck as (e: string, ...a: unknown[]) => Promise<unknown>)(
          event,
          ...row.args,
        )) as { ok: boolean; error?: { code: string } }
        const want = row.allow.includes(role) ? 'ok' : 'forbidden'
        const got = answer.ok ? 'ok' : (answer.error?.code ?? '?')
        if (got !== want) wrong.push(`${key} as ${role}: want ${want}, got ${got}`)
      }
    }
    expect(wrong).toEqual([])
    await expect(openTestSocket(f.live.pano.url, {}, sockets)).rejects.toThrow(/Oturum açmanız gerekiyor/)
  })
})

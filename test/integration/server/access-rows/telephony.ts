/**
 * Calls: queues, agents, recordings, the kiosk boards, the agent's desk, listening in, the switchboard and
 * the directory: the rows of the access table (test/integration/server/access-table.test.ts), with the
 * caller's own calls and consults and a colleague's.
 */
import { ME, type Fixtures, type Operator } from '../access-fixtures.ts'
import {
  DIRECTORATE,
  SUPERVISION,
  DESK,
  SANTRAL,
  ADMIN,
  RECORDING,
  starterOnly,
  mine,
  type Rows,
  type Who,
  type Whose,
} from './row.ts'

/** Numbers the TV links the table creates, as each needs a name of its own. */
let kioskLabels = 0

export function telephonyRows(f: Fixtures): Rows {
  /** The operator whose consult it is: the caller's own (santral1 plays `operator`) or a colleague's. */
  const operatorOf = (whose: Whose): Operator => (whose === 'own' ? 'santral1' : 'santral2')
  const santral = (who: Who) => who === 'operator' || who === 'supervisor'
  const callerOf = (who: Who) => (who === 'anonymous' ? 'agent4' : ME[who])
  /** A call-centre call: a refusal leaves it where it is, so one serves every request. */
  let callCentre: Promise<string> | undefined
  const otherCall = () => (callCentre ??= f.callCentreCall())
  /** A role the guard lets in gets a real consult to act on; the others are refused before any lookup. */
  const consultFor = async (who: Who, whose: Whose) =>
    santral(who) ? (await f.consult(operatorOf(whose))).transferId : 999999
  return {
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
      // A name of its own each time: a second active link of the same name is refused.
      req: () => ({ path: '/kiosk-tokens', body: { label: `Koridor ${++kioskLabels}`, boards: ['queues'] } }),
      ok: 201,
    },
    'DELETE /api/v1/kiosk-tokens/:id': {
      allow: SUPERVISION,
      req: async () => ({ path: `/kiosk-tokens/${await f.kioskToken()}` }),
      ok: 200,
    },
    'GET /api/v1/pause-reasons': { allow: SUPERVISION, req: () => ({ path: '/pause-reasons' }), ok: 200 },
    'GET /api/v1/queue-thresholds': {
      allow: SUPERVISION,
      req: () => ({ path: '/queue-thresholds' }),
      ok: 200,
    },
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
    'GET /api/v1/desk/scheduled-callbacks': {
      allow: DESK,
      req: () => ({ path: '/desk/scheduled-callbacks' }),
      ok: 200,
    },
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
      req: async (who, whose) => ({
        path: `/switchboard/transfers/${await consultFor(who, whose)}/complete`,
      }),
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
  }
}
